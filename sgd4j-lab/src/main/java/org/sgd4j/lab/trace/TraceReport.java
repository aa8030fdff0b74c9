package org.sgd4j.lab.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.sgd4j.lab.plot.ChartFiles;
import org.sgd4j.lab.plot.ContourPlot;
import org.sgd4j.lab.report.CsvFile;
import org.sgd4j.lab.report.HtmlPage;

/**
 * Writes traces as files: per case {@code ID.csv} (t, x1, x2, f), {@code ID.png} and {@code ID.svg}
 * (contour plot of f with the path), and an {@code index.html} showing them all.
 */
public final class TraceReport {
  private TraceReport() {}

  /** Runs every case and writes its files and the page into {@code dir}; returns the traces. */
  public static List<Trace> write(List<TraceCase> cases, Path dir, String title) throws IOException {
    Files.createDirectories(dir);
    HtmlPage page = new HtmlPage(title);
    page.paragraph("Iterate paths on 2-D objectives (d2l.ai chapter 11), made by sgd4j: the gradients come "
        + "from autograd on the parsed objective, the updates from org.sgd4j.optim. Each figure's CSV holds "
        + "the path (t, x1, x2, f).");
    List<List<String>> rows = new ArrayList<>();
    List<Trace> traces = new ArrayList<>();
    for (TraceCase c : cases) {
      Trace t = Tracer.run(c.spec());
      traces.add(t);
      writeOne(c, t, dir);
      page.image(c.id() + ".png", c.caption(), c.id() + ".svg");
      double[] last = t.last();
      rows.add(List.of(c.id(), c.spec().objective().source(), c.spec().method().label(), fmt(last[0]), fmt(last[1]),
          fmt(t.finalValue())));
    }
    page.heading("Final iterates");
    page.table(List.of("case", "objective", "method", "x1", "x2", "f"), rows);
    page.write(dir.resolve("index.html"));
    return traces;
  }

  /** Writes {@code ID.csv}, {@code ID.png}, {@code ID.svg} of one trace. */
  public static void writeOne(TraceCase c, Trace t, Path dir) throws IOException {
    CsvFile csv = new CsvFile(List.of("t", "x1", "x2", "f"));
    for (int i = 0; i < t.path().size(); i++) {
      csv.row(i, t.path().get(i)[0], t.path().get(i)[1], t.values()[i]);
    }
    csv.write(dir.resolve(c.id() + ".csv"));
    double[] frame = frame(t.path(), c.spec());
    String title = c.spec().method().label() + " on " + c.spec().objective().source()
        + (c.spec().noise() > 0 ? ", noise σ=" + c.spec().noise() + ", " + c.spec().schedule().id() : "");
    XYChart chart = ContourPlot.of(title, c.spec().objective()::value, frame[0], frame[1], frame[2], frame[3], 12,
        List.of(new ContourPlot.Path(c.spec().method().label(), t.path())));
    ChartFiles.save(chart, dir, c.id());
  }

  /**
   * The plotted region: the box around the start, the origin and the finite iterates with a 10%
   * margin, but at most three times the start's own box, so a diverging path is cut at the frame.
   */
  static double[] frame(List<double[]> path, TraceSpec spec) {
    double lim = 3 * Math.max(1, Math.max(Math.abs(spec.x1()), Math.abs(spec.x2())));
    double x0 = Math.min(0, spec.x1());
    double x1 = Math.max(0, spec.x1());
    double y0 = Math.min(0, spec.x2());
    double y1 = Math.max(0, spec.x2());
    for (double[] p : path) {
      if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
        x0 = Math.max(-lim, Math.min(x0, p[0]));
        x1 = Math.min(lim, Math.max(x1, p[0]));
        y0 = Math.max(-lim, Math.min(y0, p[1]));
        y1 = Math.min(lim, Math.max(y1, p[1]));
      }
    }
    double mx = Math.max(0.5, 0.1 * (x1 - x0));
    double my = Math.max(0.5, 0.1 * (y1 - y0));
    return new double[] {x0 - mx, x1 + mx, y0 - my, y1 + my};
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.6g", v);
  }
}
