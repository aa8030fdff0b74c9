package org.sgd4j.lab.landscape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sgd4j.lab.plot.ChartFiles;
import org.sgd4j.lab.plot.ContourLines;
import org.sgd4j.lab.plot.ContourPlot;
import org.sgd4j.lab.plot.LineChart;
import org.sgd4j.lab.report.CsvFile;
import org.sgd4j.lab.report.HtmlPage;
import org.sgd4j.nn.Module;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * Runs and writes the landscape of a model: {@code line.csv/png/svg} (train and test loss along one
 * filter-normalised direction), {@code plane.csv} with {@code plane-train.png/svg} (and test) contour
 * plots over two directions, {@code interpolation.csv/png/svg} from the initial weights (when given)
 * and {@code index.html}.
 */
public final class LandscapeReport {
  /**
   * The settings.
   *
   * @param range α and β run over [−range, range]
   * @param linePoints points of the 1-D curve
   * @param planePoints points per axis of the 2-D grid (0: no plane)
   * @param seed seed of the random directions
   */
  public record Settings(double range, int linePoints, int planePoints, long seed) {
    /** Checks the counts. */
    public Settings {
      if (!(range > 0) || linePoints < 2 || (planePoints != 0 && planePoints < 2)) {
        throw new IllegalArgumentException("landscape needs range > 0, line points >= 2 and plane points 0 or >= 2; got "
            + range + ", " + linePoints + ", " + planePoints);
      }
    }
  }

  /** The 1-D curve: α and the losses (train, then test if given). */
  public record Line(double[] alphas, double[][] losses) {
    /** The α with the smallest first (training) loss. */
    public double argmin() {
      int best = 0;
      for (int i = 1; i < alphas.length; i++) {
        if (losses[0][i] < losses[0][best]) {
          best = i;
        }
      }
      return alphas[best];
    }
  }

  private LandscapeReport() {}

  /**
   * Computes and writes the landscape of {@code model} (at its current, trained weights) into
   * {@code dir}; {@code test} and {@code initial} may be null. Returns the 1-D curve.
   */
  public static Line write(Module model, DatasetLoss train, DatasetLoss test, List<Tensor> initial, Settings s, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    Landscape land = new Landscape(model);
    Rng rng = new Rng(s.seed());
    List<Tensor> d1 = FilterNormalizedDirection.of(land.center(), rng);
    DatasetLoss[] losses = test != null ? new DatasetLoss[] {train, test} : new DatasetLoss[] {train};
    String[] names = test != null ? new String[] {"train", "test"} : new String[] {"train"};
    HtmlPage page = new HtmlPage("Loss landscape");
    page.paragraph("Loss along random Gaussian directions with filter normalization (Li et al. 2018): each filter "
        + "(row of a weight matrix, output channel of a convolution) of the direction is scaled to the norm of the "
        + "same filter of the weights; biases are not moved. α = 0 is the trained model.");

    double[] alphas = Landscape.grid(-s.range(), s.range(), s.linePoints());
    double[][] line = land.line(d1, alphas, losses);
    CsvFile csv = new CsvFile(header("alpha", names));
    for (int i = 0; i < alphas.length; i++) {
      csv.row(row(alphas[i], line, i));
    }
    csv.write(dir.resolve("line.csv"));
    LineChart lc = LineChart.of("Loss along a filter-normalised direction", "α", "loss");
    for (int k = 0; k < names.length; k++) {
      lc.series(names[k], alphas, line[k], true);
    }
    ChartFiles.save(lc.chart(), dir, "line");
    page.heading("1-D: L(w + α d)");
    page.image("line.png", "L(w + α d), train and test", "line.svg");
    page.link("line.csv", "line.csv");

    if (s.planePoints() > 0) {
      List<Tensor> d2 = FilterNormalizedDirection.of(land.center(), rng);
      double[] grid = Landscape.grid(-s.range(), s.range(), s.planePoints());
      double[][][] plane = land.plane(d1, d2, grid, grid, losses);
      CsvFile pc = new CsvFile(header2(names));
      for (int j = 0; j < grid.length; j++) {
        for (int i = 0; i < grid.length; i++) {
          Object[] r = new Object[2 + names.length];
          r[0] = grid[i];
          r[1] = grid[j];
          for (int k = 0; k < names.length; k++) {
            r[2 + k] = plane[k][j][i];
          }
          pc.row(r);
        }
      }
      pc.write(dir.resolve("plane.csv"));
      page.heading("2-D: L(w + α d1 + β d2)");
      for (int k = 0; k < names.length; k++) {
        var chart = ContourPlot.of(names[k] + " loss over two filter-normalised directions", "α", "β",
            ContourLines.of(grid, grid, plane[k]), 15,
            List.of(new ContourPlot.Path("trained weights", List.of(new double[] {0, 0}))));
        ChartFiles.save(chart, dir, "plane-" + names[k]);
        page.image("plane-" + names[k] + ".png", names[k] + " loss, contour plot", "plane-" + names[k] + ".svg");
      }
      page.link("plane.csv", "plane.csv");
    }

    if (initial != null) {
      double[] ts = Landscape.grid(-0.25, 1.25, 31); // steps of 0.05, with t = 0 and t = 1 on the grid
      double[][] interp = land.interpolation(initial, land.center(), ts, losses);
      CsvFile ic = new CsvFile(header("t", names));
      for (int i = 0; i < ts.length; i++) {
        ic.row(row(ts[i], interp, i));
      }
      ic.write(dir.resolve("interpolation.csv"));
      LineChart c = LineChart.of("Linear interpolation: initial (t = 0) to trained (t = 1)", "t", "loss");
      for (int k = 0; k < names.length; k++) {
        c.series(names[k], ts, interp[k], true);
      }
      ChartFiles.save(c.chart(), dir, "interpolation");
      page.heading("Interpolation from the initial to the trained weights (Goodfellow et al. 2015)");
      page.image("interpolation.png", "L((1 - t) w_init + t w_trained)", "interpolation.svg");
      page.link("interpolation.csv", "interpolation.csv");
    }
    page.write(dir.resolve("index.html"));
    return new Line(alphas, line);
  }

  private static List<String> header(String first, String[] names) {
    List<String> h = new ArrayList<>();
    h.add(first);
    for (String n : names) {
      h.add(n + "_loss");
    }
    return h;
  }

  private static List<String> header2(String[] names) {
    List<String> h = new ArrayList<>(List.of("alpha", "beta"));
    for (String n : names) {
      h.add(n + "_loss");
    }
    return h;
  }

  private static Object[] row(double x, double[][] v, int i) {
    Object[] r = new Object[1 + v.length];
    r[0] = x;
    for (int k = 0; k < v.length; k++) {
      r[1 + k] = v[k][i];
    }
    return r;
  }
}
