package org.sgd4j.finitesum;

import org.sgd4j.data.CsrMatrix;
import org.sgd4j.tensor.Rng;

/**
 * The notes' L2-regularised logistic regression,
 * {@code f(x) = (μ/2)‖x‖² + (1/n) Σ log(1 + exp(−y_i ⟨a_i, x⟩))} with labels {@code y_i ∈ {−1, +1}}.
 *
 * <p>{@code φ_i(t) = log(1 + e^{−y_i t})}, {@code φ_i'(t) = −y_i σ(−y_i t)},
 * {@code φ_i''(t) = σ(t) σ(−t) ≤ 1/4}, so {@code L_i = ‖a_i‖²/4 + μ} and {@code f} is
 * {@code μ}-strongly convex. scikit-learn's {@code LogisticRegression(C, fit_intercept=False)}
 * minimises {@code ½‖w‖² + C Σ log(1+exp(−y_i w·a_i))} = {@code C n f(w)} with {@code μ = 1/(C n)}.
 */
public final class LogisticRegression extends LinearModelProblem {

  /** The problem over rows {@code a} (dense or sparse), labels ±1 and L2 coefficient {@code mu}. */
  public LogisticRegression(CsrMatrix a, double[] labels, double mu) {
    super(a, labels, mu);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 1.0 && labels[i] != -1.0) {
        throw new IllegalArgumentException("LogisticRegression: label " + i + " is " + labels[i]
            + ", expected -1 or +1 (map 0/1 labels with 2y-1)");
      }
    }
  }

  /** Dense rows. */
  public static LogisticRegression dense(double[][] a, double[] labels, double mu) {
    return new LogisticRegression(denseRows(a), labels, mu);
  }

  /**
   * A synthetic problem: rows N(0, 1) with the given density, labels {@code sign(⟨a_i, w⟩ + noise)}
   * for a random {@code w}, with 10% of labels flipped so the data are not separable.
   */
  public static LogisticRegression synthetic(int n, int d, double density, double mu, long seed) {
    Rng rng = new Rng(seed);
    CsrMatrix a = randomSparse(n, d, density, rng);
    double[] w = new double[d];
    for (int j = 0; j < d; j++) {
      w[j] = rng.nextGaussian();
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double t = a.dot(i, w) + 0.5 * rng.nextGaussian();
      y[i] = (t >= 0) == (rng.nextDouble() >= 0.1) ? 1 : -1;
    }
    return new LogisticRegression(a, y, mu);
  }

  @Override
  public double loss(int i, double t) {
    return softplus(-target(i) * t);
  }

  @Override
  public double lossDerivative(int i, double t) {
    double y = target(i);
    return -y * sigmoid(-y * t);
  }

  @Override
  public double lossSecondDerivative(int i, double t) {
    double s = sigmoid(t);
    return s * (1 - s);
  }

  @Override
  public double curvatureBound() {
    return 0.25;
  }

  /** {@code log(1 + e^z)} without overflow. */
  static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  /** {@code 1 / (1 + e^{−z})} without overflow. */
  static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }
}
