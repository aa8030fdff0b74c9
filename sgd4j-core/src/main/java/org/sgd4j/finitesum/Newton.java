package org.sgd4j.finitesum;

import org.sgd4j.tensor.Rng;

/**
 * Damped Newton's method with the exact Hessian, for small {@code d}:
 * {@code x_{k+1} = x_k − t_k ∇²f(x_k)⁻¹ ∇f(x_k)}, {@code t_k} from backtracking (Armijo, 10⁻⁴,
 * halving) from {@code t = 1}; quadratic convergence near {@code x*} (Boyd and Vandenberghe,
 * "Convex Optimization", §9.5). The system is solved by Cholesky, O(d³). Cost is counted as
 * {@code n} evaluations for the gradient, {@code n} for the Hessian and {@code n} per extra value of
 * {@code f} in the line search.
 */
public final class Newton implements Solver {
  /** Largest dimension for which the dense d x d Hessian is formed. */
  public static final int MAX_DIM = 4000;

  @Override
  public String name() {
    return "newton";
  }

  @Override
  public void minimize(FiniteSum p, double[] x, Rng rng, Recorder recorder) {
    if (!p.hasHessian()) {
      throw new UnsupportedOperationException("newton: " + p.name() + " has no exact Hessian");
    }
    if (p.dim() > MAX_DIM) {
      throw new IllegalArgumentException("newton: d = " + p.dim() + " is too large for a dense Hessian (limit " + MAX_DIM
          + "): use an L-BFGS-type method");
    }
    recorder.start(x);
    double[] g = new double[p.dim()];
    while (!recorder.finished()) {
      p.fullGradient(x, g);
      double[][] h = new double[p.dim()][p.dim()];
      p.hessian(x, h);
      double[] dir = Cholesky.solve(h, g);
      int[] evaluations = {0};
      double[] next = lineSearch(p, x, g, dir, evaluations);
      System.arraycopy(next, 0, x, 0, x.length);
      if (recorder.count((2L + evaluations[0]) * p.n())) {
        recorder.record(x);
      }
    }
  }

  /** One damped Newton step from {@code x} with gradient {@code g}. */
  static double[] step(FiniteSum p, double[] x, double[] g) {
    double[][] h = new double[p.dim()][p.dim()];
    p.hessian(x, h);
    return lineSearch(p, x, g, Cholesky.solve(h, g), new int[1]);
  }

  private static double[] lineSearch(FiniteSum p, double[] x, double[] g, double[] dir, int[] evaluations) {
    double decrement = 0;
    for (int j = 0; j < x.length; j++) {
      decrement += g[j] * dir[j];
    }
    double[] trial = new double[x.length];
    double f = p.value(x);
    evaluations[0]++;
    double t = 1;
    for (int tries = 0; tries < 60; tries++) {
      for (int j = 0; j < x.length; j++) {
        trial[j] = x[j] - t * dir[j];
      }
      // Near x* the decrease t·g·d is below rounding in f: the full step is then taken.
      if (decrement <= 1e-15 * Math.abs(f) && t == 1) {
        return trial;
      }
      evaluations[0]++;
      if (p.value(trial) <= f - 1e-4 * t * decrement) {
        return trial;
      }
      t /= 2;
    }
    return x.clone();
  }
}
