package org.sgd4j.lab.biasvariance;

/**
 * Ridge regression on polynomial features of a scalar input x ∈ [−1, 1]: the Chebyshev polynomials
 * T_0(x) = 1, T_1(x) = x, T_{k+1}(x) = 2x T_k(x) − T_{k−1}(x) up to the degree (the same model space
 * as the monomials, far better conditioned), and w = argmin ‖Φw − y‖²/n + λ‖w‖², i.e.
 * (ΦᵀΦ/n + λI) w = Φᵀy/n, solved by Cholesky in double precision.
 */
public final class PolynomialRidge {
  private final double[] w;

  private PolynomialRidge(double[] w) {
    this.w = w;
  }

  /** The Chebyshev features T_0(x), …, T_degree(x). */
  static double[] features(double x, int degree) {
    double[] f = new double[degree + 1];
    f[0] = 1;
    if (degree >= 1) {
      f[1] = x;
    }
    for (int k = 1; k < degree; k++) {
      f[k + 1] = 2 * x * f[k] - f[k - 1];
    }
    return f;
  }

  /** Fits the model of {@code degree} with ridge {@code lambda} to (x, y). */
  public static PolynomialRidge fit(double[] x, double[] y, int degree, double lambda) {
    if (degree < 0) {
      throw new IllegalArgumentException("degree must be >= 0, got " + degree);
    }
    if (!(lambda >= 0)) {
      throw new IllegalArgumentException("ridge lambda must be >= 0, got " + lambda);
    }
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException("need as many targets as inputs (and at least one): " + x.length + " x, "
          + y.length + " y");
    }
    int p = degree + 1;
    int n = x.length;
    double[][] a = new double[p][p];
    double[] b = new double[p];
    for (int i = 0; i < n; i++) {
      double[] f = features(x[i], degree);
      for (int r = 0; r < p; r++) {
        b[r] += f[r] * y[i] / n;
        for (int c = 0; c <= r; c++) {
          a[r][c] += f[r] * f[c] / n;
        }
      }
    }
    for (int r = 0; r < p; r++) {
      a[r][r] += lambda;
    }
    return new PolynomialRidge(choleskySolve(a, b));
  }

  /** Solves A w = b for symmetric positive definite A given by its lower triangle. */
  static double[] choleskySolve(double[][] a, double[] b) {
    int p = b.length;
    double[][] l = new double[p][p];
    for (int j = 0; j < p; j++) {
      double s = a[j][j];
      for (int k = 0; k < j; k++) {
        s -= l[j][k] * l[j][k];
      }
      if (!(s > 0)) {
        throw new ArithmeticException("the ridge system is not positive definite at pivot " + j + " (" + s
            + "): use lambda > 0 or fewer features than distinct inputs");
      }
      l[j][j] = Math.sqrt(s);
      for (int i = j + 1; i < p; i++) {
        double t = a[i][j];
        for (int k = 0; k < j; k++) {
          t -= l[i][k] * l[j][k];
        }
        l[i][j] = t / l[j][j];
      }
    }
    double[] z = new double[p];
    for (int i = 0; i < p; i++) {
      double t = b[i];
      for (int k = 0; k < i; k++) {
        t -= l[i][k] * z[k];
      }
      z[i] = t / l[i][i];
    }
    double[] w = new double[p];
    for (int i = p - 1; i >= 0; i--) {
      double t = z[i];
      for (int k = i + 1; k < p; k++) {
        t -= l[k][i] * w[k];
      }
      w[i] = t / l[i][i];
    }
    return w;
  }

  /** The prediction at x. */
  public double predict(double x) {
    double[] f = features(x, w.length - 1);
    double s = 0;
    for (int k = 0; k < w.length; k++) {
      s += w[k] * f[k];
    }
    return s;
  }

  /** The coefficients on T_0 … T_degree. */
  public double[] coefficients() {
    return w.clone();
  }
}
