package org.sgd4j.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.sgd4j.train.HistoryRow;
import org.sgd4j.train.LossTrace;
import org.sgd4j.train.RunStatus;
import org.sgd4j.train.TrainResult;

class LabTest {
  @TempDir Path dir;

  static final List<HistoryRow> HISTORY = List.of(
      new HistoryRow(1, 100, 1.0, 2.0, 1.5, 0.4, 0.001),
      new HistoryRow(2, 200, 2.0, 1.2, 1.1, 0.6, 0.001));
  static final List<LossTrace.Point> TRACE = List.of(new LossTrace.Point(50, 2.2), new LossTrace.Point(100, 1.8),
      new LossTrace.Point(150, 1.4), new LossTrace.Point(200, 1.1));

  @Test
  void writesTheLearningCurveAsPngAndSvg() throws Exception {
    XYChart chart = LearningCurve.chart("Optimizer-SGD lr-0.001 mt-0.5 bs-16", TRACE, HISTORY);
    assertThat(chart.getSeriesMap().keySet()).containsExactly("train loss (each step)", "train loss (EMA)",
        "test loss");
    double[] x = chart.getSeriesMap().get("test loss").getXData();
    assertThat(x[0]).isEqualTo(100.0);
    assertThat(x[1]).isCloseTo(200.0, org.assertj.core.api.Assertions.within(1e-3)); // nudged for round ticks
    // the EMA starts at the first step's loss
    assertThat(chart.getSeriesMap().get("train loss (EMA)").getYData()[0])
        .isEqualTo(chart.getSeriesMap().get("train loss (each step)").getYData()[0]);
    List<Path> files = LearningCurve.write(chart, dir, "loss");
    BufferedImage png = ImageIO.read(files.get(0).toFile());
    assertThat(png.getWidth()).isEqualTo(800);
    assertThat(png.getHeight()).isEqualTo(500);
    DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
    xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // offline
    var svg = xml.newDocumentBuilder()
        .parse(new ByteArrayInputStream(Files.readAllBytes(files.get(1))));
    assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
  }

  @Test
  void withoutATraceTheCurveUsesTheEpochMeans() {
    XYChart chart = LearningCurve.chart("t", List.of(), HISTORY);
    assertThat(chart.getSeriesMap().get("train loss (epoch mean)").getYData()).containsExactly(2.0, 1.2);
  }

  @Test
  void theReportHasTheFiguresAndEscapesText() throws IOException {
    TrainResult result = new TrainResult(RunStatus.DIVERGED, "loss is NaN at step 3 <oops>", HISTORY, 12, 200, 2.5);
    byte[] svg = LearningCurve.svgBytes(LearningCurve.chart("t", TRACE, HISTORY));
    Path file = RunReport.write(dir, "Optimizer-SGD lr-0.001 mt-0.5 bs-16", new java.util.LinkedHashMap<>(
        Map.of("dataset", "<script>x</script>", "optimizer_flags", Map.of())), result, svg);
    String html = Files.readString(file);
    assertThat(html).contains("<title>Optimizer-SGD lr-0.001 mt-0.5 bs-16</title>")
        .contains("<b class=\"diverged\">diverged</b> &mdash; loss is NaN at step 3 &lt;oops&gt;")
        .contains("&lt;script&gt;x&lt;/script&gt;").doesNotContain("<script>")
        .contains("<td class=\"k\">optimizer_flags</td><td>defaults</td>")
        .contains("<tr><td>2</td><td>200</td><td>2.0</td><td>1.200000</td><td>1.100000</td><td>60.0%</td>")
        .contains("<svg").doesNotContain("<?xml");
    assertThat(RunReport.display(null)).isEqualTo("none"); // an unset option, e.g. lr_schedule
  }
}
