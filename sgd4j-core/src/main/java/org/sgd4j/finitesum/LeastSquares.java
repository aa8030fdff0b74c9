package org.sgd4j.finitesum;

import org.sgd4j.data.CsrMatrix;
import org.sgd4j.tensor.Rng;

/**
 * Least squares with an optional ridge term:
 * {@code f(x) = (1/n) Σ ½(⟨a_i, x⟩ − b_i)² + (μ/2)‖x‖²}.
 *
 * <p>{@code φ_i(t) = ½(t − b_i)²}, {@code φ_i'' = 1}, so {@code L_i = ‖a_i‖² + μ},
 * {@code L = λ_max(AᵀA/n) + μ}; {@link #mu()} reports the ridge {@code μ} (a lower bound of the
 * strong-convexity constant {@code λ_min(AᵀA/n) + μ}).
 */
public final class LeastSquares extends LinearModelProblem {

  /** The problem over rows {@code a}, responses {@code b} and ridge {@code mu ≥ 0}. */
  public LeastSquares(CsrMatrix a, double[] b, double mu) {
    super(a, b, mu);
  }

  /** Dense rows. */
  public static LeastSquares dense(double[][] a, double[] b, double mu) {
    return new LeastSquares(denseRows(a), b, mu);
  }

  /** {@code b = A w + noise·N(0,1)} for a random {@code w}, rows N(0,1) with the given density. */
  public static LeastSquares synthetic(int n, int d, double density, double noise, double mu, long seed) {
    Rng rng = new Rng(seed);
    CsrMatrix a = randomSparse(n, d, density, rng);
    double[] w = new double[d];
    for (int j = 0; j < d; j++) {
      w[j] = rng.nextGaussian();
    }
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = a.dot(i, w) + noise * rng.nextGaussian();
    }
    return new LeastSquares(a, b, mu);
  }

  @Override
  public double loss(int i, double t) {
    double r = t - target(i);
    return 0.5 * r * r;
  }

  @Override
  public double lossDerivative(int i, double t) {
    return t - target(i);
  }

  @Override
  public double lossSecondDerivative(int i, double t) {
    return 1;
  }

  @Override
  public double curvatureBound() {
    return 1;
  }
}
