package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.sgd4j.io.Json;
import org.sgd4j.io.SafeTensors;
import org.sgd4j.tensor.Tensor;
import picocli.CommandLine;

/** {@code sgd4j train --workers M} and {@code --spark-master}: the same training, locally and on Spark. */
class TrainWorkersCommandTest {
  @TempDir Path dir;

  TrainCommandTest.Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new TrainCommandTest.Run(exit, out.toString(), err.toString());
  }

  /** 200 separable examples, 2 epochs, logistic regression, lr 0.1, into {@code dir/out}. */
  TrainCommandTest.Run small(String out, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--dataset", "synthetic:separable", "--model", "logistic",
        "--train-limit", "200", "--test-limit", "100", "--epochs", "2", "--lr", "0.1", "--quiet",
        "--out", dir.resolve(out).toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  double worstRelativeError(String a, String b) throws IOException {
    Map<String, Tensor> x = SafeTensors.read(dir.resolve(a).resolve("model.safetensors")).tensors();
    Map<String, Tensor> y = SafeTensors.read(dir.resolve(b).resolve("model.safetensors")).tensors();
    assertThat(x.keySet()).isEqualTo(y.keySet());
    double worst = 0;
    for (String k : x.keySet()) {
      float[] u = x.get(k).toArray();
      float[] v = y.get(k).toArray();
      for (int i = 0; i < u.length; i++) {
        worst = Math.max(worst, Math.abs(u[i] - v[i]) / Math.max(1, Math.abs(v[i])));
      }
    }
    return worst;
  }

  @Test
  void twoWorkersOfBatch4TrainLikeOneOfBatch8() throws IOException {
    assertThat(small("two", "--workers", "2", "--batch-size", "4").exit()).isZero();
    assertThat(small("one", "--batch-size", "8").exit()).isZero();
    assertThat(small("other", "--batch-size", "4").exit()).isZero();
    assertThat(worstRelativeError("two", "one")).isLessThan(1e-5);
    assertThat(worstRelativeError("two", "other")).as("a different batch size trains differently").isGreaterThan(1e-3);
  }

  @Test
  void sparkMasterRunsTheSameTrainingOnSparkAndWritesWhatTheLocalPathWrites() throws IOException {
    TrainCommandTest.Run l = small("local", "--workers", "2", "--batch-size", "8", "--json", "--log-every", "5");
    assertThat(l.exit()).as(l.err()).isZero();
    TrainCommandTest.Run r = small("spark", "--workers", "2", "--batch-size", "8", "--spark-master", "local[2]", "--json",
        "--log-every", "5");
    assertThat(r.exit()).as(r.err()).isZero();
    Map<?, ?> m = TrainCommandTest.json(r.out());
    Map<?, ?> localSummary = TrainCommandTest.json(l.out());
    assertThat(new java.util.HashSet<Object>(m.keySet())).as("the local run's --json keys").containsAll(localSummary.keySet());
    assertThat(m.get("backend")).isEqualTo("spark");
    assertThat(m.get("epochs")).isEqualTo(2L);
    assertThat(Json.asDouble(m.get("train_loss"))).isCloseTo(Json.asDouble(localSummary.get("train_loss")),
        org.assertj.core.data.Offset.offset(1e-4));
    assertThat(Json.asDouble(m.get("samples_per_second"))).isPositive();
    for (String file : List.of("metrics.csv", "metrics.json", "trace.csv", "loss.png", "loss.svg", "report.html")) {
      assertThat(dir.resolve("spark").resolve(file)).as(file).isNotEmptyFile();
    }
    List<String> csv = Files.readAllLines(dir.resolve("spark/metrics.csv"));
    assertThat(csv).hasSize(3).first().isEqualTo(Files.readAllLines(dir.resolve("local/metrics.csv")).get(0));
    assertThat(csv.get(2)).startsWith("2,400,"); // epoch 2, 400 examples seen
    assertThat(Files.readAllLines(dir.resolve("spark/trace.csv")))
        .as("a point every step, as the local run's").hasSameSizeAs(Files.readAllLines(dir.resolve("local/trace.csv")));
    assertThat(m.get("steps")).isEqualTo(26L); // 200 examples, global batch 16: 13 steps an epoch
    assertThat(Json.asDouble(m.get("test_accuracy"))).isGreaterThan(0.8);
    assertThat(worstRelativeError("spark", "local")).isLessThan(1e-5);
    try (var files = Files.list(dir.resolve("spark/spark-checkpoint"))) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("step-000000000013.ckpt", "step-000000000026.ckpt");
    }
  }

  @Test
  void badWorkerSettingsAreOneLineErrors() {
    TrainCommandTest.assertOneLineError(run("train", "--workers", "0"), 1, "--workers must be a positive integer, got 0");
    TrainCommandTest.assertOneLineError(small("r", "--spark-master", "local[2]", "--resume", dir.toString()), 1,
        "--resume does not apply to --spark-master");
    TrainCommandTest.assertOneLineError(small("m", "--spark-master", "local[x]"), 1,
        "Spark (local[x]) failed: ", "Could not parse Master URL");
    TrainCommandTest.assertOneLineError(small("c", "--spark-master", "spark://127.0.0.1:1"), 1,
        "--spark-master spark://127.0.0.1:1: sgd4j's classes were loaded from");
  }

  @Test
  void aRestartedSparkDriverKeepsTheHistoryOfTheStepsBefore() throws IOException {
    assertThat(small("whole", "--workers", "2", "--batch-size", "8", "--spark-master", "local[2]").exit()).isZero();
    // The first run stops after epoch 1 (its --epochs 1); the rerun with --epochs 2 resumes from its checkpoint.
    assertThat(small("split", "--workers", "2", "--batch-size", "8", "--spark-master", "local[2]", "--epochs", "1")
        .exit()).isZero();
    TrainCommandTest.Run r = small("split", "--workers", "2", "--batch-size", "8", "--spark-master", "local[2]",
        "--epochs", "2", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(TrainCommandTest.json(r.out()).get("steps")).isEqualTo(26L);
    assertThat(worstRelativeError("split", "whole")).as("bit-identical").isZero();
    List<String> whole = Files.readAllLines(dir.resolve("whole/metrics.csv"));
    List<String> split = Files.readAllLines(dir.resolve("split/metrics.csv"));
    assertThat(split).hasSize(3);
    for (int i = 1; i < 3; i++) { // the same losses; the seconds differ
      String[] a = whole.get(i).split(",", -1);
      String[] b = split.get(i).split(",", -1);
      assertThat(List.of(b[0], b[1], b[3], b[4], b[5], b[6])).isEqualTo(List.of(a[0], a[1], a[3], a[4], a[5], a[6]));
    }
  }
}
