package org.sgd4j.nn.loss;

import org.sgd4j.tensor.Tensor;

/**
 * {@code torch.nn.BCELoss}, binary cross-entropy of probabilities x ∈ [0, 1] against targets y:
 * ℓᵢ = −wᵢ [yᵢ log xᵢ + (1 − yᵢ) log(1 − xᵢ)], each log clamped to ≥ −100 as PyTorch does, with an
 * optional weight broadcast to the input.
 */
public final class BCELoss extends Loss {
  private final Tensor weight;

  /** No weight, mean reduction. */
  public BCELoss() {
    this(null, Reduction.MEAN);
  }

  /** The given element weight (broadcast to the input; may be null) and reduction. */
  public BCELoss(Tensor weight, Reduction reduction) {
    super(reduction);
    this.weight = weight == null ? null : weight.detach();
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    requireSameShape("BCELoss", input, target);
    float[] x = input.toArray();
    for (int i = 0; i < x.length; i++) {
      if (!(x[i] >= 0 && x[i] <= 1)) {
        throw new IllegalArgumentException("BCELoss: all elements of input should be between 0 and 1, got " + x[i]
            + " at position " + position(i, input.shape()));
      }
    }
    float inf = Float.POSITIVE_INFINITY;
    Tensor logX = input.log().clamp(-100f, inf);
    Tensor log1mX = input.rsub(1f).log().clamp(-100f, inf);
    Tensor loss = target.mul(logX).add(target.rsub(1f).mul(log1mX)).neg();
    if (weight != null) {
      loss = loss.mul(weight);
    }
    return reduce(loss);
  }
}
