package org.sgd4j.optim.schedule;

import org.sgd4j.optim.Optimizer;

/**
 * A piecewise-constant schedule (the notes' "factor" schedule, optax's
 * {@code piecewise_constant_schedule}): {@code η_t = η₀ · factors[k]} where k is the number of
 * boundaries ≤ t. Unlike {@link MultiStepLR} the factors are arbitrary, not powers of one γ.
 */
public final class PiecewiseConstantLR extends LrScheduler {
  private final int[] boundaries;
  private final double[] factors;

  /**
   * @param boundaries strictly increasing epochs where the factor changes
   * @param factors {@code boundaries.length + 1} multipliers of the base lr
   */
  public PiecewiseConstantLR(Optimizer<?> optimizer, int[] boundaries, double[] factors) {
    super(optimizer);
    if (factors.length != boundaries.length + 1) {
      throw new IllegalArgumentException("expected " + (boundaries.length + 1) + " factors for "
          + boundaries.length + " boundaries, got " + factors.length);
    }
    for (int i = 1; i < boundaries.length; i++) {
      if (boundaries[i] <= boundaries[i - 1]) {
        throw new IllegalArgumentException("boundaries must be strictly increasing, got " + boundaries[i - 1]
            + " then " + boundaries[i] + " at index " + i);
      }
    }
    this.boundaries = boundaries.clone();
    this.factors = factors.clone();
    initialStep();
  }

  @Override
  protected double[] chainableLr() {
    return closedFormLr();
  }

  @Override
  protected double[] closedFormLr() {
    int k = 0;
    while (k < boundaries.length && boundaries[k] <= lastEpoch) {
      k++;
    }
    double[] lrs = baseLrs.clone();
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= factors[k];
    }
    return lrs;
  }
}
