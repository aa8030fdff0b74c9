package org.sgd4j.optim.schedule;

import org.sgd4j.optim.Optimizer;

/**
 * Cosine annealing, as {@code torch.optim.lr_scheduler.CosineAnnealingLR}:
 * {@code η_t = η_min + (η₀ − η_min)(1 + cos(π t / T_max)) / 2}, reached through PyTorch's recursive
 * (chainable) form, which keeps going as a cosine past T_max (back up to η₀ at 2·T_max).
 *
 * <p>Source: Loshchilov and Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts" (ICLR 2017),
 * without the restarts.
 */
public final class CosineAnnealingLR extends LrScheduler {
  private final int tMax;
  private final double etaMin;

  /**
   * @param tMax T_max, the half-period in epochs (≥ 1)
   * @param etaMin η_min, the lowest lr
   */
  public CosineAnnealingLR(Optimizer<?> optimizer, int tMax, double etaMin) {
    super(optimizer);
    if (tMax < 1) {
      throw new IllegalArgumentException("Invalid T_max: " + tMax + " (must be >= 1)");
    }
    this.tMax = tMax;
    this.etaMin = etaMin;
    initialStep();
  }

  @Override
  protected double[] chainableLr() {
    double[] lrs = currentLrs();
    if (lastEpoch == 0) {
      return lrs;
    }
    for (int i = 0; i < lrs.length; i++) {
      if (stepCount == 1 && lastEpoch > 0) {
        lrs[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(lastEpoch * Math.PI / tMax)) / 2;
      } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
        lrs[i] = lrs[i] + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
      } else {
        lrs[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
            * (lrs[i] - etaMin) + etaMin;
      }
    }
    return lrs;
  }

  @Override
  protected double[] closedFormLr() {
    double[] lrs = baseLrs.clone();
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2;
    }
    return lrs;
  }
}
