package org.sgd4j.finitesum;

import org.sgd4j.tensor.Rng;

/**
 * A quadratic with a chosen spectrum, written as a finite sum with additive gradient noise:
 * {@code f_i(x) = ½ xᵀQx + (c + ξ_i)ᵀx + b}, {@code Σ ξ_i = 0}, so
 * {@code f(x) = ½ xᵀQx + cᵀx + b}, {@code ∇f_i(x) = ∇f(x) + ξ_i}.
 *
 * <p>{@code Q = U diag(λ) Uᵀ} with a random orthogonal {@code U}, so {@code L_i = L = max λ},
 * {@code μ = min λ}, {@code x* = −Q⁻¹c} and {@code f* = b − ½ cᵀQ⁻¹c} are exact, and the gradient
 * noise at the optimum is {@code σ² = E‖∇f_i(x*) − ∇f(x*)‖² = (1/n) Σ ‖ξ_i‖²} exactly
 * ({@link #sigma2()}): the setting of the notes' bound {@code E[f(x_k)] − f* → ≤ Lσ²α/(4μ)} for SGD
 * with a constant step.
 */
public final class Quadratic implements FiniteSum {
  private final double[] eigenvalues;
  private final double[][] u;
  private final double[][] q;
  private final double[] c;
  private final double b;
  private final double[][] xi;
  private final double sigma2;

  private Quadratic(double[] eigenvalues, double[][] u, double[] c, double b, double[][] xi) {
    this.eigenvalues = eigenvalues;
    this.u = u;
    this.c = c;
    this.b = b;
    this.xi = xi;
    int d = eigenvalues.length;
    q = new double[d][d];
    for (int r = 0; r < d; r++) {
      for (int s = 0; s < d; s++) {
        double v = 0;
        for (int k = 0; k < d; k++) {
          v += u[r][k] * eigenvalues[k] * u[s][k];
        }
        q[r][s] = v;
      }
    }
    double s2 = 0;
    for (double[] row : xi) {
      s2 += LinearModelProblem.squaredNorm(row);
    }
    sigma2 = s2 / xi.length;
  }

  /**
   * A quadratic with eigenvalues {@code spectrum} (all positive), {@code n} terms and Gaussian
   * gradient noise of standard deviation {@code noise} per coordinate (centred so it sums to zero).
   */
  public static Quadratic withSpectrum(double[] spectrum, int n, double noise, long seed) {
    if (spectrum.length == 0) {
      throw new IllegalArgumentException("Quadratic: empty spectrum");
    }
    for (double l : spectrum) {
      if (!(l > 0) || Double.isInfinite(l)) {
        throw new IllegalArgumentException("Quadratic: eigenvalues must be positive and finite, got " + l);
      }
    }
    if (n < 1) {
      throw new IllegalArgumentException("Quadratic: n must be at least 1, got " + n);
    }
    if (!(noise >= 0)) {
      throw new IllegalArgumentException("Quadratic: invalid noise " + noise);
    }
    int d = spectrum.length;
    Rng rng = new Rng(seed);
    double[][] u = randomOrthogonal(d, rng);
    double[] c = new double[d];
    for (int j = 0; j < d; j++) {
      c[j] = rng.nextGaussian();
    }
    double b = rng.nextGaussian();
    double[][] xi = new double[n][d];
    double[] mean = new double[d];
    for (double[] row : xi) {
      for (int j = 0; j < d; j++) {
        row[j] = noise * rng.nextGaussian();
        mean[j] += row[j] / n;
      }
    }
    for (double[] row : xi) {
      for (int j = 0; j < d; j++) {
        row[j] -= mean[j];
      }
    }
    return new Quadratic(spectrum.clone(), u, c, b, xi);
  }

  /** Columns orthonormal by modified Gram–Schmidt on a Gaussian matrix (Haar up to signs). */
  private static double[][] randomOrthogonal(int d, Rng rng) {
    double[][] cols = new double[d][d];
    for (int k = 0; k < d; k++) {
      for (int j = 0; j < d; j++) {
        cols[k][j] = rng.nextGaussian();
      }
      for (int p = 0; p < k; p++) {
        double dot = 0;
        for (int j = 0; j < d; j++) {
          dot += cols[p][j] * cols[k][j];
        }
        for (int j = 0; j < d; j++) {
          cols[k][j] -= dot * cols[p][j];
        }
      }
      double norm = Math.sqrt(LinearModelProblem.squaredNorm(cols[k]));
      for (int j = 0; j < d; j++) {
        cols[k][j] /= norm;
      }
    }
    double[][] u = new double[d][d];
    for (int r = 0; r < d; r++) {
      for (int k = 0; k < d; k++) {
        u[r][k] = cols[k][r];
      }
    }
    return u;
  }

  /** The gradient-noise variance at the optimum, {@code (1/n) Σ ‖ξ_i‖²}. */
  public double sigma2() {
    return sigma2;
  }

  /** The exact optimal value {@code f* = b − ½ cᵀQ⁻¹c}. */
  public double optimalValue() {
    return value(knownMinimizer());
  }

  @Override
  public int n() {
    return xi.length;
  }

  @Override
  public int dim() {
    return eigenvalues.length;
  }

  private double quadraticPart(double[] x) {
    double s = 0;
    for (int r = 0; r < x.length; r++) {
      double qr = 0;
      for (int j = 0; j < x.length; j++) {
        qr += q[r][j] * x[j];
      }
      s += x[r] * (0.5 * qr + c[r]);
    }
    return s + b;
  }

  @Override
  public double value(int i, double[] x) {
    double s = quadraticPart(x);
    for (int j = 0; j < x.length; j++) {
      s += xi[i][j] * x[j];
    }
    return s;
  }

  @Override
  public double value(double[] x) {
    checkPoint(x);
    return quadraticPart(x);
  }

  @Override
  public void gradient(int i, double[] x, double[] out) {
    fullGradient(x, out);
    for (int j = 0; j < out.length; j++) {
      out[j] += xi[i][j];
    }
  }

  @Override
  public void fullGradient(double[] x, double[] out) {
    for (int r = 0; r < x.length; r++) {
      double v = c[r];
      for (int j = 0; j < x.length; j++) {
        v += q[r][j] * x[j];
      }
      out[r] = v;
    }
  }

  @Override
  public double lipschitz(int i) {
    return lipschitz();
  }

  @Override
  public double lipschitz() {
    double m = 0;
    for (double l : eigenvalues) {
      m = Math.max(m, l);
    }
    return m;
  }

  @Override
  public double mu() {
    double m = Double.POSITIVE_INFINITY;
    for (double l : eigenvalues) {
      m = Math.min(m, l);
    }
    return m;
  }

  @Override
  public boolean hasHessian() {
    return true;
  }

  @Override
  public void hessian(double[] x, double[][] out) {
    for (int r = 0; r < q.length; r++) {
      System.arraycopy(q[r], 0, out[r], 0, q.length);
    }
  }

  /** {@code x* = −U diag(1/λ) Uᵀ c}. */
  @Override
  public double[] knownMinimizer() {
    int d = dim();
    double[] utc = new double[d];
    for (int k = 0; k < d; k++) {
      for (int j = 0; j < d; j++) {
        utc[k] += u[j][k] * c[j];
      }
      utc[k] /= eigenvalues[k];
    }
    double[] x = new double[d];
    for (int r = 0; r < d; r++) {
      double v = 0;
      for (int k = 0; k < d; k++) {
        v += u[r][k] * utc[k];
      }
      x[r] = -v;
    }
    return x;
  }

  @Override
  public String name() {
    return "Quadratic(n=" + n() + ", d=" + dim() + ", L=" + lipschitz() + ", mu=" + mu() + ")";
  }
}
