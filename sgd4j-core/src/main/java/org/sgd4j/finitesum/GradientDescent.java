package org.sgd4j.finitesum;

import org.sgd4j.tensor.Rng;

/**
 * Full-gradient descent {@code x_{k+1} = x_k − α_k ∇f(x_k)}; each iteration costs {@code n}
 * gradient evaluations (one effective pass), and each extra evaluation of {@code f} in the line
 * search another {@code n}.
 *
 * <p>Step rules: a constant {@code α} (default {@code 1/L}); or the notes' backtracking estimate of
 * {@code L}: halve the estimate between iterations, then double it until the smoothness inequality
 * {@code f(x − ∇f(x)/L) ≤ f(x) − ‖∇f(x)‖²/(2L)} holds, and step {@code 1/L} (the Armijo rule with
 * parameter ½; Nesterov, "Gradient methods for minimizing composite functions", 2013).
 */
public final class GradientDescent implements Solver {
  private final double lr;
  private final double initialL;

  private GradientDescent(double lr, double initialL) {
    this.lr = lr;
    this.initialL = initialL;
  }

  /** Constant step {@code lr}; NaN means {@code 1/L} of the problem. */
  public static GradientDescent constant(double lr) {
    if (lr <= 0 || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("Invalid learning rate: " + lr);
    }
    return new GradientDescent(lr, Double.NaN);
  }

  /** Backtracking on the estimate of {@code L}, starting from {@code initialL > 0}. */
  public static GradientDescent backtracking(double initialL) {
    if (!(initialL > 0) || Double.isInfinite(initialL)) {
      throw new IllegalArgumentException("Invalid initial Lipschitz estimate: " + initialL);
    }
    return new GradientDescent(Double.NaN, initialL);
  }

  @Override
  public String name() {
    return Double.isNaN(initialL) ? "gd" : "gd-backtracking";
  }

  @Override
  public void minimize(FiniteSum p, double[] x, Rng rng, Recorder recorder) {
    int d = p.dim();
    int n = p.n();
    double[] g = new double[d];
    double[] trial = new double[d];
    boolean constant = Double.isNaN(initialL);
    double alpha = !constant ? Double.NaN : Double.isNaN(lr) ? 1 / p.lipschitz() : lr;
    if (constant && (!(alpha > 0) || Double.isInfinite(alpha))) {
      throw new IllegalArgumentException("gd: no step size: give lr, the Lipschitz constant of " + p.name() + " is unknown");
    }
    double lEstimate = initialL;
    recorder.start(x);
    while (!recorder.finished()) {
      p.fullGradient(x, g);
      long evals = n;
      if (!constant) {
        double f = p.value(x);
        double g2 = LinearModelProblem.squaredNorm(g);
        lEstimate /= 2;
        while (true) {
          for (int j = 0; j < d; j++) {
            trial[j] = x[j] - g[j] / lEstimate;
          }
          evals += n;
          if (p.value(trial) <= f - g2 / (2 * lEstimate) || g2 == 0 || lEstimate > 1e300) {
            break;
          }
          lEstimate *= 2;
        }
        alpha = 1 / lEstimate;
      }
      for (int j = 0; j < d; j++) {
        x[j] -= alpha * g[j];
      }
      if (recorder.count(evals)) {
        recorder.record(x);
      }
    }
  }
}
