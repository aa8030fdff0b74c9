package org.sgd4j.lab.plot;

import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A line chart of named series y(x), optionally with logarithmic axes: the lab's curves. */
public final class LineChart {
  private final XYChart chart;

  private LineChart(XYChart chart) {
    this.chart = chart;
  }

  /** An empty chart with a title and axis titles. */
  public static LineChart of(String title, String xTitle, String yTitle) {
    XYChart c = new XYChartBuilder().width(640).height(540).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setMarkerSize(4);
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    humanAxes(c);
    return new LineChart(c);
  }

  /** Tick labels as {@link HumanNumber}s ("50k", not "5E4") on both axes of {@code c}. */
  public static void humanAxes(XYChart c) {
    c.getStyler().setxAxisTickLabelsFormattingFunction(HumanNumber::format);
    c.getStyler().setyAxisTickLabelsFormattingFunction(HumanNumber::format);
  }

  /** Logarithmic y axis (non-positive values must not be added). */
  public LineChart logY() {
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setPlotGridLinesVisible(false); // XChart's log-axis grid is a dense dotted mesh
    return this;
  }

  /** Logarithmic x axis. */
  public LineChart logX() {
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setPlotGridLinesVisible(false);
    return this;
  }

  /** Adds a series; {@code markers} draws a dot at each point. */
  public LineChart series(String name, double[] x, double[] y, boolean markers) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
    }
    XYSeries s = chart.addSeries(name, roundTicks(x), y);
    s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    return this;
  }

  /**
   * {@code x} with its last value moved by 2e-4 when the values are equally spaced over a span of at
   * least 1: XChart then puts its ticks at data positions ("16, 640, 1.26k") instead of round ones
   * ("0, 2k, 4k") once a label formatter is set; the move is below a pixel at any chart size.
   */
  public static double[] roundTicks(double[] x) {
    if (x.length < 2 || !(Math.abs(x[x.length - 1] - x[0]) >= 1)) {
      return x;
    }
    double[] out = x.clone();
    out[out.length - 1] += out[out.length - 1] >= out[0] ? 2e-4 : -2e-4;
    return out;
  }

  /** The XChart chart. */
  public XYChart chart() {
    return chart;
  }
}
