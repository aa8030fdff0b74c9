package org.sgd4j.finitesum;

import java.util.Arrays;
import org.sgd4j.tensor.Rng;

/**
 * The shared loop of the per-coordinate adaptive methods on a finite sum: draw a mini-batch of
 * {@code B} examples uniformly with replacement, average their gradients into {@code g}, and let the
 * method turn {@code g} into an update of {@code x} ({@link #update}). Dense, O(d) per step, also on
 * sparse problems. {@code B} gradient evaluations per step.
 */
public abstract class AdaptiveSolver implements Solver {
  private final int batchSize;

  /** With mini-batches of {@code batchSize ≥ 1}. */
  protected AdaptiveSolver(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("Invalid batch size: " + batchSize);
    }
    this.batchSize = batchSize;
  }

  /** Prepares the state for dimension {@code d}. */
  protected abstract void reset(int d);

  /** Applies step {@code t = 1, 2, …} with stochastic gradient {@code g} to {@code x}. */
  protected abstract void update(double[] x, double[] g, long t);

  @Override
  public void minimize(FiniteSum p, double[] x, Rng rng, Recorder recorder) {
    recorder.start(x);
    reset(p.dim());
    double[] g = new double[p.dim()];
    double[] gi = new double[p.dim()];
    for (long t = 1; !recorder.finished(); t++) {
      Arrays.fill(g, 0);
      for (int b = 0; b < batchSize; b++) {
        p.gradient(rng.nextInt(p.n()), x, gi);
        for (int j = 0; j < g.length; j++) {
          g[j] += gi[j] / batchSize;
        }
      }
      update(x, g, t);
      if (recorder.count(batchSize)) {
        recorder.record(x);
      }
    }
  }

  static void positive(String what, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + v);
    }
  }
}
