package org.sgd4j.finitesum;

import org.sgd4j.tensor.Rng;

/**
 * Stochastic variance-reduced gradient (Johnson and Zhang, NIPS 2013):
 * <pre>
 *   for s = 0, 1, …:   x̃ = x;  μ̃ = ∇f(x̃)                       (n evaluations)
 *     repeat m times:  pick i;  x ← x − α (∇f_i(x) − ∇f_i(x̃) + μ̃)   (2 evaluations)
 * </pre>
 * keeping the last inner iterate (the paper's option I). Defaults: {@code m = n},
 * {@code α = 1/(2 L_max)} (a practical choice, faster in our runs on a9a than the {@code α < 1/(4L)}
 * of the paper's analysis, which {@code lr} can select).
 *
 * <p>On a {@link LinearModelProblem} the snapshot keeps one scalar {@code φ_i'(⟨a_i, x̃⟩)} per
 * example, the L2 term is taken exactly at {@code x}, and the dense {@code μ̃} term is applied
 * lazily, so an inner step costs O(nnz(a_i)).
 */
public final class Svrg implements Solver {
  private final double lr;
  private final int epochLength;

  /** SVRG with step {@code lr} (NaN: default) and inner-loop length {@code m} (0: {@code n}). */
  public Svrg(double lr, int epochLength) {
    if (lr <= 0 || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("Invalid learning rate: " + lr);
    }
    if (epochLength < 0) {
      throw new IllegalArgumentException("Invalid epoch length m: " + epochLength);
    }
    this.lr = lr;
    this.epochLength = epochLength;
  }

  @Override
  public String name() {
    return "svrg";
  }

  @Override
  public void minimize(FiniteSum p, double[] x, Rng rng, Recorder recorder) {
    recorder.start(x);
    double alpha = lr;
    if (Double.isNaN(alpha)) {
      double l = p.maxLipschitz();
      if (!(l > 0) || Double.isInfinite(l)) {
        throw new IllegalArgumentException("svrg: no step size: give lr, the Lipschitz constants of " + p.name() + " are unknown");
      }
      alpha = 1 / (2 * l);
    }
    int m = epochLength == 0 ? p.n() : epochLength;
    if (p instanceof LinearModelProblem lm) {
      minimizeLinear(lm, x, alpha, m, rng, recorder);
    } else {
      minimizeGeneric(p, x, alpha, m, rng, recorder);
    }
  }

  private static void minimizeLinear(LinearModelProblem p, double[] x, double alpha, int m, Rng rng,
                                     Recorder recorder) {
    int n = p.n();
    int[] ptr = p.data().rowPtr();
    int[] col = p.data().colIdx();
    double[] val = p.data().values();
    double[] snapshot = new double[n];
    double shrink = 1 - alpha * p.l2();
    while (!recorder.finished()) {
      LazyIterate it = new LazyIterate(x);
      for (int i = 0; i < n; i++) {
        snapshot[i] = p.lossDerivative(i, p.data().dot(i, x));
        p.data().axpy(i, snapshot[i] / n, it.d);
      }
      if (recorder.count(n)) {
        recorder.record(x);
      }
      for (int k = 0; k < m && !recorder.finished(); k++) {
        int i = rng.nextInt(n);
        double delta = p.lossDerivative(i, it.dotRow(ptr, col, val, i)) - snapshot[i];
        it.step(shrink, alpha);
        it.addRow(ptr, col, val, i, -alpha * delta, 0);
        if (recorder.count(2)) {
          it.materialize(x);
          recorder.record(x);
        }
      }
      it.materialize(x);
    }
  }

  private static void minimizeGeneric(FiniteSum p, double[] x, double alpha, int m, Rng rng, Recorder recorder) {
    int n = p.n();
    int dim = p.dim();
    double[] full = new double[dim];
    double[] g = new double[dim];
    double[] gs = new double[dim];
    while (!recorder.finished()) {
      double[] snapshot = x.clone();
      p.fullGradient(snapshot, full);
      if (recorder.count(n)) {
        recorder.record(x);
      }
      for (int k = 0; k < m && !recorder.finished(); k++) {
        int i = rng.nextInt(n);
        p.gradient(i, x, g);
        p.gradient(i, snapshot, gs);
        for (int j = 0; j < dim; j++) {
          x[j] -= alpha * (g[j] - gs[j] + full[j]);
        }
        if (recorder.count(2)) {
          recorder.record(x);
        }
      }
    }
  }
}
