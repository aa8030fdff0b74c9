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
  void sparkMasterRunsTheSameTrainingOnSpark() throws IOException {
    assertThat(small("local", "--workers", "2", "--batch-size", "8").exit()).isZero();
    TrainCommandTest.Run r = small("spark", "--workers", "2", "--batch-size", "8", "--spark-master", "local[2]", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    Map<?, ?> m = TrainCommandTest.json(r.out());
    assertThat(m.get("backend")).isEqualTo("spark");
    assertThat(m.get("steps")).isEqualTo(26L); // 200 examples, global batch 16: 13 steps an epoch
    assertThat(Json.asDouble(m.get("test_accuracy"))).isGreaterThan(0.8);
    assertThat(worstRelativeError("spark", "local")).isLessThan(1e-5);
    try (var files = Files.list(dir.resolve("spark/spark-checkpoint"))) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("step-000000000013.ckpt", "step-000000000026.ckpt");
    }
  }

  @Test
  void badWorkerSettingsAreOneLineErrors() {
    TrainCommandTest.assertOneLineError(run("train", "--workers", "0"), 2, "--workers must be a positive integer, got 0");
    TrainCommandTest.assertOneLineError(small("r", "--spark-master", "local[2]", "--resume", dir.toString()), 2,
        "--resume does not apply to --spark-master");
  }
}
