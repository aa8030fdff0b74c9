package org.sgd4j.optim.schedule;

import org.sgd4j.optim.Optimizer;

/**
 * Decays each group's lr by γ every {@code stepSize} epochs, as {@code torch.optim.lr_scheduler.StepLR}:
 * {@code η_t = η₀ γ^⌊t / stepSize⌋}.
 */
public final class StepLR extends LrScheduler {
  private final int stepSize;
  private final double gamma;

  /**
   * @param stepSize the period of the decay, in epochs (≥ 1)
   * @param gamma the multiplicative factor
   */
  public StepLR(Optimizer<?> optimizer, int stepSize, double gamma) {
    super(optimizer);
    if (stepSize < 1) {
      throw new IllegalArgumentException("Invalid step_size: " + stepSize + " (must be >= 1)");
    }
    this.stepSize = stepSize;
    this.gamma = gamma;
    initialStep();
  }

  @Override
  protected double[] chainableLr() {
    double[] lrs = currentLrs();
    if (lastEpoch == 0 || lastEpoch % stepSize != 0) {
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
      lrs[i] = baseLrs[i] * Math.pow(gamma, Math.floorDiv(lastEpoch, stepSize));
    }
    return lrs;
  }
}
