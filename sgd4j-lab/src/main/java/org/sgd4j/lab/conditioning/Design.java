package org.sgd4j.lab.conditioning;

import java.util.Objects;
import org.sgd4j.data.Standardizer;

/**
 * A least-squares design: n rows of d features (row-major {@code x}) and targets {@code y}.
 *
 * @param name what the data is (for tables and file names)
 * @param n rows
 * @param d features
 * @param x the features, row-major n × d
 * @param y the targets, n of them
 */
public record Design(String name, int n, int d, double[] x, double[] y) {
  /** Checks the sizes and that every value is finite. */
  public Design {
    Objects.requireNonNull(name, "name");
    if (n < 1 || d < 1) {
      throw new IllegalArgumentException("a design needs n >= 1 and d >= 1, got n = " + n + ", d = " + d);
    }
    if (x.length != (long) n * d || y.length != n) {
      throw new IllegalArgumentException("design '" + name + "': x has " + x.length + " values and y " + y.length
          + ", expected n*d = " + (long) n * d + " and n = " + n);
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException("design '" + name + "': x[" + i / d + ", " + i % d + "] is " + x[i]);
      }
    }
  }

  /**
   * The standardised design: every feature column and the target shifted to mean 0 and scaled to
   * (population) standard deviation 1, as d2l's {@code (data - data.mean(0)) / data.std(0)}.
   */
  public Design standardized() {
    double[] z = Standardizer.fit(x, n, d).apply(x, n);
    double[] t = Standardizer.fit(y, n, 1).apply(y, n);
    return new Design(name, n, d, z, t);
  }

  /** The Hessian of f(w) = ‖Xw − y‖² / (2n): XᵀX / n. */
  public double[][] gram() {
    double[][] h = new double[d][d];
    for (int r = 0; r < n; r++) {
      int o = r * d;
      for (int i = 0; i < d; i++) {
        double xi = x[o + i];
        if (xi == 0) {
          continue;
        }
        for (int j = 0; j <= i; j++) {
          h[i][j] += xi * x[o + j];
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        h[i][j] /= n;
        h[j][i] = h[i][j];
      }
    }
    return h;
  }

  /** Xᵀy / n. */
  public double[] moment() {
    double[] b = new double[d];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < d; i++) {
        b[i] += x[r * d + i] * y[r];
      }
    }
    for (int i = 0; i < d; i++) {
      b[i] /= n;
    }
    return b;
  }
}
