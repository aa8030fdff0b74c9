package org.sgd4j.optim;

/**
 * The first two lines of every {@code torch.optim} algorithm, written once, for one coordinate:
 *
 * <pre>
 *   g ← ∇θ f(θ)          (−∇θ f(θ) if maximize: sign = −1)
 *   g ← g + λθ           (if λ ≠ 0: coupled weight decay, i.e. L2 regularisation)
 * </pre>
 *
 * and decoupled weight decay (AdamW, Loshchilov and Hutter): {@code θ ← θ(1 − ηλ)}. The update loops
 * call these per element, so each optimizer makes one pass over its arrays.
 */
final class Gradient {
  private Gradient() {}

  /** {@code sign·grad + λθ} (just {@code sign·grad} when λ = 0, as PyTorch skips the add). */
  static float effective(float grad, float theta, float sign, float lambda) {
    float g = sign * grad;
    return lambda == 0f ? g : g + lambda * theta;
  }

  /** −1 for maximize, else 1. */
  static float sign(boolean maximize) {
    return maximize ? -1f : 1f;
  }

  /** The decoupled decay factor {@code 1 − ηλ} in float32, as {@code param.mul_(1 - lr * weight_decay)}. */
  static float decoupledFactor(double lr, double weightDecay) {
    return (float) (1 - lr * weightDecay);
  }
}
