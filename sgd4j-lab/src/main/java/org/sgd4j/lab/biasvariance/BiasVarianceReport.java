package org.sgd4j.lab.biasvariance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.sgd4j.lab.plot.ChartFiles;
import org.sgd4j.lab.plot.LineChart;
import org.sgd4j.lab.report.CsvFile;
import org.sgd4j.lab.report.HtmlPage;

/**
 * Writes the bias–variance sweeps: {@code bias-variance-degree.csv} and {@code -lambda.csv}, their
 * plots (bias², variance, noise, their sum and the measured test error) as PNG/SVG, and {@code index.html}.
 */
public final class BiasVarianceReport {
  private BiasVarianceReport() {}

  /** Writes the two sweeps into {@code dir}. */
  public static void write(BiasVarianceSetup setup, List<BiasVariancePoint> byDegree, List<BiasVariancePoint> byLambda,
      Path dir) throws IOException {
    Files.createDirectories(dir);
    HtmlPage page = new HtmlPage("Bias–variance decomposition");
    page.paragraph(String.format(Locale.ROOT, "Truth f(x) = sin(πx), x ~ U[-1, 1], y = f(x) + N(0, %.3g²); %d training "
        + "sets of %d points; polynomial ridge regression (Chebyshev features) fitted on each; %d test inputs with "
        + "fresh noisy targets. Expected test error = bias² + variance + noise; the measured error is shown with "
        + "its sampling standard error.", setup.sigma(), setup.replicates(), setup.n(), setup.testPoints()));
    if (!byDegree.isEmpty()) {
      sweep(byDegree, "degree", p -> p.degree(), false, dir, "bias-variance-degree", page,
          "Against model capacity (degree, λ = " + byDegree.get(0).lambda() + ")");
    }
    if (!byLambda.isEmpty()) {
      sweep(byLambda, "lambda", p -> p.lambda(), true, dir, "bias-variance-lambda", page,
          "Against regularisation (λ, degree " + byLambda.get(0).degree() + ")");
    }
    page.write(dir.resolve("index.html"));
  }

  private static void sweep(List<BiasVariancePoint> pts, String xName, ToDoubleFunction<BiasVariancePoint> xOf,
      boolean logX, Path dir, String stem, HtmlPage page, String heading) throws IOException {
    CsvFile csv = new CsvFile(List.of("degree", "lambda", "bias2", "variance", "noise", "sum", "measured",
        "measured_se"));
    List<List<String>> rows = new ArrayList<>();
    int k = pts.size();
    double[] x = new double[k];
    double[][] ys = new double[5][k];
    for (int i = 0; i < k; i++) {
      BiasVariancePoint p = pts.get(i);
      csv.row(p.degree(), p.lambda(), p.bias2(), p.variance(), p.noise(), p.sum(), p.measured(), p.standardError());
      rows.add(List.of(String.valueOf(p.degree()), fmt(p.lambda()), fmt(p.bias2()), fmt(p.variance()), fmt(p.noise()),
          fmt(p.sum()), fmt(p.measured()) + " ± " + fmt(p.standardError())));
      x[i] = xOf.applyAsDouble(p);
      ys[0][i] = p.bias2();
      ys[1][i] = p.variance();
      ys[2][i] = p.noise();
      ys[3][i] = p.sum();
      ys[4][i] = p.measured();
    }
    csv.write(dir.resolve(stem + ".csv"));
    LineChart c = LineChart.of("Bias–variance: " + heading, xName, "squared error").logY();
    if (logX) {
      c.logX();
    }
    String[] names = {"bias²", "variance", "noise σ²", "bias² + variance + noise", "measured test error"};
    for (int s = 0; s < names.length; s++) {
      c.series(names[s], x, positive(ys[s]), true);
    }
    ChartFiles.save(c.chart(), dir, stem);
    page.heading(heading);
    page.image(stem + ".png", heading, stem + ".svg");
    page.table(List.of("degree", "λ", "bias²", "variance", "noise", "sum", "measured ± se"), rows);
    page.link(stem + ".csv", stem + ".csv");
  }

  /** Log axes cannot show 0: a zero (e.g. the variance of a constant fit is never 0, but bias can be) becomes 1e-12. */
  private static double[] positive(double[] v) {
    double[] o = v.clone();
    for (int i = 0; i < o.length; i++) {
      o[i] = Math.max(o[i], 1e-12);
    }
    return o;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
