package org.sgd4j.nn.loss;

import org.sgd4j.tensor.Graph;
import org.sgd4j.tensor.Tensor;

/**
 * {@code torch.nn.BCELoss}, binary cross-entropy of probabilities x ∈ [0, 1] against targets y:
 * ℓᵢ = −wᵢ [yᵢ log xᵢ + (1 − yᵢ) log(1 − xᵢ)], each log clamped to ≥ −100 as PyTorch does, with an
 * optional weight broadcast to the input.
 *
 * <p>The gradients are PyTorch's formulas ({@code binary_cross_entropy_backward} and
 * {@code binary_cross_entropy_target_backward}), not the derivative of the clamped logs: with respect to
 * x, {@code g·w·(x − y) / max((1 − x)·x, 1e-12)}, finite where x is exactly 0 or 1 (a saturated sigmoid),
 * where the logs' chain rule would give 0/0; with respect to y, {@code −g·w·logit(x)}.
 */
public final class BCELoss extends Loss {
  /** The floor PyTorch puts under (1 − x)·x in the gradient. */
  static final float EPSILON = 1e-12f;

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
    Tensor xd = input.detach();
    Tensor yd = target.detach();
    float inf = Float.POSITIVE_INFINITY;
    Tensor logX = xd.log().clamp(-100f, inf);
    Tensor log1mX = xd.rsub(1f).log().clamp(-100f, inf);
    Tensor loss = yd.mul(logX).add(yd.rsub(1f).mul(log1mX)).neg();
    if (weight != null) {
      loss = loss.mul(weight);
    }
    loss = Graph.record(loss, "BinaryCrossEntropyBackward", Graph.of(input, target), Graph.of(input, target),
        g -> new Tensor[] {input.requiresGrad() ? weighted(inputGradient(g, input, target)) : null,
            target.requiresGrad() ? weighted(g.mul(logit(input)).neg()) : null});
    return reduce(loss);
  }

  /** g·(x − y) / max((1 − x)·x, ε), as PyTorch's kernel computes it. */
  private static Tensor inputGradient(Tensor g, Tensor x, Tensor y) {
    return g.mul(x.sub(y)).div(x.rsub(1f).mul(x).clamp(EPSILON, Float.POSITIVE_INFINITY));
  }

  /** log(x / (1 − x)), as {@code torch.logit} without eps. */
  private static Tensor logit(Tensor x) {
    return x.div(x.rsub(1f)).log();
  }

  private Tensor weighted(Tensor t) {
    return weight == null ? t : t.mul(weight);
  }
}
