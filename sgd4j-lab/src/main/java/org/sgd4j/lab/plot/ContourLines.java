package org.sgd4j.lab.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * Level sets of f(x, y) on a rectangular grid by marching squares (Lorensen and Cline 1987, in its
 * 2-D form): in every grid cell, each edge whose end values straddle the level gets the linearly
 * interpolated crossing point, and the crossings are joined in pairs into segments (the two
 * ambiguous saddle cases are resolved by the value at the cell centre).
 *
 * <p>The segments of one level are returned as one polyline with {@code NaN} separators, the form
 * line charts draw with gaps.
 */
public final class ContourLines {
  private final double[] xs;
  private final double[] ys;
  private final double[][] z; // z[j][i] = f(xs[i], ys[j])

  private ContourLines(double[] xs, double[] ys, double[][] z) {
    this.xs = xs;
    this.ys = ys;
    this.z = z;
  }

  /** Level sets of given grid values {@code z[j][i]} at (xs[i], ys[j]); both axes increasing. */
  public static ContourLines of(double[] xs, double[] ys, double[][] z) {
    if (xs.length < 2 || ys.length < 2 || z.length != ys.length) {
      throw new IllegalArgumentException("a contour grid needs at least 2 x 2 points and one row per y: got "
          + xs.length + " x, " + ys.length + " y, " + z.length + " rows");
    }
    double[][] c = new double[z.length][];
    for (int j = 0; j < z.length; j++) {
      if (z[j].length != xs.length) {
        throw new IllegalArgumentException("contour row " + j + " has " + z[j].length + " values, expected " + xs.length);
      }
      c[j] = z[j].clone();
    }
    return new ContourLines(xs.clone(), ys.clone(), c);
  }

  /** The x grid. */
  public double[] xs() {
    return xs.clone();
  }

  /** The y grid. */
  public double[] ys() {
    return ys.clone();
  }

  /** Samples {@code f} on an {@code nx} × {@code ny} grid over [x0, x1] × [y0, y1]. */
  public static ContourLines sample(DoubleBinaryOperator f, double x0, double x1, double y0, double y1, int nx, int ny) {
    if (nx < 2 || ny < 2) {
      throw new IllegalArgumentException("a contour grid needs at least 2 x 2 points, got " + nx + " x " + ny);
    }
    if (!(x1 > x0) || !(y1 > y0)) {
      throw new IllegalArgumentException("empty contour range [" + x0 + ", " + x1 + "] x [" + y0 + ", " + y1 + "]");
    }
    double[] xs = new double[nx];
    double[] ys = new double[ny];
    for (int i = 0; i < nx; i++) {
      xs[i] = x0 + (x1 - x0) * i / (nx - 1);
    }
    for (int j = 0; j < ny; j++) {
      ys[j] = y0 + (y1 - y0) * j / (ny - 1);
    }
    double[][] z = new double[ny][nx];
    for (int j = 0; j < ny; j++) {
      for (int i = 0; i < nx; i++) {
        z[j][i] = f.applyAsDouble(xs[i], ys[j]);
      }
    }
    return new ContourLines(xs, ys, z);
  }

  /** The smallest finite grid value. */
  public double min() {
    double m = Double.POSITIVE_INFINITY;
    for (double[] row : z) {
      for (double v : row) {
        if (Double.isFinite(v)) {
          m = Math.min(m, v);
        }
      }
    }
    return m;
  }

  /** The largest finite grid value. */
  public double max() {
    double m = Double.NEGATIVE_INFINITY;
    for (double[] row : z) {
      for (double v : row) {
        if (Double.isFinite(v)) {
          m = Math.max(m, v);
        }
      }
    }
    return m;
  }

  /**
   * {@code count} levels strictly inside (min, max) of the grid values, at min + (max − min)·s_k²
   * with s_k = k/(count + 1): denser near the minimum, so a quadratic's ellipses come out evenly
   * spaced in x.
   */
  public double[] levels(int count) {
    double lo = min();
    double hi = max();
    double[] levels = new double[count];
    for (int k = 0; k < count; k++) {
      double s = (k + 1) / (double) (count + 1);
      levels[k] = lo + (hi - lo) * s * s;
    }
    return levels;
  }

  /**
   * The level set {f = level} as {x[], y[]}: segments of two points each, separated by NaN.
   */
  public double[][] level(double level) {
    List<double[]> pts = new ArrayList<>();
    for (int j = 0; j + 1 < ys.length; j++) {
      for (int i = 0; i + 1 < xs.length; i++) {
        cell(i, j, level, pts);
      }
    }
    double[] x = new double[pts.size()];
    double[] y = new double[pts.size()];
    for (int k = 0; k < x.length; k++) {
      x[k] = pts.get(k)[0];
      y[k] = pts.get(k)[1];
    }
    return new double[][] {x, y};
  }

  private void cell(int i, int j, double level, List<double[]> out) {
    // corners counter-clockwise from bottom-left: a(i,j) b(i+1,j) c(i+1,j+1) d(i,j+1)
    double a = z[j][i];
    double b = z[j][i + 1];
    double c = z[j + 1][i + 1];
    double d = z[j + 1][i];
    if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c) && Double.isFinite(d))) {
      return;
    }
    double[][] cross = new double[4][];
    int n = 0;
    double[] e0 = edge(level, a, b, xs[i], ys[j], xs[i + 1], ys[j]);
    double[] e1 = edge(level, b, c, xs[i + 1], ys[j], xs[i + 1], ys[j + 1]);
    double[] e2 = edge(level, c, d, xs[i + 1], ys[j + 1], xs[i], ys[j + 1]);
    double[] e3 = edge(level, d, a, xs[i], ys[j + 1], xs[i], ys[j]);
    for (double[] e : new double[][] {e0, e1, e2, e3}) {
      if (e != null) {
        cross[n++] = e;
      }
    }
    if (n == 2) {
      segment(cross[0], cross[1], out);
    } else if (n == 4) {
      boolean centreAbove = (a + b + c + d) / 4 >= level;
      boolean aAbove = a >= level;
      // a's corner is cut off by e3-e0 when the centre is on the other side of the level
      if (centreAbove != aAbove) {
        segment(e3, e0, out);
        segment(e1, e2, out);
      } else {
        segment(e0, e1, out);
        segment(e2, e3, out);
      }
    }
  }

  private static double[] edge(double level, double va, double vb, double xa, double ya, double xb, double yb) {
    if ((va >= level) == (vb >= level)) {
      return null;
    }
    double t = (level - va) / (vb - va);
    return new double[] {xa + t * (xb - xa), ya + t * (yb - ya)};
  }

  private static void segment(double[] p, double[] q, List<double[]> out) {
    out.add(p);
    out.add(q);
    out.add(new double[] {Double.NaN, Double.NaN});
  }
}
