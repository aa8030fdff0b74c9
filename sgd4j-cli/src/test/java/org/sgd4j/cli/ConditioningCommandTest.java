package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sgd4j conditioning} on small files written by the test. */
class ConditioningCommandTest {
  @TempDir Path dir;

  @Test
  void writesTheTableAndPlots() throws Exception {
    Path air = Files.createDirectories(dir.resolve("airfoil"));
    StringBuilder a = new StringBuilder();
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      // frequencies in the thousands next to thicknesses of 1e-3: badly scaled on purpose
      a.append(200 * (i % 7 + 1)).append('\t').append(i % 5).append('\t').append(0.02 + 0.01 * (i % 3)).append('\t')
          .append(30 + i % 4).append('\t').append(0.001 * (1 + i % 6)).append('\t').append(120 + i % 9).append("\r\n");
      l.append(i % 2 == 0 ? "+1" : "-1").append(" 1:").append(1 + i % 3).append(" 2:").append(100 * (i % 5 + 1))
          .append(" 3:").append(0.01 * (i % 4 + 1)).append('\n');
    }
    Files.writeString(air.resolve("airfoil_self_noise.dat"), a);
    Path svm = dir.resolve("small.svm");
    Files.writeString(svm, l);
    Path out = dir.resolve("out");
    TraceCommandTest.Run r = TraceCommandTest.run("conditioning", "--airfoil", air.toString(), "--libsvm", svm.toString(),
        "--max-iterations", "20000", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("airfoil    raw").contains("small.svm  standardized");
    List<String> csv = Files.readAllLines(out.resolve("conditioning.csv"));
    assertThat(csv).hasSize(5);
    assertThat(csv.get(0)).startsWith("dataset,scaling,n,d,lambda_min");
    assertThat(out.resolve("gd-airfoil.png")).exists();
    assertThat(out.resolve("gd-small.svm.svg")).exists();
    assertThat(out.resolve("spectrum.png")).exists();
  }

  @Test
  void aMissingAirfoilFileIsNamed() {
    TraceCommandTest.Run r = TraceCommandTest.run("conditioning", "--airfoil", dir.toString(), "--out",
        dir.resolve("o").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("--airfoil: no airfoil_self_noise.dat in " + dir);
  }
}
