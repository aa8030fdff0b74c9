package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgd4j.cli.TrainCommandTest.assertOneLineError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgd4j.io.Json;
import org.sgd4j.tensor.Rng;

/** {@code sgd4j train --model SPEC} and {@code --loss}: what trains, what is refused, and what the run records. */
class ModelsAndLossesTest {
  @TempDir Path dir;

  TrainCommandTest.Run run(String... args) {
    return new TrainCommandTest().run(args); // in-process through picocli, stdout and stderr captured
  }

  /** One epoch on synthetic data (20 features): {@code separable} has ±1 labels, {@code linear} real targets. */
  TrainCommandTest.Run small(String data, String out, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--dataset", "synthetic:" + data, "--train-limit", "64",
        "--test-limit", "32", "--epochs", "1", "--batch-size", "8", "--lr", "0.05", "--out", dir.resolve(out).toString(),
        "--json"));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  void aLayerSpecTrainsWithItsInputSizeInferred() throws Exception {
    TrainCommandTest.Run r = small("separable", "spec", "--model", "flatten linear(8) relu linear(2)");
    assertThat(r.exit()).as(r.err()).isZero();
    // 20·8 + 8 + 8·2 + 2
    assertThat(r.err()).contains("model flatten linear(8) relu linear(2) (186 parameters)");
    Map<?, ?> metrics = (Map<?, ?>) Json.parse(Files.readString(dir.resolve("spec/metrics.json")));
    Map<?, ?> config = (Map<?, ?>) metrics.get("config");
    assertThat(config.get("model")).isEqualTo("flatten linear(8) relu linear(2)");
    assertThat(config.get("loss")).isEqualTo("cross-entropy");
  }

  @Test
  void badSpecsAndMisfitsAreOneLineErrors() {
    assertOneLineError(small("separable", "a", "--model", "flatten linear(8) relu linear(2"), 1,
        "--model: column 32: expected ',' or ')' after an argument of linear, found the end of the spec;"
            + " the form is linear(out_features[, bias])");
    assertOneLineError(small("separable", "b", "--model", "flatten linear(1)"), 1,
        "--model gives outputs of shape [1] per example, but the dataset has 2 classes: end the spec with linear(2)");
    assertOneLineError(small("linear", "c", "--model", "flatten linear(3)"), 1,
        "gives outputs of shape [3] per example, but the loss needs one number per example: end the spec with"
            + " linear(1)");
    assertOneLineError(small("separable", "d", "--model", "cifar-net"), 1,
        "model cifar-net is the notes' CIFAR-10 network for images of shape [3, 32, 32], but the dataset's inputs"
            + " have shape [20]");
    assertOneLineError(small("separable", "e", "--model", "flatten linear(2000000) relu linear(2000000)"), 1,
        "parameters, too many for this JVM's memory");
    assertOneLineError(run("train", "--model", "relu lineer(3)"), 1, "--model: column 6: unknown layer 'lineer'");
  }

  @Test
  void cifarNetIsTheNotesNetwork() {
    var net = Models.create("cifar-net", new int[] {3, 32, 32}, 10, false, new Rng(0));
    assertThat(net.parameterCount()).isEqualTo(62_006);
    assertThat(net.namedParameters().keySet()).containsExactly("0.weight", "0.bias", "3.weight", "3.bias",
        "7.weight", "7.bias", "9.weight", "9.bias", "11.weight", "11.bias");
  }

  @Test
  void everyLossTrains() throws Exception {
    String[][] cases = {
        {"separable", "cross-entropy", "--label-smoothing", "0.1"},
        {"separable", "nll", "--model", "flatten linear(2) logsoftmax"},
        {"separable", "bce-with-logits", "--model", "logistic"},
        {"linear", "mse"},
        {"linear", "l1"},
        {"linear", "huber", "--huber-delta", "0.5"},
        {"linear", "smooth-l1", "--smooth-l1-beta", "0.5"},
    };
    for (String[] c : cases) {
      List<String> extra = new ArrayList<>(List.of("--loss", c[1]));
      extra.addAll(List.of(c).subList(2, c.length));
      if (!extra.contains("--model")) {
        extra.addAll(List.of("--model", c[0].equals("linear") ? "linear" : "logistic"));
      }
      TrainCommandTest.Run r = small(c[0], c[1], extra.toArray(String[]::new));
      assertThat(r.exit()).as(c[1] + ": " + r.err()).isZero();
      Map<?, ?> m = (Map<?, ?>) Json.parse(r.out());
      assertThat(Json.asDouble(m.get("train_loss"))).as(c[1]).isFinite().isPositive();
      Map<?, ?> config = (Map<?, ?>) ((Map<?, ?>) Json.parse(Files.readString(dir.resolve(c[1] + "/metrics.json"))))
          .get("config");
      assertThat(config.get("loss")).isEqualTo(c[1]);
    }
  }

  @Test
  void lossesRefuseWhatTheyCannotUse() {
    assertOneLineError(small("linear", "a", "--loss", "cross-entropy"), 1,
        "--loss cross-entropy needs class labels, but the dataset's targets are real numbers");
    assertOneLineError(small("linear", "b", "--loss", "bce-with-logits"), 1,
        "--loss bce-with-logits needs two classes (labels 0/1 or -1/+1), but the dataset has real-number targets");
    assertOneLineError(run("train", "--loss", "hinge"), 1, "unknown loss 'hinge'; known: cross-entropy, nll");
    assertOneLineError(run("train", "--loss", "mse", "--label-smoothing", "0.1"), 1,
        "--label-smoothing is an option of --loss cross-entropy, not of mse");
    assertOneLineError(run("train", "--label-smoothing", "2", "--loss", "cross-entropy"), 1,
        "--label-smoothing must be between 0 and 1, got 2.0");
  }

  @Test
  void nllWithoutLogSoftmaxIsWarnedAbout() {
    TrainCommandTest.Run r = small("separable", "n", "--loss", "nll", "--model", "logistic");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("warning: --loss nll expects log-probabilities, but the model does not end with"
        + " logsoftmax");
  }
}
