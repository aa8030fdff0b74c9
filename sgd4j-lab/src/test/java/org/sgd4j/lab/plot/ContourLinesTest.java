package org.sgd4j.lab.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContourLinesTest {
  @TempDir Path dir;

  @Test
  void theLevelSetOfACircleLiesOnTheCircle() {
    ContourLines c = ContourLines.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 81, 81);
    double[][] line = c.level(1);
    int points = 0;
    for (int i = 0; i < line[0].length; i++) {
      if (!Double.isNaN(line[0][i])) {
        points++;
        // linear interpolation of r² on a 0.05 grid: |r − 1| stays below h²/4
        assertThat(Math.hypot(line[0][i], line[1][i])).isCloseTo(1, within(1e-3));
      } else {
        assertThat(line[1][i]).isNaN();
      }
    }
    // every cell the unit circle passes through gives one segment: about 2π / 0.05 · 4/π cells
    assertThat(points / 2).isBetween(120, 200);
    assertThat(c.level(100)[0]).isEmpty();
  }

  @Test
  void levelsAreInsideTheRangeAndDenserNearTheMinimum() {
    ContourLines c = ContourLines.sample((x, y) -> x * x, -1, 1, 0, 1, 21, 3);
    assertThat(c.min()).isEqualTo(0);
    assertThat(c.max()).isEqualTo(1);
    double[] l = c.levels(3);
    assertThat(l).containsExactly(1 / 16.0, 4 / 16.0, 9 / 16.0);
  }

  @Test
  void badGridsAreRefused() {
    assertThatThrownBy(() -> ContourLines.sample((x, y) -> x, 0, 1, 0, 1, 1, 5)).hasMessageContaining("1 x 5");
    assertThatThrownBy(() -> ContourLines.sample((x, y) -> x, 1, 0, 0, 1, 5, 5)).hasMessageContaining("[1.0, 0.0]");
  }

  @Test
  void aContourPlotIsWrittenAsPngAndSvg() throws Exception {
    var chart = ContourPlot.of("t", (x, y) -> x * x + 2 * y * y, -3, 3, -3, 3, 5,
        List.of(new ContourPlot.Path("p", List.of(new double[] {-2, -2}, new double[] {0, 0}))));
    Path png = ChartFiles.save(chart, dir, "c");
    byte[] head = Files.readAllBytes(png);
    assertThat(head).startsWith(0x89, 'P', 'N', 'G');
    assertThat(Files.readString(dir.resolve("c.svg"))).contains("<svg");
  }
}
