package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training report shows its figures first: the loss curve from every step, and the test accuracy. */
class ReportPicturesTest {
  @TempDir Path dir;

  @Test
  void theReportShowsTheLossAndAccuracyFiguresFromEveryStep() throws Exception {
    TraceCommandTest.Run r = TraceCommandTest.run("train", "--dataset", "synthetic:separable",
        "--model", "logistic", "--train-limit", "200", "--test-limit", "100", "--epochs", "2", "--batch-size", "8",
        "--out", dir.resolve("run").toString(), "--quiet");
    assertThat(r.exit()).as(r.err()).isZero();
    Path run = dir.resolve("run");
    // one row per step: 2 epochs of 25 batches
    assertThat(Files.readAllLines(run.resolve("trace.csv"))).hasSize(1 + 50);
    assertThat(run.resolve("loss.png")).exists();
    assertThat(run.resolve("accuracy.png")).exists();
    String html = Files.readString(run.resolve("report.html"));
    Matcher figures = Pattern.compile("<figure>").matcher(html);
    int count = 0;
    while (figures.find()) {
      count++;
    }
    assertThat(count).isEqualTo(2);
    assertThat(html.indexOf("<figure>")).isLessThan(html.indexOf("<h2>Configuration</h2>"));
    assertThat(html).contains("viewBox=\"0 0 800 500\"").contains("width=\"100%\"")
        .contains("Test accuracy at each epoch").contains("name=\"viewport\"");
  }
}
