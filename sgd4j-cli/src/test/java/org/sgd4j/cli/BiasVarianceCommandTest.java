package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sgd4j bias-variance} with small sweeps. */
class BiasVarianceCommandTest {
  @TempDir Path dir;

  @Test
  void writesBothSweeps() throws Exception {
    TraceCommandTest.Run r = TraceCommandTest.run("bias-variance", "--replicates", "30", "--test-points", "30",
        "--max-degree", "4", "--degree", "4", "--lambdas", "1e-6,1", "--out", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> deg = Files.readAllLines(dir.resolve("bias-variance-degree.csv"));
    assertThat(deg).hasSize(6);
    assertThat(deg.get(0)).isEqualTo("degree,lambda,bias2,variance,noise,sum,measured,measured_se");
    assertThat(Files.readAllLines(dir.resolve("bias-variance-lambda.csv"))).hasSize(3);
    assertThat(r.out()).contains("wrote");
  }

  @Test
  void badCountsAreNamed() {
    TraceCommandTest.Run r = TraceCommandTest.run("bias-variance", "--replicates", "1", "--out", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("replicates = 1");
  }
}
