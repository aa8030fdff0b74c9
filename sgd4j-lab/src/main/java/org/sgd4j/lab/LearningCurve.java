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
import org.sgd4j.lab.plot.LineChart;
import org.sgd4j.lab.plot.Smoothing;
import org.sgd4j.train.HistoryRow;
import org.sgd4j.train.LossTrace;

/**
 * The notes' learning-curve figure: loss against the number of training examples seen, the
 * training loss of every step ({@link LossTrace}) drawn faint and, over it, its EMA (as TensorBoard
 * smooths, {@link Smoothing#ema}, time constant {@value #SMOOTHING_FRACTION} of the run's samples),
 * and the test loss at each epoch end, titled with the run's settings ("Optimizer-SGD lr-0.001
 * mt-0.5 bs-16"); and the test accuracy per epoch. Drawn with XChart, axes in human numbers ("50k"),
 * written as PNG and SVG.
 */
public final class LearningCurve {
  /** The EMA's time constant as a fraction of the samples the curve spans. */
  public static final double SMOOTHING_FRACTION = 0.02;

  /** At most this many points of a curve are drawn (the smoothing uses them all). */
  static final int MAX_POINTS = 1000;

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
    LineChart.humanAxes(chart);
    chart.getStyler().setXAxisMin(0.0); // round ticks (0, 10k, 20k, ...) rather than ticks from the first point
    boolean any = false;
    if (!trace.isEmpty()) {
      double[][] xy = finite(trace);
      if (xy[0].length > 0) {
        double[] smooth = smoothed(xy[0], xy[1]);
        int[] keep = Smoothing.spread(xy[0].length, MAX_POINTS);
        double[] x = LineChart.roundTicks(Smoothing.pick(xy[0], keep));
        chart.addSeries("train loss (each step)", x, Smoothing.pick(xy[1], keep)).setMarker(SeriesMarkers.NONE)
            .setLineColor(new Color(31, 119, 180, 70)).setLineWidth(0.8f);
        chart.addSeries("train loss (EMA)", x, Smoothing.pick(smooth, keep)).setMarker(SeriesMarkers.NONE)
            .setLineColor(new Color(31, 119, 180)).setLineWidth(2f);
        any = true;
      }
    } else {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (HistoryRow r : history) {
        if (!Double.isNaN(r.trainLoss())) {
          x.add((double) r.samplesSeen());
          y.add(r.trainLoss());
        }
      }
      if (!x.isEmpty()) {
        chart.addSeries("train loss (epoch mean)", ticks(x), unbox(y)).setMarker(SeriesMarkers.CIRCLE).setLineWidth(1.2f);
        any = true;
      }
    }
    List<Double> tx = new ArrayList<>();
    List<Double> ty = new ArrayList<>();
    for (HistoryRow r : history) {
      if (Double.isFinite(r.testLoss())) {
        tx.add((double) r.samplesSeen());
        ty.add(r.testLoss());
      }
    }
    if (!tx.isEmpty()) {
      XYSeries s = chart.addSeries("test loss", ticks(tx), unbox(ty));
      s.setMarker(SeriesMarkers.DIAMOND).setLineStyle(new BasicStroke(2f));
      s.setLineColor(new Color(214, 39, 40));
      s.setMarkerColor(new Color(214, 39, 40));
      any = true;
    }
    if (!any) {
      chart.addSeries("no data", new double[] {0}, new double[] {0});
    }
    return chart;
  }

  /** The test accuracy at each epoch end against samples seen; null when the run has none (not a classifier). */
  public static XYChart accuracyChart(String title, List<HistoryRow> history) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (HistoryRow r : history) {
      if (Double.isFinite(r.testAccuracy())) {
        x.add((double) r.samplesSeen());
        y.add(100 * r.testAccuracy());
      }
    }
    if (x.isEmpty()) {
      return null;
    }
    XYChart chart = new XYChartBuilder().width(800).height(400).title(title).xAxisTitle("samples seen")
        .yAxisTitle("test accuracy (%)").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisMin(0.0);
    LineChart.humanAxes(chart);
    XYSeries s = chart.addSeries("test accuracy", ticks(x), unbox(y));
    s.setMarker(SeriesMarkers.DIAMOND);
    s.setLineColor(new Color(44, 160, 44));
    s.setMarkerColor(new Color(44, 160, 44));
    return chart;
  }

  private static double[] unbox(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] ticks(List<Double> x) {
    return LineChart.roundTicks(unbox(x));
  }

  /** The EMA of a training curve, its time constant {@link #SMOOTHING_FRACTION} of the samples it spans. */
  public static double[] smoothed(double[] samples, double[] loss) {
    double span = samples.length == 0 ? 1 : samples[samples.length - 1] - samples[0];
    return Smoothing.ema(samples, loss, Math.max(1, SMOOTHING_FRACTION * span));
  }

  /** The trace's points with a finite loss, as {x, y}. */
  public static double[][] finite(List<LossTrace.Point> trace) {
    double[] x = new double[trace.size()];
    double[] y = new double[trace.size()];
    int n = 0;
    for (LossTrace.Point p : trace) {
      if (Double.isFinite(p.loss())) {
        x[n] = p.samples();
        y[n++] = p.loss();
      }
    }
    return new double[][] {java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n)};
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
