package org.sgd4j.nn.loss;

import java.util.Arrays;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * {@code torch.nn.CrossEntropyLoss}: the cross-entropy between softmax(x) along the class dimension
 * and the target, for logits x of shape (C), (N, C) or (N, C, d1, ..., dK).
 * <ul>
 *   <li>Class-index target (the input's shape without the class dimension): ℓᵢ = −w[yᵢ] log softmax(xᵢ)[yᵢ],
 *       i.e. {@link NLLLoss} of log-softmax, with the weighted mean. With label smoothing ε
 *       (Szegedy et al., 2016): (1 − ε)·nll + (ε / C)·Σ_c −w[c] log softmax(xᵢ)[c], the second term
 *       reduced by the same denominator (Σ w[yᵢ] over the kept elements) as PyTorch.
 *   <li>Probability target (the input's shape, non-negative): ℓᵢ = −Σ_c w[c] pᵢ[c] log softmax(xᵢ)[c],
 *       with p smoothed to (1 − ε)p + ε/C; MEAN divides by the number of elements N·d1···dK.
 * </ul>
 */
public final class CrossEntropyLoss extends Loss {
  private final Tensor weight;
  private final int ignoreIndex;
  private final float labelSmoothing;

  /** No class weights, ignore index −100, no label smoothing, mean reduction. */
  public CrossEntropyLoss() {
    this(null, NLLLoss.DEFAULT_IGNORE_INDEX, 0f, Reduction.MEAN);
  }

  private CrossEntropyLoss(Tensor weight, int ignoreIndex, float labelSmoothing, Reduction reduction) {
    super(reduction);
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: " + labelSmoothing);
    }
    this.weight = weight == null ? null : weight.detach();
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
  }

  /** A copy with class weights (a 1-D tensor of C values). */
  public CrossEntropyLoss withWeight(Tensor weight) {
    return new CrossEntropyLoss(weight, ignoreIndex, labelSmoothing, reduction());
  }

  /** A copy that ignores class-index targets equal to {@code ignoreIndex}. */
  public CrossEntropyLoss withIgnoreIndex(int ignoreIndex) {
    return new CrossEntropyLoss(weight, ignoreIndex, labelSmoothing, reduction());
  }

  /** A copy with label smoothing ε in [0, 1]. */
  public CrossEntropyLoss withLabelSmoothing(float labelSmoothing) {
    return new CrossEntropyLoss(weight, ignoreIndex, labelSmoothing, reduction());
  }

  /** A copy with the given reduction. */
  public CrossEntropyLoss withReduction(Reduction reduction) {
    return new CrossEntropyLoss(weight, ignoreIndex, labelSmoothing, reduction);
  }

  /** The loss for class indices given as ints, in row-major order of the target shape. */
  public Tensor apply(Tensor input, int[] target) {
    return apply(input, ClassTargets.fromIndices("CrossEntropyLoss", input, target));
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    if (input.dim() >= 1 && Arrays.equals(input.shape(), target.shape())) {
      return probabilityTarget(input, target);
    }
    ClassTargets ct = ClassTargets.of("CrossEntropyLoss", input, target, weight, ignoreIndex);
    Tensor logp = ct.input.logSoftmax(1);
    Tensor nll = NLLLoss.nll("CrossEntropyLoss", ct, logp, ignoreIndex, reduction());
    if (labelSmoothing == 0f) {
      return nll;
    }
    Tensor w = ct.broadcastWeight();
    // Zero where the target is ignored (a select, not a product: a row with a logit of −∞ has an infinite
    // smoothing term, and ∞·0 would be NaN), as PyTorch's masked_fill.
    Tensor smooth = Tensor.where(ct.keptMask(ignoreIndex), (w == null ? logp : logp.mul(w)).sum(1).neg(),
        Tensor.scalar(0f));
    Tensor reduced = switch (reduction()) {
      case NONE -> smooth.reshape(ct.targetShape);
      case SUM -> smooth.sum();
      case MEAN -> smooth.sum().div(ct.weightSum(ignoreIndex));
      case BATCHMEAN -> throw new IllegalArgumentException("CrossEntropyLoss does not support reduction 'batchmean'");
    };
    return nll.mul(1 - labelSmoothing).add(reduced.mul(labelSmoothing / ct.classes));
  }

  private Tensor probabilityTarget(Tensor input, Tensor target) {
    float[] p = target.toArray();
    int[] shape = target.shape();
    for (int i = 0; i < p.length; i++) {
      if (!(p[i] >= 0)) {
        throw new IllegalArgumentException("CrossEntropyLoss: probability target " + p[i] + " at position " + position(i, shape)
            + " is not a non-negative number (class-probability targets must be >= 0)");
      }
    }
    Tensor x = input.dim() == 1 ? input.unsqueeze(0) : input;
    Tensor t = input.dim() == 1 ? target.unsqueeze(0) : target;
    int classes = x.size(1);
    float[] w = ClassTargets.weightArray("CrossEntropyLoss", weight, classes);
    if (labelSmoothing > 0) {
      t = t.mul(1 - labelSmoothing).add(labelSmoothing / classes);
    }
    Tensor logp = x.logSoftmax(1);
    Tensor prod = logp.mul(t);
    if (w != null) {
      prod = prod.mul(ClassTargets.broadcastWeight(w, x.dim()));
    }
    Tensor perElement = prod.sum(1).neg();
    return switch (reduction()) {
      case NONE -> input.dim() == 1 ? perElement.reshape() : perElement;
      case SUM -> perElement.sum();
      case MEAN -> perElement.sum().div((float) (x.numel() / Math.max(classes, 1)));
      case BATCHMEAN -> throw new IllegalArgumentException("CrossEntropyLoss does not support reduction 'batchmean'");
    };
  }

  @Override
  public String toString() {
    return "CrossEntropyLoss(label_smoothing=" + labelSmoothing + ", ignore_index=" + ignoreIndex
        + (weight == null ? "" : ", weight=" + Shape.format(weight.shape())) + ")";
  }
}
