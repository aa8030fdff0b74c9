package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgd4j.data.DatasetRegistry;
import org.sgd4j.io.Json;
import org.sgd4j.io.JsonException;
import org.sgd4j.io.SafeTensors;
import picocli.CommandLine;

/** {@code sgd4j train} run in-process through picocli, as the launcher runs it. */
class TrainCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** A small training run on synthetic linearly separable data (1000 / 1000 examples, 20 features, ±1 labels). */
  Run small(String out, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--dataset", "synthetic:separable", "--model", "logistic",
        "--train-limit", "200", "--test-limit", "100", "--epochs", "2", "--batch-size", "8", "--lr", "0.1",
        "--out", dir.resolve(out).toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  static void assertOneLineError(Run r, int exit, String... fragments) {
    assertThat(r.exit()).isEqualTo(exit);
    assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("\tat ").contains(fragments);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownNamesAreOneLineErrors() {
    assertOneLineError(run("train", "--dataset", "nope", "--out", dir.toString()), 1,
        "sgd4j train: unknown dataset 'nope'; known: fashion-mnist");
    assertOneLineError(run("train", "--optimizer", "sgdx"), 1, "unknown optimizer 'sgdx'; known: sgd, adam");
    assertOneLineError(run("train", "--model", "resnet"), 1, "unknown model 'resnet'; known: mlp, lenet");
    assertOneLineError(run("train", "--optimizer", "adam", "--momentum", "0.9"), 1,
        "--momentum is not an option of adam (its options: --amsgrad, --beta1");
  }

  @Test
  void invalidNumbersAreOneLineErrors() {
    assertOneLineError(run("train", "--lr", "abc"), 2, "Invalid value for option '--lr': 'abc' is not a double");
    assertOneLineError(run("train", "--lr", "-0.1"), 1, "Invalid learning rate: -0.1");
    assertOneLineError(run("train", "--batch-size", "0"), 1, "--batch-size must be a positive integer, got 0");
    assertOneLineError(run("train", "--epochs", "-3"), 1, "--epochs must be a positive integer, got -3");
    assertOneLineError(run("train", "--bogus"), 2, "Unknown option: '--bogus'");
  }

  @Test
  void missingDataAndUnwritableOutputAreOneLineErrors() throws IOException {
    assertOneLineError(run("train", "--dataset", "csv:" + dir.resolve("missing.csv"), "--out", dir.toString()), 1,
        "no such file: " + dir.resolve("missing.csv"));
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertOneLineError(run("train", "--out", file.resolve("sub").toString()), 1,
        "cannot create the output directory " + file.resolve("sub"));
  }

  @Test
  void verboseShowsTheStackTrace() {
    Run r = run("train", "--dataset", "nope", "--out", dir.toString(), "--verbose");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("unknown dataset 'nope'").contains("\tat org.sgd4j.");
  }

  static Map<?, ?> json(String text) {
    try {
      return (Map<?, ?>) Json.parse(text.strip());
    } catch (JsonException e) {
      throw new AssertionError("not one JSON object: " + text, e);
    }
  }

  @Test
  void jsonPrintsOneObjectOnStdoutAndTheFilesAreWritten() throws IOException {
    Run r = small("a", "--json", "--log-every", "10");
    assertThat(r.exit()).as(r.err()).isZero();
    Map<?, ?> m = json(r.out());
    assertThat(new ArrayList<Object>(m.keySet())).containsExactly("status", "epochs", "steps", "train_loss", "test_loss", "test_accuracy",
        "seconds", "samples_per_second");
    assertThat(m.get("status")).isEqualTo("completed");
    assertThat(m.get("epochs")).isEqualTo(2L);
    assertThat(m.get("steps")).isEqualTo(50L);
    assertThat(Json.asDouble(m.get("test_accuracy"))).isGreaterThan(0.8); // separable data, lr 0.1
    assertThat(r.err()).contains("Epoch 1\n-------------------------------\nloss: ");
    Path out = dir.resolve("a");
    assertThat(Files.readAllLines(out.resolve("metrics.csv"))).hasSize(3);
    assertThat(json(Files.readString(out.resolve("metrics.json"))).get("status")).isEqualTo("completed");
    assertThat(SafeTensors.read(out.resolve("model.safetensors")).tensors()).containsOnlyKeys("1.weight", "1.bias");
    assertThat(out.resolve("checkpoint/checkpoint.json")).exists();
    // every step's loss, whatever --log-every says (it paces the printed log only)
    assertThat(Files.readAllLines(out.resolve("trace.csv"))).hasSize(1 + 50).contains("samples,train_loss");
    assertThat(out.resolve("loss.png")).isNotEmptyFile();
    assertThat(Files.readString(out.resolve("loss.svg"))).contains("<svg");
    assertThat(Files.readString(out.resolve("report.html"))).contains("<title>Optimizer-SGD lr-0.1 mt-0.5 bs-8</title>");
  }

  @Test
  void quietPrintsNothing() {
    Run r = small("q", "--quiet");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void resumingEndsWithTheSameWeightsAsOneRun() throws IOException {
    assertThat(small("whole").exit()).isZero();
    assertThat(small("first", "--epochs", "1").exit()).isZero();
    Run rest = small("rest", "--resume", dir.resolve("first/checkpoint").toString());
    assertThat(rest.exit()).as(rest.err()).isZero();
    assertThat(rest.err()).contains("resuming at step 25");
    assertThat(Files.readAllBytes(dir.resolve("rest/model.safetensors")))
        .isEqualTo(Files.readAllBytes(dir.resolve("whole/model.safetensors")));
  }

  @Test
  void initLoadsWeightsByName() throws IOException {
    assertThat(small("a").exit()).isZero();
    Path weights = dir.resolve("a/model.safetensors");
    // lr 0: the weights stay those loaded
    Run r = small("b", "--init", weights.toString(), "--lr", "0", "--epochs", "1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("b/model.safetensors"))).isEqualTo(Files.readAllBytes(weights));
    assertOneLineError(small("c", "--init", weights.toString(), "--model", "mlp"), 1,
        "does not fit model mlp: Error(s) in loading state_dict for Sequential: size mismatch for 1.weight:"
            + " copying a param with shape [2, 20], the shape in current model is [512, 20]; size mismatch for 1.bias");
    Path other = dir.resolve("other.safetensors");
    SafeTensors.write(other, Map.of("fc.weight", org.sgd4j.tensor.Tensor.zeros(2, 20)));
    assertOneLineError(small("d", "--init", other.toString()), 1,
        "has no tensor named like a parameter of model logistic (it has [fc.weight], the model has [1.weight, 1.bias])");
  }

  @Test
  void aDivergingRunStopsWithStatusDivergedAndKeepsItsHistory() throws IOException {
    Run r = run("train", "--dataset", "synthetic:linear", "--model", "linear", "--lr", "1e10", "--epochs", "3",
        "--out", dir.resolve("d").toString(), "--json");
    assertThat(r.exit()).isEqualTo(Main.EXIT_DIVERGED);
    assertThat(json(r.out()).get("status")).isEqualTo("diverged");
    assertThat(r.err()).containsPattern("diverged: loss is (NaN|\\+Infinity) at step \\d+ \\(epoch 1, batch \\d+\\)"
        + " with lr=1.0E10");
    assertThat(Files.readAllLines(dir.resolve("d/metrics.csv"))).hasSize(2);
    assertThat(json(Files.readString(dir.resolve("d/metrics.json"))).get("status")).isEqualTo("diverged");
  }

  @Test
  void lrSchedulesApplyAndBadOnesAreOneLineErrors() throws IOException {
    Run r = small("s", "--lr-schedule", "step:1:0.5", "--epochs", "3");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> csv = Files.readAllLines(dir.resolve("s/metrics.csv"));
    // the lr column: the lr in force during epochs 1, 2, 3, halved after each epoch
    assertThat(csv.subList(1, 4)).extracting(l -> l.substring(l.lastIndexOf(',') + 1))
        .containsExactly("0.1", "0.05", "0.025");
    assertOneLineError(small("t", "--lr-schedule", "warp:9"), 1, "unknown --lr-schedule 'warp:9'; known: step:SIZE");
    assertOneLineError(small("u", "--lr-schedule", "step:x:0.5"), 1, "invalid number in --lr-schedule 'step:x:0.5'");
    assertOneLineError(small("v", "--lr-schedule", "exp"), 1, "--lr-schedule 'exp' has 0 value(s)");
  }

  @Test
  void earlyStoppingEndsARunThatNoLongerImproves() throws IOException {
    // lr 0: the test loss never improves after epoch 1, so patience 2 stops after epoch 3
    Run r = small("e", "--lr", "0", "--epochs", "10", "--early-stopping", "2", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(json(r.out()).get("status")).isEqualTo("stopped");
    assertThat(Files.readAllLines(dir.resolve("e/metrics.csv"))).hasSize(4);
    assertOneLineError(run("train", "--early-stopping", "0"), 1, "--early-stopping must be a positive integer, got 0");
  }

  @Test
  void lenetNeedsImages() {
    assertOneLineError(small("l", "--model", "lenet"), 1,
        "model lenet on inputs of shape [20]: column 1: layer conv2d(out_channels=6, kernel_size=5, padding=2): needs"
            + " inputs of shape (C, H, W), but gets (20) here");
  }

  @Test
  void titleFollowsTheNotes() {
    TrainCommand c = new TrainCommand();
    c.optimizer = "sgd";
    c.batchSize = 16;
    assertThat(c.title()).isEqualTo("Optimizer-SGD lr-0.001 mt-0.5 bs-16");
    c.optimizer = "adagrad"; // the title shows the lr Adagrad uses, PyTorch's default 0.01
    assertThat(c.title()).isEqualTo("Optimizer-ADAGRAD lr-0.01 bs-16");
    c.optimizer = "rmsprop";
    c.momentum = 0.9;
    assertThat(c.title()).isEqualTo("Optimizer-RMSPROP lr-0.01 mt-0.9 bs-16");
  }

  @Test
  void trainsOnASliceOfRealFashionMnist() throws IOException {
    try {
      DatasetRegistry.standard().withDownload(false).locate("fashion-mnist");
    } catch (IOException notFound) {
      assumeTrue(false, "Fashion-MNIST not found (set SGD4J_DATA or run below shared/datasets): skipping");
    }
    Run r = run("train", "--no-download", "--train-limit", "512", "--test-limit", "256", "--epochs", "1", "--out",
        dir.resolve("fm").toString(), "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    Map<?, ?> m = json(r.out());
    assertThat(m.get("steps")).isEqualTo(32L);
    // 32 steps of SGD lr 1e-3 from the PyTorch initialisation: the loss is still near ln 10 = 2.303
    assertThat(Json.asDouble(m.get("train_loss"))).isBetween(2.0, 2.4);
    assertThat(r.err()).contains("loss: ").contains("[   16/  512]").contains("Test Error: \n Accuracy: ");

    Run lenet = run("train", "--no-download", "--model", "lenet", "--train-limit", "64", "--test-limit", "32",
        "--epochs", "1", "--lr", "0.01", "--out", dir.resolve("lenet").toString(), "--json");
    assertThat(lenet.exit()).as(lenet.err()).isZero();
    assertThat(json(lenet.out()).get("steps")).isEqualTo(4L);
    assertThat(lenet.err()).contains("model lenet (61706 parameters)"); // as torch: LeNet-5 with padding 2, 10 classes
  }
}
