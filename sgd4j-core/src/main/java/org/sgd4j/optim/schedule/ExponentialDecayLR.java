package org.sgd4j.optim.schedule;

import org.sgd4j.optim.Optimizer;

/**
 * Dive into Deep Learning's exponential decay (§12.11): {@code η_t = η₀ · e^(−λt)}. The
 * same curve as {@link ExponentialLR} with γ = e^(−λ), in that book's parameter, computed in closed
 * form.
 */
public final class ExponentialDecayLR extends LrScheduler {
  private final double lambda;

  /** @param lambda the decay rate λ ≥ 0 */
  public ExponentialDecayLR(Optimizer<?> optimizer, double lambda) {
    super(optimizer);
    if (!(lambda >= 0)) {
      throw new IllegalArgumentException("Invalid decay rate lambda: " + lambda);
    }
    this.lambda = lambda;
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
      lrs[i] *= Math.exp(-lambda * lastEpoch);
    }
    return lrs;
  }
}
