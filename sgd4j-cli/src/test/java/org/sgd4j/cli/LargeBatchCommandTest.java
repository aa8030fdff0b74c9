package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sgd4j large-batch} on synthetic data with a tiny budget. */
class LargeBatchCommandTest {
  @TempDir Path dir;

  @Test
  void fiveRunsOnSyntheticData() throws Exception {
    TraceCommandTest.Run r = TraceCommandTest.run("large-batch", "--dataset", "synthetic:separable", "--model",
        "logistic", "--train-limit", "512", "--eval-size", "256", "--test-limit", "256", "--samples", "1024",
        "--eval-every", "256", "--small-batch", "8", "--large-batch", "64", "--out", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("SGD b=8 lr=0.00625").contains("SGD b=64 lr=0.05 (scaled, warm-up 2 steps)")
        .contains("LARS b=64");
    List<String> csv = Files.readAllLines(dir.resolve("large-batch.csv"));
    // five runs, each recorded at 0, 256, 512, 768, 1024 samples
    assertThat(csv).hasSize(1 + 5 * 5);
    assertThat(dir.resolve("loss-vs-samples.svg")).exists();
  }

  @Test
  void badSizesAreNamed() {
    TraceCommandTest.Run r = TraceCommandTest.run("large-batch", "--small-batch", "64", "--large-batch", "16",
        "--dataset", "synthetic:separable", "--out", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("need 1 <= small batch <= large batch, got 64, 16");
  }
}
