package org.sgd4j.finitesum;

/** Solves {@code H d = g} for a symmetric positive definite {@code H} by Cholesky, {@code H = R Rᵀ}. */
final class Cholesky {
  private Cholesky() {}

  /** The solution of {@code h x = rhs}; throws when {@code h} is not positive definite. */
  static double[] solve(double[][] h, double[] rhs) {
    int d = rhs.length;
    double[][] r = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = h[i][j];
        for (int k = 0; k < j; k++) {
          s -= r[i][k] * r[j][k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new ArithmeticException("Hessian is not positive definite (pivot " + s + " at row " + i
                + "): Newton needs a strongly convex problem (mu > 0)");
          }
          r[i][i] = Math.sqrt(s);
        } else {
          r[i][j] = s / r[j][j];
        }
      }
    }
    double[] y = new double[d];
    for (int i = 0; i < d; i++) {
      double s = rhs[i];
      for (int k = 0; k < i; k++) {
        s -= r[i][k] * y[k];
      }
      y[i] = s / r[i][i];
    }
    double[] x = new double[d];
    for (int i = d - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < d; k++) {
        s -= r[k][i] * x[k];
      }
      x[i] = s / r[i][i];
    }
    return x;
  }
}
