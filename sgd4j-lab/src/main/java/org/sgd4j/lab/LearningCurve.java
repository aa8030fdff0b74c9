package org.sgd4j.lab;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sgd4j.io.AtomicFile;
import org.sgd4j.train.HistoryRow;
import org.sgd4j.train.LossTrace;

/**
 * The notes' learning-curve figure: loss against the number of training examples seen, the
 * training loss traced every few steps ({@link LossTrace}) and the test loss at each epoch end,
 * titled with the run's settings ("Optimizer-SGD lr-0.001 mt-0.5 bs-16"). Drawn with XChart and
 * written as PNG and SVG.
 */
public final class LearningCurve {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // servers and CI have no display
    }
  }

  private LearningCurve() {}

  /** The chart for {@code trace} (may be empty: then the epochs' mean training loss) and {@code history}. */
  public static XYChart chart(String title, List<LossTrace.Point> trace, List<HistoryRow> history) {
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("samples seen")
        .yAxisTitle("loss").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    String trainName = "train loss";
    if (!trace.isEmpty()) {
      for (LossTrace.Point p : trace) {
        x.add((double) p.samples());
        y.add(p.loss());
      }
    } else {
      trainName = "train loss (epoch mean)";
      for (HistoryRow r : history) {
        if (!Double.isNaN(r.trainLoss())) {
          x.add((double) r.samplesSeen());
          y.add(r.trainLoss());
        }
      }
    }
    if (!x.isEmpty()) {
      XYSeries s = chart.addSeries(trainName, x, y);
      s.setMarker(trace.isEmpty() ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE).setLineWidth(1.2f);
    }
    List<Double> tx = new ArrayList<>();
    List<Double> ty = new ArrayList<>();
    for (HistoryRow r : history) {
      if (!Double.isNaN(r.testLoss())) {
        tx.add((double) r.samplesSeen());
        ty.add(r.testLoss());
      }
    }
    if (!tx.isEmpty()) {
      XYSeries s = chart.addSeries("test loss", tx, ty);
      s.setMarker(SeriesMarkers.DIAMOND).setLineStyle(new BasicStroke(2f));
    }
    if (x.isEmpty() && tx.isEmpty()) {
      chart.addSeries("no data", new double[] {0}, new double[] {0});
    }
    return chart;
  }

  /**
   * Draws a throw-away chart, so that Java2D and the fonts are initialised now: they register JVM
   * shutdown hooks on first use, which fails if the first use is during shutdown (a run stopped by
   * a signal that still wants its plots).
   */
  public static void warmUp() {
    try {
      XYChart c = chart("", List.of(), List.of());
      BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
      svgBytes(c);
    } catch (IOException | RuntimeException e) {
      // the real drawing will report the problem
    }
  }

  /** Writes {@code base.png} and {@code base.svg} into {@code dir}, atomically; returns the two paths. */
  public static List<Path> write(XYChart chart, Path dir, String base) throws IOException {
    Path png = dir.resolve(base + ".png");
    Path svg = dir.resolve(base + ".svg");
    AtomicFile.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    AtomicFile.write(svg, svgBytes(chart));
    return List.of(png, svg);
  }

  /** The chart as an SVG document. */
  public static byte[] svgBytes(XYChart chart) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    return out.toByteArray();
  }
}
