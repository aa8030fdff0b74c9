package org.sgd4j.lab.largebatch;

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
 * Writes the large-batch curves: {@code large-batch.csv} (run, samples, loss, lr), {@code
 * loss-vs-samples.png/svg}, {@code lr-vs-samples.png/svg} and {@code index.html} with a summary table.
 */
public final class LargeBatchReport {
  private LargeBatchReport() {}

  /** Writes the curves into {@code dir}. */
  public static void write(List<LargeBatchCurve> curves, String data, Path dir) throws IOException {
    Files.createDirectories(dir);
    CsvFile csv = new CsvFile(List.of("run", "optimizer", "batch_size", "samples", "loss", "lr"));
    LineChart loss = LineChart.of("Training loss against samples seen (" + data + ")", "samples", "loss").logY();
    LineChart lr = LineChart.of("Learning rate against samples seen", "samples", "lr");
    List<List<String>> rows = new ArrayList<>();
    for (LargeBatchCurve c : curves) {
      double[] x = new double[c.samples().length];
      List<double[]> finite = new ArrayList<>();
      for (int i = 0; i < x.length; i++) {
        x[i] = c.samples()[i];
        csv.row(c.run().name(), c.run().optimizer(), c.run().batchSize(), c.samples()[i], c.loss()[i], c.lr()[i]);
        if (Double.isFinite(c.loss()[i]) && c.loss()[i] > 0) {
          finite.add(new double[] {x[i], c.loss()[i]});
        }
      }
      loss.series(c.run().name(), finite.stream().mapToDouble(p -> p[0]).toArray(),
          finite.stream().mapToDouble(p -> p[1]).toArray(), false);
      lr.series(c.run().name(), x, c.lr(), false);
      rows.add(List.of(c.run().name(), String.valueOf(c.run().batchSize()), fmt(c.run().lr()),
          String.valueOf(c.run().warmupSteps()), c.divergedAtStep() >= 0 ? "diverged at step " + c.divergedAtStep()
              : fmt(c.finalLoss()), Double.isNaN(c.testAccuracy()) ? "" : fmt(c.testAccuracy())));
    }
    csv.write(dir.resolve("large-batch.csv"));
    ChartFiles.save(loss.chart(), dir, "loss-vs-samples");
    ChartFiles.save(lr.chart(), dir, "lr-vs-samples");
    HtmlPage page = new HtmlPage("Large batches: linear scaling, warm-up, LARS");
    page.paragraph("Goyal et al. (2017): when the mini-batch grows k-fold, multiply the learning rate by k, and warm "
        + "it up linearly over the first steps; You et al. (2017): LARS scales each layer's step by ‖w‖/‖∇w‖. Every run "
        + "starts from the same weights and sees the same samples (" + data + ").");
    page.image("loss-vs-samples.png", "Training loss (fixed evaluation subset) against samples seen",
        "loss-vs-samples.svg");
    page.image("lr-vs-samples.png", "Learning rate against samples seen", "lr-vs-samples.svg");
    page.table(List.of("run", "batch", "lr", "warm-up steps", "final loss", "test accuracy"), rows);
    page.link("large-batch.csv", "large-batch.csv");
    page.write(dir.resolve("index.html"));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
