package org.sgd4j.lab.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.sgd4j.io.AtomicFile;
import org.sgd4j.lab.LearningCurve;
import org.sgd4j.lab.plot.ChartFiles;
import org.sgd4j.lab.plot.LineChart;
import org.sgd4j.lab.plot.Smoothing;
import org.sgd4j.lab.report.CsvFile;
import org.sgd4j.lab.report.HtmlPage;
import org.sgd4j.train.LossTrace;

/**
 * The pictures and tables of a sweep, written into one directory: {@code loss.png}/{@code loss.svg}
 * (every run's smoothed training loss against examples seen, overlaid, as the notes' comparison
 * figures),
 * {@code summary.csv}, {@code summary.md} and {@code report.html} (final train loss, test loss, test
 * accuracy and status per run; a diverged run is marked and its losses left blank in the figure past
 * the divergence).
 */
public final class SweepReport {
  /** The columns of the summary table. */
  public static final List<String> COLUMNS = List.of("run", "status", "steps", "train_loss", "test_loss",
      "test_accuracy", "note");

  private SweepReport() {}

  /**
   * The overlaid learning curves: each run's per-step training loss against samples seen, smoothed
   * by the same EMA ({@link LearningCurve#SMOOTHING_FRACTION} of the longest run's samples), so a
   * run of any batch size is a line. The y axis is cut at 1.5 × the largest first smoothed loss of
   * the runs that did not diverge, so the others stay readable beside a blow-up.
   */
  public static XYChart chart(String title, List<SweepRun> runs) {
    LineChart c = LineChart.of(title, "samples seen", "train loss (EMA)");
    double span = 1;
    for (SweepRun r : runs) {
      double[] x = LearningCurve.finite(r.trace())[0];
      if (x.length > 0) {
        span = Math.max(span, x[x.length - 1] - x[0]);
      }
    }
    double tau = Math.max(1, LearningCurve.SMOOTHING_FRACTION * span);
    double top = 0;
    for (SweepRun r : runs) {
      double[][] xy = LearningCurve.finite(r.trace());
      String name = r.diverged() ? r.name() + " (diverged)" : r.name();
      if (xy[0].length == 0) {
        c.series(name, new double[] {0}, new double[] {Double.NaN}, false); // keeps the run in the legend
        continue;
      }
      double[] smooth = Smoothing.ema(xy[0], xy[1], tau);
      if (!r.diverged()) {
        top = Math.max(top, smooth[0]);
      }
      int[] keep = Smoothing.spread(xy[0].length, 1000);
      c.series(name, Smoothing.pick(xy[0], keep), Smoothing.pick(smooth, keep), xy[0].length == 1);
    }
    c.chart().getStyler().setXAxisMin(0.0); // round ticks (0, 2k, 4k, ...)
    if (top > 0) {
      c.chart().getStyler().setYAxisMax(1.5 * top);
      c.chart().getStyler().setYAxisMin(0.0);
    }
    c.chart().getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    return c.chart();
  }

  /** The summary as CSV (numbers exact, NaN for a missing value). */
  public static String csv(List<SweepRun> runs) {
    CsvFile csv = new CsvFile(COLUMNS);
    for (SweepRun r : runs) {
      csv.row(r.name(), r.status(), r.steps(), r.trainLoss(), r.testLoss(), r.testAccuracy(), r.note());
    }
    return csv.text();
  }

  /** The summary as a Markdown table; diverged runs in bold, missing values as "-". */
  public static String markdown(List<SweepRun> runs) {
    StringBuilder sb = new StringBuilder("| run | status | steps | train loss | test loss | test accuracy | note |\n");
    sb.append("|---|---|---:|---:|---:|---:|---|\n");
    for (List<String> row : rows(runs, "**DIVERGED**")) {
      sb.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return sb.toString();
  }

  private static List<List<String>> rows(List<SweepRun> runs, String divergedMark) {
    List<List<String>> rows = new ArrayList<>();
    for (SweepRun r : runs) {
      rows.add(List.of(r.name(), r.diverged() ? divergedMark : r.status(), Long.toString(r.steps()),
          number(r.trainLoss(), "%.4f"), number(r.testLoss(), "%.4f"),
          Double.isNaN(r.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * r.testAccuracy()),
          r.note()));
    }
    return rows;
  }

  private static String number(double v, String format) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
  }

  /**
   * Writes loss.png, loss.svg, summary.csv, summary.md and report.html into {@code dir}; returns
   * their paths. {@code runLinks} are the runs' own reports (relative paths), one per run, or empty.
   */
  public static List<Path> write(Path dir, String title, String description, List<SweepRun> runs,
      List<String> runLinks) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    written.add(ChartFiles.save(chart(title, runs), dir, "loss"));
    written.add(dir.resolve("loss.svg"));
    Path csv = dir.resolve("summary.csv");
    AtomicFile.writeString(csv, csv(runs));
    written.add(csv);
    Path md = dir.resolve("summary.md");
    AtomicFile.writeString(md, "# " + title + "\n\n" + description + "\n\n" + markdown(runs));
    written.add(md);
    HtmlPage page = new HtmlPage(title).paragraph(description).image("loss.png", "training loss of every run", "loss.svg");
    page.heading("Summary").table(List.of("run", "status", "steps", "train loss", "test loss", "test accuracy",
        "note"), rows(runs, "DIVERGED"));
    if (!runLinks.isEmpty()) {
      page.heading("Runs");
      for (int i = 0; i < runs.size(); i++) {
        page.link(runLinks.get(i), runs.get(i).name());
      }
    }
    page.link("summary.csv", "summary.csv");
    Path html = dir.resolve("report.html");
    page.write(html);
    written.add(html);
    return written;
  }
}
