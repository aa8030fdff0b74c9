package org.sgd4j.optim;

/**
 * Dense solves of {@code A x = b} in double precision for {@link Newton}: Cholesky when A is
 * symmetric positive definite, else Gaussian elimination with partial pivoting.
 */
final class LinearSolve {
  private LinearSolve() {}

  /** x with A x = b; A and b are not modified. */
  static double[] solve(double[][] a, double[] b) {
    double[] x = cholesky(a, b);
    return x != null ? x : lu(a, b);
  }

  /** The Cholesky solve, or null when A is not (numerically) positive definite. */
  static double[] cholesky(double[][] a, double[] b) {
    int n = b.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = (a[i][j] + a[j][i]) / 2;
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > 1e-12 * Math.abs(a[i][i]))) {
            return null;
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }

  /** Gaussian elimination with partial pivoting; fails clearly on a singular matrix. */
  static double[] lu(double[][] a0, double[] b0) {
    int n = b0.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = a0[i].clone();
    }
    double[] b = b0.clone();
    double scale = 0;
    for (double[] row : a) {
      for (double v : row) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
          p = r;
        }
      }
      if (Math.abs(a[p][c]) <= 1e-12 * Math.max(scale, Double.MIN_NORMAL)) {
        throw new ArithmeticException("Newton: the Hessian is singular (pivot " + a[p][c] + " in column " + c
            + " of " + n + "); add damping");
      }
      double[] tr = a[c];
      a[c] = a[p];
      a[p] = tr;
      double tb = b[c];
      b[c] = b[p];
      b[p] = tb;
      for (int r = c + 1; r < n; r++) {
        double f = a[r][c] / a[c][c];
        if (f != 0) {
          for (int k = c; k < n; k++) {
            a[r][k] -= f * a[c][k];
          }
          b[r] -= f * b[c];
        }
      }
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = b[i];
      for (int k = i + 1; k < n; k++) {
        s -= a[i][k] * x[k];
      }
      x[i] = s / a[i][i];
    }
    return x;
  }
}
