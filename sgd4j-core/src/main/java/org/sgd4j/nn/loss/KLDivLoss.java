package org.sgd4j.nn.loss;

import org.sgd4j.tensor.Tensor;

/**
 * {@code torch.nn.KLDivLoss}: the Kullback–Leibler divergence with the input given as log-probabilities
 * x = log q: ℓᵢ = pᵢ (log pᵢ − xᵢ) (0 where pᵢ = 0), or with {@code logTarget} (target given as log p)
 * ℓᵢ = e^{tᵢ} (tᵢ − xᵢ). MEAN averages over all elements (as PyTorch, which warns that BATCHMEAN,
 * the sum divided by the batch size, is the true KL divergence).
 */
public final class KLDivLoss extends Loss {
  private final boolean logTarget;

  /** Mean reduction, target as probabilities. */
  public KLDivLoss() {
    this(Reduction.MEAN, false);
  }

  /** The given reduction (NONE, MEAN, SUM or BATCHMEAN) and target form. */
  public KLDivLoss(Reduction reduction, boolean logTarget) {
    super(reduction);
    this.logTarget = logTarget;
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    requireSameShape("KLDivLoss", input, target);
    Tensor pointwise;
    if (logTarget) {
      pointwise = target.exp().mul(target.sub(input));
    } else {
      Tensor t = target.detach();
      Tensor positive = t.gt(0f);
      // x log x with 0 log 0 = 0 (xlogy); the log is taken of 1 where the target is 0 to avoid NaN.
      Tensor tLogT = target.mul(Tensor.where(positive, t, Tensor.scalar(1f)).log());
      pointwise = tLogT.sub(target.mul(input));
    }
    return reduce(pointwise);
  }
}
