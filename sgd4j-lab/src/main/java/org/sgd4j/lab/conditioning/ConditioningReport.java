package org.sgd4j.lab.conditioning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sgd4j.lab.plot.ChartFiles;
import org.sgd4j.lab.plot.LineChart;
import org.sgd4j.lab.report.CsvFile;
import org.sgd4j.lab.report.HtmlPage;

/**
 * Writes the conditioning results: {@code conditioning.csv} (one row per design and scaling),
 * {@code spectrum.csv}, per dataset {@code gd-DATASET.png/svg} (relative suboptimality against GD
 * iterations, raw and standardised) and {@code spectrum.png/svg}, and {@code index.html} with the table.
 */
public final class ConditioningReport {
  private ConditioningReport() {}

  /** Writes the files of {@code results} into {@code dir}. */
  public static void write(List<ConditioningResult> results, Path dir) throws IOException {
    Files.createDirectories(dir);
    CsvFile csv = new CsvFile(List.of("dataset", "scaling", "n", "d", "lambda_min", "lambda_min_positive", "rank", "lambda_max", "kappa",
        "gd_iterations", "reached", "tol", "kappa_bound_iterations"));
    CsvFile spectrum = new CsvFile(List.of("dataset", "scaling", "k", "eigenvalue"));
    List<List<String>> rows = new ArrayList<>();
    LineChart spec = LineChart.of("Eigenvalues of XᵀX/n", "k (ascending)", "eigenvalue").logY();
    List<String> datasets = new ArrayList<>();
    for (ConditioningResult r : results) {
      csv.row(r.dataset(), r.scaling(), r.n(), r.d(), r.lambdaMin(), r.lambdaMinPositive(), r.rank(), r.lambdaMax(), r.kappa(), r.gd().iterations(),
          r.gd().reached(), r.tol(), r.iterationBound());
      double[] ev = r.eigenvalues();
      double[] k = new double[ev.length];
      List<Double> pos = new ArrayList<>();
      List<Double> posK = new ArrayList<>();
      for (int i = 0; i < ev.length; i++) {
        spectrum.row(r.dataset(), r.scaling(), i + 1, ev[i]);
        k[i] = i + 1;
        if (ev[i] > 0) {
          pos.add(ev[i]);
          posK.add(k[i]);
        }
      }
      spec.series(r.dataset() + " " + r.scaling(), posK.stream().mapToDouble(Double::doubleValue).toArray(),
          pos.stream().mapToDouble(Double::doubleValue).toArray(), true);
      rows.add(List.of(r.dataset(), r.scaling(), String.valueOf(r.n()), String.valueOf(r.d()), fmt(r.lambdaMin()),
          String.valueOf(r.rank()), fmt(r.lambdaMax()), fmt(r.kappa()), (r.gd().reached() ? "" : "> ") + r.gd().iterations(),
          fmt(r.iterationBound())));
      if (!datasets.contains(r.dataset())) {
        datasets.add(r.dataset());
      }
    }
    csv.write(dir.resolve("conditioning.csv"));
    spectrum.write(dir.resolve("spectrum.csv"));
    ChartFiles.save(spec.chart(), dir, "spectrum");
    HtmlPage page = new HtmlPage("Conditioning: the effect of standardising the data");
    page.paragraph("Least squares f(w) = |Xw - y|^2/(2n) has Hessian XᵀX/n. Gradient descent with step 1/λmax "
        + "contracts the eigen-direction i by (1 - λi/λmax) per step, so it needs about κ ln(1/tol)/2 iterations, "
        + "κ = λmax/λmin. Standardising every feature to mean 0 and variance 1 makes XᵀX/n the correlation "
        + "matrix, whose eigenvalues are of order 1. When XᵀX/n is singular (one-hot groups become linearly "
        + "dependent once centred) κ uses λmin⁺, the smallest non-zero eigenvalue: GD from 0 stays in the range.");
    page.table(List.of("dataset", "scaling", "n", "d", "λmin", "rank", "λmax", "κ = λmax/λmin⁺", "GD iterations to tol",
        "κ ln(1/tol)/2"), rows);
    page.image("spectrum.png", "Eigenvalues of XᵀX/n, raw and standardised", "spectrum.svg");
    for (String ds : datasets) {
      LineChart c = LineChart.of("Gradient descent on least squares: " + ds, "iteration", "(f - f*)/(f0 - f*)")
          .logY().logX();
      for (ConditioningResult r : results) {
        if (!r.dataset().equals(ds)) {
          continue;
        }
        long[] it = r.gd().curveIterations();
        double[] gap = r.gd().curveGaps();
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < it.length; i++) {
          if (it[i] > 0 && gap[i] > 0) {
            pts.add(new double[] {it[i], gap[i]});
          }
        }
        if (!pts.isEmpty()) {
          c.series(r.scaling() + " (κ = " + fmt(r.kappa()) + ")", pts.stream().mapToDouble(p -> p[0]).toArray(),
              pts.stream().mapToDouble(p -> p[1]).toArray(), false);
        }
      }
      ChartFiles.save(c.chart(), dir, "gd-" + ds);
      page.image("gd-" + ds + ".png", "GD suboptimality on " + ds + ", raw and standardised", "gd-" + ds + ".svg");
    }
    page.link("conditioning.csv", "conditioning.csv");
    page.link("spectrum.csv", "spectrum.csv");
    page.write(dir.resolve("index.html"));
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
