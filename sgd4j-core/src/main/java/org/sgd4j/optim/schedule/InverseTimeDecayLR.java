package org.sgd4j.optim.schedule;

import org.sgd4j.optim.Optimizer;

/**
 * The notes' polynomial decay (Dive into Deep Learning, §12.11): {@code η_t = η₀ · (βt + 1)^(−α)};
 * α = 0.5 gives the 1/√t rate of convex SGD analyses. Computed in closed form.
 */
public final class InverseTimeDecayLR extends LrScheduler {
  private final double alpha;
  private final double beta;

  /**
   * @param alpha the power α ≥ 0
   * @param beta the time scale β ≥ 0
   */
  public InverseTimeDecayLR(Optimizer<?> optimizer, double alpha, double beta) {
    super(optimizer);
    if (!(alpha >= 0)) {
      throw new IllegalArgumentException("Invalid power alpha: " + alpha);
    }
    if (!(beta >= 0)) {
      throw new IllegalArgumentException("Invalid time scale beta: " + beta);
    }
    this.alpha = alpha;
    this.beta = beta;
    initialStep();
  }

  @Override
  protected double[] chainableLr() {
    return closedFormLr();
  }

  @Override
  protected double[] closedFormLr() {
    double[] lrs = baseLrs.clone();
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= Math.pow(beta * lastEpoch + 1, -alpha);
    }
    return lrs;
  }
}
