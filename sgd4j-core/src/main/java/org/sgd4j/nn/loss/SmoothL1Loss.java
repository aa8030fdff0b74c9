package org.sgd4j.nn.loss;

import org.sgd4j.tensor.Tensor;

/**
 * {@code torch.nn.SmoothL1Loss} (Girshick, Fast R-CNN, 2015): with d = x − y, ℓ = ½d²/β where
 * |d| &lt; β, |d| − ½β otherwise; β = 1 by default, and β = 0 gives the L1 loss. Equals HuberLoss/δ for δ = β.
 */
public final class SmoothL1Loss extends Loss {
  private final float beta;

  /** β = 1, mean reduction. */
  public SmoothL1Loss() {
    this(Reduction.MEAN, 1f);
  }

  /** The given reduction and β ≥ 0. */
  public SmoothL1Loss(Reduction reduction, float beta) {
    super(reduction);
    if (!(beta >= 0)) {
      throw new IllegalArgumentException("SmoothL1Loss: beta must be non-negative, got " + beta);
    }
    this.beta = beta;
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    requireSameShape("SmoothL1Loss", input, target);
    Tensor d = input.sub(target);
    Tensor ad = d.abs();
    if (beta == 0) {
      return reduce(ad);
    }
    Tensor quad = d.square().mul(0.5f / beta);
    Tensor lin = ad.sub(0.5f * beta);
    return reduce(Tensor.where(ad.detach().lt(beta), quad, lin));
  }
}
