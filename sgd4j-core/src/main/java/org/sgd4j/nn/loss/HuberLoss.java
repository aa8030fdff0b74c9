package org.sgd4j.nn.loss;

import org.sgd4j.tensor.Tensor;

/**
 * {@code torch.nn.HuberLoss} (Huber, 1964): with d = x − y, ℓ = ½d² where |d| &lt; δ, δ(|d| − ½δ)
 * otherwise; δ = 1 by default.
 */
public final class HuberLoss extends Loss {
  private final float delta;

  /** δ = 1, mean reduction. */
  public HuberLoss() {
    this(Reduction.MEAN, 1f);
  }

  /** The given reduction and δ &gt; 0. */
  public HuberLoss(Reduction reduction, float delta) {
    super(reduction);
    if (!(delta > 0)) {
      throw new IllegalArgumentException("HuberLoss: delta must be positive, got " + delta);
    }
    this.delta = delta;
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    requireSameShape("HuberLoss", input, target);
    Tensor d = input.sub(target);
    Tensor ad = d.abs();
    Tensor quad = d.square().mul(0.5f);
    Tensor lin = ad.sub(0.5f * delta).mul(delta);
    return reduce(Tensor.where(ad.detach().lt(delta), quad, lin));
  }
}
