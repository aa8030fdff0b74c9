package org.sgd4j.optim;

import java.util.List;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;

/**
 * Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}: applied
 * to the parameters' gradients in place between {@code backward()} and {@code step()}.
 *
 * <pre>
 *   clipGradNorm:   ‖g‖ ← (Σ_p ‖g_p‖_q^q)^(1/q)   (max over p of max |g_p| for q = ∞)
 *                   g_p ← g_p · min(1, c / (‖g‖ + 10⁻⁶))
 *   clipGradValue:  g_p ← clamp(g_p, −c, c)
 * </pre>
 *
 * Norm clipping keeps the direction of the whole gradient and bounds its length (Pascanu, Mikolov and
 * Bengio, "On the difficulty of training recurrent neural networks", ICML 2013).
 */
public final class GradClipping {
  private GradClipping() {}

  /** {@link #clipGradNorm(List, double, double)} with the 2-norm. */
  public static double clipGradNorm(List<Tensor> params, double maxNorm) {
    return clipGradNorm(params, maxNorm, 2);
  }

  /**
   * Scales the gradients so that their joint {@code normType}-norm is at most {@code maxNorm};
   * parameters without a gradient are skipped.
   *
   * @param normType q ≥ 1, or {@code Double.POSITIVE_INFINITY}
   * @return the total norm before clipping
   * @throws IllegalArgumentException for a negative or NaN {@code maxNorm}, or q &lt; 1
   */
  public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType) {
    if (!(maxNorm >= 0)) {
      throw new IllegalArgumentException("Invalid max_norm: " + maxNorm);
    }
    if (!(normType >= 1)) {
      throw new IllegalArgumentException("Invalid norm_type: " + normType + " (must be >= 1 or infinity)");
    }
    double total = 0;
    boolean inf = Double.isInfinite(normType);
    for (Tensor p : params) {
      if (!p.hasGrad()) {
        continue;
      }
      float norm = p.grad().detach().norm(normType).item();
      total = inf ? Math.max(total, norm) : total + Math.pow(norm, normType);
    }
    if (!inf) {
      total = Math.pow(total, 1 / normType);
    }
    double coef = maxNorm / (total + 1e-6);
    if (coef < 1) {
      try (GradMode.Scope s = GradMode.noGrad()) {
        for (Tensor p : params) {
          if (p.hasGrad()) {
            p.grad().mul_((float) coef);
          }
        }
      }
    }
    return total;
  }

  /**
   * Clamps every gradient element into {@code [−clipValue, clipValue]}.
   *
   * @throws IllegalArgumentException for a negative or NaN {@code clipValue}
   */
  public static void clipGradValue(List<Tensor> params, double clipValue) {
    if (!(clipValue >= 0)) {
      throw new IllegalArgumentException("Invalid clip_value: " + clipValue);
    }
    float c = (float) clipValue;
    try (GradMode.Scope s = GradMode.noGrad()) {
      for (Tensor p : params) {
        if (p.hasGrad()) {
          p.grad().clamp_(-c, c);
        }
      }
    }
  }
}
