package org.sgd4j.nn.loss;

import org.sgd4j.nn.functional.Activations;
import org.sgd4j.tensor.Tensor;

/**
 * {@code torch.nn.BCEWithLogitsLoss}: binary cross-entropy of σ(x) computed stably from the logits x,
 * with an optional element weight w and a positive-class weight p (broadcast along the last, class
 * dimension): ℓᵢ = −wᵢ [pᵢ yᵢ log σ(xᵢ) + (1 − yᵢ) log(1 − σ(xᵢ))]
 * = wᵢ [(1 − yᵢ) xᵢ − (1 + (pᵢ − 1) yᵢ) log σ(xᵢ)].
 */
public final class BCEWithLogitsLoss extends Loss {
  private final Tensor weight;
  private final Tensor posWeight;

  /** No weights, mean reduction. */
  public BCEWithLogitsLoss() {
    this(null, null, Reduction.MEAN);
  }

  /** The given element weight and positive-class weight (each may be null) and reduction. */
  public BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
    super(reduction);
    this.weight = weight == null ? null : weight.detach();
    this.posWeight = posWeight == null ? null : posWeight.detach();
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    requireSameShape("BCEWithLogitsLoss", input, target);
    Tensor logSig = Activations.logSigmoid(input);
    Tensor loss;
    if (posWeight == null) {
      loss = target.rsub(1f).mul(input).sub(logSig);
    } else {
      Tensor logWeight = posWeight.sub(1f).mul(target).add(1f);
      loss = target.rsub(1f).mul(input).sub(logWeight.mul(logSig));
    }
    if (weight != null) {
      loss = loss.mul(weight);
    }
    return reduce(loss);
  }
}
