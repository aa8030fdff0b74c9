package org.sgd4j.finitesum;

import org.sgd4j.tensor.Rng;

/**
 * SAGA (Defazio, Bach and Lacoste-Julien, NIPS 2014): the unbiased variant of SAG,
 * <pre>
 *   pick i_k;  x_{k+1} = x_k − α (∇f_{i_k}(x_k) − y_{i_k} + (1/n) Σ_i y_i);  y_{i_k} ← ∇f_{i_k}(x_k)
 * </pre>
 * with the table {@code y} starting at zero. One gradient evaluation per step; default step
 * {@code 1/(3 L_max)} (the paper's Theorem 1).
 *
 * <p>On a {@link LinearModelProblem} the table holds one scalar per example and the L2 term is
 * taken exactly at {@code x_k}, so the step is {@code x ← (1−αμ)x − α(Δg a_i + d/n)} with
 * {@code d = Σ g_j a_j}; sparse rows cost O(nnz(a_i)) per step through {@link LazyIterate}.
 */
public final class Saga implements Solver {
  private final double lr;

  /** SAGA with step {@code lr}; NaN for {@code 1/(3 L_max)}. */
  public Saga(double lr) {
    if (lr <= 0 || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("Invalid learning rate: " + lr);
    }
    this.lr = lr;
  }

  @Override
  public String name() {
    return "saga";
  }

  double step(FiniteSum p) {
    if (!Double.isNaN(lr)) {
      return lr;
    }
    double l = p.maxLipschitz();
    if (!(l > 0) || Double.isInfinite(l)) {
      throw new IllegalArgumentException("saga: no step size: give lr, the Lipschitz constants of " + p.name() + " are unknown");
    }
    return 1 / (3 * l);
  }

  @Override
  public void minimize(FiniteSum p, double[] x, Rng rng, Recorder recorder) {
    recorder.start(x);
    double alpha = step(p);
    if (p instanceof LinearModelProblem lm) {
      minimizeLinear(lm, x, alpha, rng, recorder);
    } else {
      minimizeGeneric(p, x, alpha, rng, recorder);
    }
  }

  private static void minimizeLinear(LinearModelProblem p, double[] x, double alpha, Rng rng, Recorder recorder) {
    int n = p.n();
    int[] ptr = p.data().rowPtr();
    int[] col = p.data().colIdx();
    double[] val = p.data().values();
    LazyIterate it = new LazyIterate(x);
    double[] table = new double[n];
    double shrink = 1 - alpha * p.l2();
    while (!recorder.finished()) {
      int i = rng.nextInt(n);
      double g = p.lossDerivative(i, it.dotRow(ptr, col, val, i));
      double delta = g - table[i];
      table[i] = g;
      it.step(shrink, alpha / n);
      it.addRow(ptr, col, val, i, -alpha * delta, delta);
      if (recorder.count(1)) {
        it.materialize(x);
        recorder.record(x);
      }
    }
    it.materialize(x);
  }

  private static void minimizeGeneric(FiniteSum p, double[] x, double alpha, Rng rng, Recorder recorder) {
    int n = p.n();
    int dim = p.dim();
    double[][] table = new double[n][dim];
    double[] sum = new double[dim];
    double[] g = new double[dim];
    while (!recorder.finished()) {
      int i = rng.nextInt(n);
      p.gradient(i, x, g);
      double[] y = table[i];
      for (int j = 0; j < dim; j++) {
        x[j] -= alpha * (g[j] - y[j] + sum[j] / n);
      }
      for (int j = 0; j < dim; j++) {
        sum[j] += g[j] - y[j];
        y[j] = g[j];
      }
      if (recorder.count(1)) {
        recorder.record(x);
      }
    }
  }
}
