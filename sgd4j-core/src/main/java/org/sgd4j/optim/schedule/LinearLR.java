package org.sgd4j.optim.schedule;

import org.sgd4j.optim.Optimizer;

/**
 * Changes each group's lr linearly from {@code startFactor·η₀} to {@code endFactor·η₀} over
 * {@code totalIters} epochs, then holds it, as {@code torch.optim.lr_scheduler.LinearLR}:
 * {@code η_t = η₀ (s + (e − s) min(t, T)/T)}.
 *
 * <p>With {@code startFactor = 0} and {@code endFactor = 1} it is the linear warm-up of Goyal et al.,
 * "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour" (2017), from 0 to η₀ ({@link #warmup}).
 * PyTorch 1.13's chainable form divides by zero at epoch 1 when the start factor is 0 (later versions
 * reject 0), so with {@code startFactor = 0} this schedule uses the closed form, which is the intended
 * ramp.
 */
public final class LinearLR extends LrScheduler {
  private final double startFactor;
  private final double endFactor;
  private final int totalIters;

  /**
   * @param startFactor s in [0, 1], the multiplier at epoch 0
   * @param endFactor e in [0, 1], the multiplier from epoch T on
   * @param totalIters T (≥ 1)
   */
  public LinearLR(Optimizer<?> optimizer, double startFactor, double endFactor, int totalIters) {
    super(optimizer);
    if (!(startFactor >= 0 && startFactor <= 1)) {
      throw new IllegalArgumentException("Starting multiplicative factor expected to be between 0 and 1, got " + startFactor);
    }
    if (!(endFactor >= 0 && endFactor <= 1)) {
      throw new IllegalArgumentException("Ending multiplicative factor expected to be between 0 and 1, got " + endFactor);
    }
    if (totalIters < 1) {
      throw new IllegalArgumentException("Invalid total_iters: " + totalIters + " (must be >= 1)");
    }
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    initialStep();
  }

  /** Goyal et al.'s linear warm-up: from 0 to each group's lr over {@code warmupIters} steps. */
  public static LinearLR warmup(Optimizer<?> optimizer, int warmupIters) {
    return new LinearLR(optimizer, 0, 1, warmupIters);
  }

  @Override
  protected double[] chainableLr() {
    if (startFactor == 0) {
      return closedFormLr();
    }
    double[] lrs = currentLrs();
    if (lastEpoch == 0) {
      for (int i = 0; i < lrs.length; i++) {
        lrs[i] *= startFactor;
      }
      return lrs;
    }
    if (lastEpoch > totalIters) {
      return lrs;
    }
    double m = 1. + (endFactor - startFactor)
        / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor));
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= m;
    }
    return lrs;
  }

  @Override
  protected double[] closedFormLr() {
    double[] lrs = baseLrs.clone();
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch) / totalIters;
    }
    return lrs;
  }
}
