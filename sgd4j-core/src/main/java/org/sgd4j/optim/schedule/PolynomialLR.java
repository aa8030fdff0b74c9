package org.sgd4j.optim.schedule;

import org.sgd4j.optim.Optimizer;

/**
 * Decays each group's lr polynomially to 0 over {@code totalIters} epochs, as
 * {@code torch.optim.lr_scheduler.PolynomialLR}: {@code η_t = η₀ (1 − min(t, T)/T)^p}.
 */
public final class PolynomialLR extends LrScheduler {
  private final int totalIters;
  private final double power;

  /**
   * @param totalIters T, the number of epochs of the decay (≥ 1)
   * @param power p
   */
  public PolynomialLR(Optimizer<?> optimizer, int totalIters, double power) {
    super(optimizer);
    if (totalIters < 1) {
      throw new IllegalArgumentException("Invalid total_iters: " + totalIters + " (must be >= 1)");
    }
    this.totalIters = totalIters;
    this.power = power;
    initialStep();
  }

  @Override
  protected double[] chainableLr() {
    double[] lrs = currentLrs();
    if (lastEpoch == 0 || lastEpoch > totalIters) {
      return lrs;
    }
    double decay = Math.pow((1.0 - (double) lastEpoch / totalIters) / (1.0 - (double) (lastEpoch - 1) / totalIters), power);
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= decay;
    }
    return lrs;
  }

  @Override
  protected double[] closedFormLr() {
    double[] lrs = baseLrs.clone();
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= Math.pow(1.0 - (double) Math.min(totalIters, lastEpoch) / totalIters, power);
    }
    return lrs;
  }
}
