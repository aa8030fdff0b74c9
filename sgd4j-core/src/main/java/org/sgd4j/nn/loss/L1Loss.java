package org.sgd4j.nn.loss;

import org.sgd4j.tensor.Tensor;

/** {@code torch.nn.L1Loss}: ℓᵢ = |xᵢ − yᵢ| (subgradient 0 at 0), reduced (mean by default). */
public final class L1Loss extends Loss {
  /** Mean reduction. */
  public L1Loss() {
    this(Reduction.MEAN);
  }

  /** The given reduction. */
  public L1Loss(Reduction reduction) {
    super(reduction);
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    requireSameShape("L1Loss", input, target);
    return reduce(input.sub(target).abs());
  }
}
