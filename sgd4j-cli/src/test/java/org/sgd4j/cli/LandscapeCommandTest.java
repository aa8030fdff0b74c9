package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sgd4j landscape} on weights saved by {@code sgd4j train}. */
class LandscapeCommandTest {
  @TempDir Path dir;

  @Test
  void landscapeOfATrainedLogisticRegression() throws Exception {
    Path w = dir.resolve("w.safetensors");
    TraceCommandTest.Run t = TraceCommandTest.run("train", "--dataset", "synthetic:separable", "--model", "logistic",
        "--optimizer", "sgd", "--lr", "0.5", "--epochs", "3", "--batch-size", "16", "--train-limit", "300",
        "--test-limit", "100", "--quiet", "--save", w.toString(), "--out", dir.resolve("run").toString());
    assertThat(t.exit()).as(t.err()).isZero();
    Path out = dir.resolve("land");
    TraceCommandTest.Run r = TraceCommandTest.run("landscape", "--weights", w.toString(), "--model", "logistic",
        "--dataset", "synthetic:separable", "--train-limit", "300", "--test-limit", "100", "--points", "11",
        "--grid", "3", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("minimum of the training loss at alpha");
    List<String> line = Files.readAllLines(out.resolve("line.csv"));
    assertThat(line).hasSize(12);
    // interpolation: t = 0 is the initialisation rebuilt from seed 0, whose loss is higher than trained t = 1
    List<String> interp = Files.readAllLines(out.resolve("interpolation.csv"));
    double atInit = lossAt(interp, 0.0);
    double atTrained = lossAt(interp, 1.0);
    assertThat(atTrained).isLessThan(atInit);
    assertThat(out.resolve("plane-test.png")).exists();
  }

  @Test
  void weightsOfAnotherModelAreRefused() throws Exception {
    Path w = dir.resolve("w.safetensors");
    org.sgd4j.io.SafeTensors.write(w, java.util.Map.of("1.weight", org.sgd4j.tensor.Tensor.zeros(3, 3)));
    TraceCommandTest.Run r = TraceCommandTest.run("landscape", "--weights", w.toString(), "--model", "logistic",
        "--dataset", "synthetic:separable", "--out", dir.resolve("o").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("--weights " + w + " does not fit model logistic");
  }

  private static double lossAt(List<String> csv, double t) {
    for (String l : csv.subList(1, csv.size())) {
      String[] f = l.split(",");
      if (Math.abs(Double.parseDouble(f[0]) - t) < 1e-9) {
        return Double.parseDouble(f[1]);
      }
    }
    throw new AssertionError("no t = " + t + " in " + csv);
  }
}
