package org.sgd4j.optim.schedule;

import org.sgd4j.optim.Optimizer;

/**
 * Multiplies each group's lr by a constant factor until epoch {@code totalIters}, as
 * {@code torch.optim.lr_scheduler.ConstantLR}: {@code η_t = η₀ · factor} for t &lt; totalIters, then η₀.
 */
public final class ConstantLR extends LrScheduler {
  private final double factor;
  private final int totalIters;

  /**
   * @param factor the multiplier in [0, 1]
   * @param totalIters the epoch at which the lr returns to its base
   */
  public ConstantLR(Optimizer<?> optimizer, double factor, int totalIters) {
    super(optimizer);
    if (!(factor >= 0 && factor <= 1)) {
      throw new IllegalArgumentException("Constant multiplicative factor expected to be between 0 and 1, got " + factor);
    }
    this.factor = factor;
    this.totalIters = totalIters;
    initialStep();
  }

  @Override
  protected double[] chainableLr() {
    double[] lrs = currentLrs();
    double m = lastEpoch == 0 ? factor : lastEpoch == totalIters ? 1.0 / factor : 1.0;
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= m;
    }
    return lrs;
  }

  @Override
  protected double[] closedFormLr() {
    double[] lrs = baseLrs.clone();
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= factor + (lastEpoch >= totalIters ? 1 - factor : 0);
    }
    return lrs;
  }
}
