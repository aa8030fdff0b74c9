package org.sgd4j.optim;

import org.sgd4j.tensor.Tensor;

/**
 * The bias-corrected Adam step shared by {@link Adam} and {@link AdamW} (optax's
 * {@code scale_by_adam}): update the moments, then
 * {@code θ ← θ − (γ/(1−β₁ᵗ)) m / (√v̂/√(1−β₂ᵗ) + ε)} with {@code v̂ = v} or, with amsgrad, its
 * running maximum. The two optimizers differ only in where the weight decay goes ({@link Decay}).
 */
final class AdamStep {
  private AdamStep() {}

  /** Validates the Adam family's options as {@code torch.optim.Adam.__init__}. */
  static void validate(double lr, double beta1, double beta2, double eps, double weightDecay) {
    Check.lr(lr);
    Check.eps(eps);
    Check.beta(beta1, "beta parameter at index 0");
    Check.beta(beta2, "beta parameter at index 1");
    Check.weightDecay(weightDecay);
  }

  /** Where the weight decay λ enters. */
  enum Decay {
    /** Adam's L2 penalty, added to the gradient: {@code g ← g + λθ}. */
    COUPLED,
    /** AdamW's decoupled decay, applied to the weights: {@code θ ← θ(1 − γλ)}. */
    DECOUPLED
  }

  /**
   * The hyper-parameters of one Adam step.
   *
   * @param lr γ
   * @param beta1 β₁
   * @param beta2 β₂
   * @param eps ε
   * @param weightDecay λ
   * @param decay where λ enters
   * @param amsgrad use the running maximum of v
   * @param maximize ascend instead of descend
   */
  record Config(double lr, double beta1, double beta2, double eps, double weightDecay, Decay decay, boolean amsgrad,
                boolean maximize) {}

  /**
   * The constants of step t in float32, as PyTorch rounds them.
   *
   * @param stepSize −γ/(1 − β₁ᵗ)
   * @param bc2Sqrt √(1 − β₂ᵗ)
   * @param eps ε
   * @param beta1 β₁
   * @param oneMinusBeta1 1 − β₁
   * @param beta2 β₂
   * @param oneMinusBeta2 1 − β₂
   * @param sign −1 with maximize, else 1
   * @param lambda coupled decay λ (0 for AdamW)
   * @param shrink decoupled factor 1 − γλ (1 for Adam)
   */
  record Coefficients(float stepSize, float bc2Sqrt, float eps, float beta1, float oneMinusBeta1, float beta2,
                      float oneMinusBeta2, float sign, float lambda, float shrink) {
    static Coefficients of(Config c, long t) {
      boolean coupled = c.decay() == Decay.COUPLED;
      return new Coefficients((float) -(c.lr() / (1 - Math.pow(c.beta1(), t))),
          (float) Math.sqrt(1 - Math.pow(c.beta2(), t)), (float) c.eps(), (float) c.beta1(),
          Moments.oneMinus(c.beta1()), (float) c.beta2(), Moments.oneMinus(c.beta2()), Gradient.sign(c.maximize()),
          coupled ? (float) c.weightDecay() : 0f, coupled ? 1f : Gradient.decoupledFactor(c.lr(), c.weightDecay()));
    }

    /**
     * No coupled weight decay (the gradient enters as {@code sign·g}, and AdamW's factor multiplies θ):
     * what the fused loop computes. Multiplying by a sign of 1 or a factor of 1 changes no bit, so the
     * loop multiplies always, without a branch.
     */
    boolean isUncoupled() {
      return lambda == 0f;
    }
  }

  /** One step on {@code param}: moments, then the bias-corrected update, over the kernel threads. */
  static void apply(Tensor param, ParamState state, Config config) {
    FlatParam p = FlatParam.of(param);
    float[] m = state.buffer("exp_avg", param);
    float[] v = state.buffer("exp_avg_sq", param);
    float[] vMax = config.amsgrad() ? state.buffer("max_exp_avg_sq", param) : null;
    Coefficients c = Coefficients.of(config, state.incrementStep());
    // The fused kernel where it applies, else the general loop (torch's adam() choosing its implementation).
    boolean fused = vMax == null && p.atZero();
    p.update(!fused ? (theta, po, grad, go, from, to) -> general(theta, po, grad, go, from, to, m, v, vMax, c)
        : c.isUncoupled() ? (theta, po, grad, go, from, to) -> fused(theta, grad, from, to, m, v, c)
        : (theta, po, grad, go, from, to) -> fusedCoupled(theta, grad, from, to, m, v, c));
  }

  /** The step over elements {@code [from, to)}, every option honoured ({@code vMax} null without amsgrad). */
  private static void general(float[] theta, int po, float[] grad, int go, int from, int to, float[] m, float[] v,
                              float[] vMax, Coefficients c) {
    for (int i = from; i < to; i++) {
      float g = Gradient.effective(grad[go + i], theta[po + i], c.sign(), c.lambda());
      float th = c.shrink() == 1f ? theta[po + i] : theta[po + i] * c.shrink();
      m[i] = Moments.first(m[i], g, c.beta1(), c.oneMinusBeta1());
      v[i] = Moments.second(v[i], g, c.beta2(), c.oneMinusBeta2());
      float vHat = v[i];
      if (vMax != null) {
        vMax[i] = Math.max(vMax[i], v[i]);
        vHat = vMax[i];
      }
      float denom = (float) Math.sqrt(vHat) / c.bc2Sqrt() + c.eps();
      theta[po + i] = th + c.stepSize() * m[i] / denom;
    }
  }

  /**
   * Adam's step with its L2 penalty ({@code g ← sign·g + λθ}, λ ≠ 0; no amsgrad; arrays from index 0)
   * as a branch-free loop over plain indices that C2 vectorises: the same float operations as
   * {@link #general}, so the same bits.
   */
  private static void fusedCoupled(float[] theta, float[] grad, int from, int to, float[] m, float[] v,
                                   Coefficients c) {
    float b1 = c.beta1();
    float r1 = c.oneMinusBeta1();
    float b2 = c.beta2();
    float r2 = c.oneMinusBeta2();
    float bc2Sqrt = c.bc2Sqrt();
    float eps = c.eps();
    float stepSize = c.stepSize();
    float sign = c.sign();
    float lambda = c.lambda();
    for (int i = from; i < to; i++) {
      float th = theta[i];
      float g = sign * grad[i] + lambda * th;
      float mi = Moments.first(m[i], g, b1, r1);
      float vi = Moments.second(v[i], g, b2, r2);
      m[i] = mi;
      v[i] = vi;
      float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
      theta[i] = th + stepSize * mi / denom;
    }
  }

  /**
   * The common step (no amsgrad, no coupled decay: Adam without weight decay, AdamW with any, either
   * direction; arrays from index 0) as a branch-free loop over plain indices that C2 vectorises: the
   * same float operations as {@link #general}, so the same bits ({@code 1·g} is {@code g} and
   * {@code θ·1} is {@code θ}, bit for bit).
   */
  private static void fused(float[] theta, float[] grad, int from, int to, float[] m, float[] v, Coefficients c) {
    float b1 = c.beta1();
    float r1 = c.oneMinusBeta1();
    float b2 = c.beta2();
    float r2 = c.oneMinusBeta2();
    float bc2Sqrt = c.bc2Sqrt();
    float eps = c.eps();
    float stepSize = c.stepSize();
    float sign = c.sign();
    float shrink = c.shrink();
    for (int i = from; i < to; i++) {
      float g = sign * grad[i];
      float th = theta[i] * shrink;
      float mi = Moments.first(m[i], g, b1, r1);
      float vi = Moments.second(v[i], g, b2, r2);
      m[i] = mi;
      v[i] = vi;
      float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
      theta[i] = th + stepSize * mi / denom;
    }
  }
}
