package org.sgd4j.nn.loss;

import org.sgd4j.tensor.Tensor;

/** {@code torch.nn.MSELoss}: ℓᵢ = (xᵢ − yᵢ)², reduced (mean by default). Input and target must have the same shape. */
public final class MSELoss extends Loss {
  /** Mean reduction. */
  public MSELoss() {
    this(Reduction.MEAN);
  }

  /** The given reduction. */
  public MSELoss(Reduction reduction) {
    super(reduction);
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    requireSameShape("MSELoss", input, target);
    return reduce(input.sub(target).square());
  }
}
