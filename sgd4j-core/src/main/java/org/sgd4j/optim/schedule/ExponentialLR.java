package org.sgd4j.optim.schedule;

import org.sgd4j.optim.Optimizer;

/**
 * Decays each group's lr by γ every epoch, as {@code torch.optim.lr_scheduler.ExponentialLR}:
 * {@code η_t = η₀ γᵗ}.
 */
public final class ExponentialLR extends LrScheduler {
  private final double gamma;

  /** @param gamma the multiplicative factor per epoch */
  public ExponentialLR(Optimizer<?> optimizer, double gamma) {
    super(optimizer);
    this.gamma = gamma;
    initialStep();
  }

  @Override
  protected double[] chainableLr() {
    double[] lrs = currentLrs();
    if (lastEpoch == 0) {
      return lrs;
    }
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= gamma;
    }
    return lrs;
  }

  @Override
  protected double[] closedFormLr() {
    double[] lrs = baseLrs.clone();
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= Math.pow(gamma, lastEpoch);
    }
    return lrs;
  }
}
