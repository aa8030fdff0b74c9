package org.sgd4j.optim;

import org.sgd4j.tensor.Tensor;

/**
 * The first two lines of every {@code torch.optim} algorithm, written once:
 *
 * <pre>
 *   g ← ∇θ f(θ)          (−∇θ f(θ) if maximize)
 *   g ← g + λθ           (if λ ≠ 0: coupled weight decay, i.e. L2 regularisation)
 * </pre>
 *
 * The result goes into a reused work array, so a step does not allocate.
 */
final class Gradient {
  private Gradient() {}

  /** {@code g} for {@code param}, in {@code out[0..n)}; returns {@code out}. */
  static float[] effective(Tensor param, boolean maximize, double weightDecay, float[] out) {
    Tensor grad = Dense.grad(param);
    float[] gd = grad.data();
    int go = grad.storageOffset();
    float[] theta = param.data();
    int po = param.storageOffset();
    int n = param.numel();
    float sign = maximize ? -1f : 1f;
    for (int i = 0; i < n; i++) {
      out[i] = sign * gd[go + i];
    }
    if (weightDecay != 0) {
      float lambda = (float) weightDecay;
      for (int i = 0; i < n; i++) {
        out[i] = out[i] + lambda * theta[po + i];
      }
    }
    return out;
  }

  /** Decoupled weight decay (AdamW, Loshchilov and Hutter): {@code θ ← θ(1 − ηλ)}. */
  static void decoupledDecay(Tensor param, double lr, double weightDecay) {
    if (weightDecay == 0) {
      return;
    }
    float factor = (float) (1 - lr * weightDecay);
    float[] theta = param.data();
    int po = param.storageOffset();
    int n = param.numel();
    for (int i = 0; i < n; i++) {
      theta[po + i] *= factor;
    }
  }
}
