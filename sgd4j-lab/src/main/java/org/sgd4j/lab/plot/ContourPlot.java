package org.sgd4j.lab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A contour plot of f(x1, x2) with iterate paths drawn on top, like d2l's {@code show_trace_2d}:
 * level lines from {@link ContourLines} (coloured from dark blue, low, to yellow, high) and each path
 * as a line with a dot at every iterate.
 */
public final class ContourPlot {
  private static final Color[] PATH_COLORS = {new Color(0xD6, 0x27, 0x28), new Color(0xFF, 0x7F, 0x0E),
      new Color(0x2C, 0xA0, 0x2C), new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B)};

  /** A named path of points {x1, x2}. */
  public record Path(String name, List<double[]> points) {}

  private ContourPlot() {}

  /** The chart of {@code f} over [x0, x1] × [y0, y1] with {@code levels} level lines and the paths. */
  public static XYChart of(String title, DoubleBinaryOperator f, double x0, double x1, double y0, double y1, int levels,
      List<Path> paths) {
    return of(title, "x1", "x2", ContourLines.sample(f, x0, x1, y0, y1, 121, 121), levels, paths);
  }

  /** The chart of sampled grid values with {@code levels} level lines and the paths. */
  public static XYChart of(String title, String xTitle, String yTitle, ContourLines grid, int levels, List<Path> paths) {
    double[] xs = grid.xs();
    double[] ys = grid.ys();
    double x0 = xs[0];
    double x1 = xs[xs.length - 1];
    double y0 = ys[0];
    double y1 = ys[ys.length - 1];
    XYChart chart = new XYChartBuilder().width(640).height(480).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
        .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(false);
    chart.getStyler().setXAxisMin(x0).setXAxisMax(x1).setYAxisMin(y0).setYAxisMax(y1);
    chart.getStyler().setLegendVisible(paths.size() > 1);
    double[] lv = grid.levels(levels);
    for (int k = 0; k < lv.length; k++) {
      double[][] line = grid.level(lv[k]);
      if (line[0].length == 0) {
        continue;
      }
      XYSeries s = chart.addSeries(String.format("f = %.3g", lv[k]), line[0], line[1]);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(levelColor(k / (double) Math.max(1, lv.length - 1)));
      s.setLineWidth(1f);
      s.setShowInLegend(false);
    }
    for (int p = 0; p < paths.size(); p++) {
      Path path = paths.get(p);
      double[] px = new double[path.points().size()];
      double[] py = new double[px.length];
      for (int i = 0; i < px.length; i++) {
        px[i] = clip(path.points().get(i)[0], x0, x1);
        py[i] = clip(path.points().get(i)[1], y0, y1);
      }
      XYSeries s = chart.addSeries(path.name(), px, py);
      Color c = PATH_COLORS[p % PATH_COLORS.length];
      s.setLineColor(c);
      s.setMarkerColor(c);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setLineStyle(new BasicStroke(1.5f));
    }
    chart.getStyler().setMarkerSize(5);
    return chart;
  }

  /** A point outside the frame is drawn on its edge, so a diverging path stays visible. */
  private static double clip(double v, double lo, double hi) {
    return Double.isNaN(v) ? v : Math.max(lo, Math.min(hi, v));
  }

  /** A viridis-like ramp: 0 dark blue, 0.5 teal, 1 yellow. */
  static Color levelColor(double t) {
    float[][] stops = {{0.27f, 0.00f, 0.33f}, {0.13f, 0.57f, 0.55f}, {0.99f, 0.91f, 0.14f}};
    double u = Math.max(0, Math.min(1, t)) * (stops.length - 1);
    int i = Math.min(stops.length - 2, (int) u);
    float w = (float) (u - i);
    return new Color(stops[i][0] + w * (stops[i + 1][0] - stops[i][0]), stops[i][1] + w * (stops[i + 1][1] - stops[i][1]),
        stops[i][2] + w * (stops[i + 1][2] - stops[i][2]));
  }
}
