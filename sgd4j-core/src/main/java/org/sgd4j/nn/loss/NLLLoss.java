package org.sgd4j.nn.loss;

import org.sgd4j.tensor.Tensor;

/**
 * {@code torch.nn.NLLLoss}, the negative log-likelihood of log-probabilities x (input (C), (N, C) or
 * (N, C, d1, ..., dK)) for class-index targets y: ℓᵢ = −w[yᵢ]·x[i, yᵢ], and 0 where yᵢ is the ignore
 * index (default −100). MEAN is the weighted mean Σᵢ ℓᵢ / Σᵢ w[yᵢ] over the elements not ignored.
 * Only the target's log-probability is read, as PyTorch gathers it: a −∞ at another class (the log
 * of a zero probability) leaves ℓᵢ finite.
 */
public final class NLLLoss extends Loss {
  static final int DEFAULT_IGNORE_INDEX = -100;
  private final Tensor weight;
  private final int ignoreIndex;

  /** No class weights, ignore index −100, mean reduction. */
  public NLLLoss() {
    this(null, DEFAULT_IGNORE_INDEX, Reduction.MEAN);
  }

  private NLLLoss(Tensor weight, int ignoreIndex, Reduction reduction) {
    super(reduction);
    this.weight = weight == null ? null : weight.detach();
    this.ignoreIndex = ignoreIndex;
  }

  /** A copy with class weights (a 1-D tensor of C values). */
  public NLLLoss withWeight(Tensor weight) {
    return new NLLLoss(weight, ignoreIndex, reduction());
  }

  /** A copy that ignores targets equal to {@code ignoreIndex}. */
  public NLLLoss withIgnoreIndex(int ignoreIndex) {
    return new NLLLoss(weight, ignoreIndex, reduction());
  }

  /** A copy with the given reduction. */
  public NLLLoss withReduction(Reduction reduction) {
    return new NLLLoss(weight, ignoreIndex, reduction);
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    ClassTargets ct = ClassTargets.of("NLLLoss", input, target, weight, ignoreIndex);
    return nll("NLLLoss", ct, ct.input, ignoreIndex, reduction());
  }

  /** The loss for class indices given as ints, in row-major order of the target shape. */
  public Tensor apply(Tensor input, int[] target) {
    return apply(input, ClassTargets.fromIndices("NLLLoss", input, target));
  }

  /** The NLL of log-probabilities {@code logp} (in the (N, C, ...) layout of {@code ct.input}) for the targets of {@code ct}. */
  static Tensor nll(String loss, ClassTargets ct, Tensor logp, int ignoreIndex, Reduction reduction) {
    Tensor perElement = ct.pickNegated(logp, ignoreIndex);
    return switch (reduction) {
      case NONE -> perElement.reshape(ct.targetShape);
      case SUM -> perElement.sum();
      case MEAN -> perElement.sum().div(ct.weightSum(ignoreIndex));
      case BATCHMEAN -> throw new IllegalArgumentException(loss + " does not support reduction 'batchmean'");
    };
  }
}
