package org.sgd4j.finitesum;

import org.sgd4j.tensor.Rng;

/**
 * Stochastic gradient descent and its mini-batch form:
 * {@code x_{k+1} = x_k − α_k (1/B) Σ_{b<B} ∇f_{i_b}(x_k)}, indices drawn uniformly with
 * replacement, so the step is an unbiased estimate of {@code ∇f(x_k)} with variance {@code σ²/B}.
 * {@code B} gradient evaluations per iteration. The step schedule is any {@link StepSchedule}.
 *
 * <p>On a {@link LinearModelProblem} the update is done sparsely: {@code x ← (1 − α μ) x − (α/B)
 * Σ φ'(⟨a_i, x⟩) a_i} with the shrinkage kept as a scale factor, O(nnz(a_i)) per example.
 */
public final class Sgd implements Solver {
  private final String name;
  private final StepSchedule schedule;
  private final int batchSize;

  /** SGD with the given schedule and batch size {@code B ≥ 1}, reported under {@code name}. */
  public Sgd(String name, StepSchedule schedule, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("Invalid batch size: " + batchSize);
    }
    this.name = name;
    this.schedule = schedule;
    this.batchSize = batchSize;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void minimize(FiniteSum p, double[] x, Rng rng, Recorder recorder) {
    recorder.start(x);
    if (p instanceof LinearModelProblem lm) {
      minimizeLinear(lm, x, rng, recorder);
      return;
    }
    int n = p.n();
    double[] g = new double[p.dim()];
    double[] sum = new double[p.dim()];
    for (long k = 0; !recorder.finished(); k++) {
      double alpha = step(k, recorder);
      java.util.Arrays.fill(sum, 0);
      for (int b = 0; b < batchSize; b++) {
        p.gradient(rng.nextInt(n), x, g);
        for (int j = 0; j < g.length; j++) {
          sum[j] += g[j];
        }
      }
      for (int j = 0; j < x.length; j++) {
        x[j] -= alpha * sum[j] / batchSize;
      }
      if (recorder.count(batchSize)) {
        recorder.record(x);
      }
    }
  }

  private double step(long k, Recorder recorder) {
    double alpha = schedule.step(k);
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException(name + ": step size at iteration " + k + " is " + alpha);
    }
    return alpha;
  }

  private void minimizeLinear(LinearModelProblem p, double[] x, Rng rng, Recorder recorder) {
    int n = p.n();
    double mu = p.l2();
    int[] ptr = p.data().rowPtr();
    int[] col = p.data().colIdx();
    double[] val = p.data().values();
    LazyIterate it = new LazyIterate(x);
    int[] batch = new int[batchSize];
    double[] coef = new double[batchSize];
    for (long k = 0; !recorder.finished(); k++) {
      double alpha = step(k, recorder);
      for (int b = 0; b < batchSize; b++) {
        int i = rng.nextInt(n);
        double margin = it.dotRow(ptr, col, val, i);
        batch[b] = i;
        coef[b] = -alpha * p.lossDerivative(i, margin) / batchSize;
      }
      it.step(1 - alpha * mu, 0);
      for (int b = 0; b < batchSize; b++) {
        it.addRow(ptr, col, val, batch[b], coef[b], 0);
      }
      if (recorder.count(batchSize)) {
        it.materialize(x);
        recorder.record(x);
      }
    }
    it.materialize(x);
  }
}
