package org.sgd4j.lab.finitesum;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.sgd4j.finitesum.Comparison;
import org.sgd4j.finitesum.Trace;
import org.sgd4j.finitesum.TracePoint;
import org.sgd4j.lab.plot.ChartFiles;
import org.sgd4j.lab.plot.LineChart;
import org.sgd4j.lab.report.HtmlPage;

/**
 * The figures and page of a finite-sum comparison ({@link Comparison.Result}), as in the notes'
 * rate plots: {@code f(x_k) − f*} on a logarithmic axis against effective passes over the data
 * (gradient evaluations / n: the cost model of the theory) and against seconds (the cost a user
 * pays). A point with {@code f(x) − f* ≤ 0} (the iterate reached f* to rounding) or a non-finite one
 * cannot be drawn on a log axis and is left out.
 */
public final class FiniteSumReport {
  /** Stem of the suboptimality-versus-passes figure. */
  public static final String PASSES = "suboptimality-passes";
  /** Stem of the suboptimality-versus-seconds figure. */
  public static final String SECONDS = "suboptimality-seconds";

  private FiniteSumReport() {}

  /** Suboptimality (log scale) against {@code x} (passes or seconds) for every solver. */
  public static XYChart chart(Comparison.Result result, String xTitle, ToDoubleFunction<TracePoint> x) {
    LineChart c = LineChart.of(result.problem(), xTitle, "f(x) - f*").logY();
    boolean any = false;
    for (Trace t : result.traces()) {
      List<double[]> pts = new ArrayList<>();
      for (TracePoint p : t.points()) {
        double y = p.suboptimality();
        if (y > 0 && Double.isFinite(y) && Double.isFinite(x.applyAsDouble(p))) {
          pts.add(new double[] {x.applyAsDouble(p), y});
        }
      }
      if (pts.isEmpty()) {
        continue; // nothing drawable (e.g. diverged at once); the table says why
      }
      any = true;
      c.series(t.diverged() ? t.solver() + " (diverged)" : t.solver(), pts.stream().mapToDouble(p -> p[0]).toArray(),
          pts.stream().mapToDouble(p -> p[1]).toArray(), false);
    }
    if (!any) {
      c.series("no drawable point", new double[] {0}, new double[] {1}, false);
    }
    return c.chart();
  }

  /**
   * Writes the two figures (PNG and SVG) and {@code report.html} into {@code dir}; {@code command} is
   * the command line shown on the page, {@code files} the other outputs to link. Returns the paths.
   */
  public static List<Path> write(Path dir, Comparison.Result result, String description, String command,
      List<String> files) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (String stem : List.of(PASSES, SECONDS)) {
      XYChart chart = stem.equals(PASSES) ? chart(result, "effective passes", TracePoint::passes)
          : chart(result, "seconds", TracePoint::seconds);
      written.add(ChartFiles.save(chart, dir, stem));
      written.add(dir.resolve(stem + ".svg"));
    }
    HtmlPage page = new HtmlPage("finite-sum: " + result.problem()).paragraph(description).code(command)
        .paragraph(String.format(Locale.ROOT, "f* = %.17g (%s, gradient norm there %.3g).", result.optimum().value(),
            result.optimum().method(), result.optimum().gradientNorm()))
        .image(PASSES + ".png", "f(x) - f* against effective passes", PASSES + ".svg")
        .image(SECONDS + ".png", "f(x) - f* against seconds", SECONDS + ".svg")
        .heading("Solvers").table(List.of("solver", "passes", "f(x) - f*", "seconds", "stop"), rows(result));
    for (String f : files) {
      page.link(f, f);
    }
    Path html = dir.resolve("report.html");
    page.write(html);
    written.add(html);
    return written;
  }

  private static List<List<String>> rows(Comparison.Result result) {
    List<List<String>> rows = new ArrayList<>();
    for (Trace t : result.traces()) {
      TracePoint last = t.points().isEmpty() ? null : t.last();
      rows.add(List.of(t.solver(), last == null ? "-" : String.format(Locale.ROOT, "%.2f", last.passes()),
          last == null ? "-" : String.format(Locale.ROOT, "%.3e", last.suboptimality()),
          last == null ? "-" : String.format(Locale.ROOT, "%.3f", last.seconds()), t.stopReason()));
    }
    return rows;
  }
}
