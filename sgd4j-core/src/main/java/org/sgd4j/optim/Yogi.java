package org.sgd4j.optim;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * Yogi, as in the notes (Dive into Deep Learning, §12.10) and Zaheer et al.:
 *
 * <pre>
 *   input: η (lr), β₁, β₂ (betas), ε, λ (weight decay), maximize
 *   initialize: v₀ ← 0, s₀ ← 0
 *   for t = 1, 2, ...
 *     g_t ← ∇θ f_t(θ_{t−1})            (−∇θ if maximize)
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t−1}
 *     v_t ← β₁ v_{t−1} + (1 − β₁) g_t
 *     s_t ← s_{t−1} + (1 − β₂) g_t² ⊙ sgn(g_t² − s_{t−1})
 *     v̂_t ← v_t / (1 − β₁ᵗ),  ŝ_t ← s_t / (1 − β₂ᵗ)
 *     θ_t ← θ_{t−1} − η v̂_t / (√ŝ_t + ε)
 * </pre>
 *
 * Adam's second moment moves by (1 − β₂)(g² − s), a step that grows with s and can forget a large
 * gradient quickly; Yogi moves by (1 − β₂) g² in the direction of g² − s only. ε defaults to 1e-3,
 * as in the notes. Not part of {@code torch.optim}; the references are a line-by-line torch
 * transcription in {@code reference/optim/generate_optim.py}. State per parameter: {@code step},
 * {@code exp_avg} (v), {@code exp_avg_sq} (s).
 *
 * <p>Source: Zaheer, Reddi, Sachan, Kale and Kumar, "Adaptive Methods for Nonconvex Optimization"
 * (NeurIPS 2018).
 */
public final class Yogi extends Optimizer<Yogi.Options> {

  /** Yogi over {@code params}. */
  public Yogi(List<Tensor> params, Options options) {
    super(params, options);
  }

  /** Yogi over parameter groups. */
  public Yogi(Options defaults, List<ParamGroup<Options>> groups) {
    super(defaults, groups);
  }

  /** Options with the notes' defaults: lr 1e-2, betas (0.9, 0.999), eps 1e-3. */
  public static Options options() {
    return new Options(1e-2, 0.9, 0.999, 1e-3, 0, false);
  }

  @Override
  protected void update(Options o, Tensor param, ParamState state) {
    float[] v = state.buffer("exp_avg", param);
    float[] s = state.buffer("exp_avg_sq", param);
    long t = state.incrementStep();
    float b1 = (float) o.beta1;
    float r1 = Moments.oneMinus(o.beta1);
    float r2 = Moments.oneMinus(o.beta2);
    float bc1 = (float) (1 - Math.pow(o.beta1, t));
    float bc2 = (float) (1 - Math.pow(o.beta2, t));
    float lr = (float) o.lr;
    float eps = (float) o.eps;
    float sign = Gradient.sign(o.maximize);
    float lambda = (float) o.weightDecay;
    FlatParam p = FlatParam.of(param);
    // The fused loop where it applies (no weight decay, arrays from index 0), else the general one.
    if (lambda == 0f && p.atZero()) {
      Constants k = new Constants(b1, r1, r2, bc1, bc2, lr, eps, sign);
      p.update((theta, po, gd, go, from, to) -> fused(theta, gd, v, s, from, to, k));
      return;
    }
    p.update((theta, po, gd, go, from, to) -> {
      for (int i = from; i < to; i++) {
        float g = Gradient.effective(gd[go + i], theta[po + i], sign, lambda);
        v[i] = Moments.first(v[i], g, b1, r1);
        float g2 = g * g;
        s[i] = s[i] + r2 * Math.signum(g2 - s[i]) * g2;
        float vHat = v[i] / bc1;
        float sHat = s[i] / bc2;
        theta[po + i] = theta[po + i] - lr * vHat / ((float) Math.sqrt(sHat) + eps);
      }
    });
  }

  /** One step's constants in float32: β₁, 1 − β₁, 1 − β₂, 1 − β₁ᵗ, 1 − β₂ᵗ, γ, ε and the gradient's sign. */
  private record Constants(float beta1, float oneMinusBeta1, float oneMinusBeta2, float bc1, float bc2, float lr,
                           float eps, float sign) {}

  /**
   * The step without weight decay over elements {@code [from, to)} of arrays indexed from 0: a
   * branch-free loop over plain indices that C2 vectorises, the same float operations as the general
   * loop, so the same bits. {@code Math.signum}, which C2 (JDK 17) does not vectorise, is written as
   * {@link #signum}.
   */
  private static void fused(float[] theta, float[] grad, float[] v, float[] s, int from, int to, Constants k) {
    float b1 = k.beta1();
    float r1 = k.oneMinusBeta1();
    float r2 = k.oneMinusBeta2();
    float bc1 = k.bc1();
    float bc2 = k.bc2();
    float lr = k.lr();
    float eps = k.eps();
    float sign = k.sign();
    for (int i = from; i < to; i++) {
      float g = sign * grad[i];
      float vi = Moments.first(v[i], g, b1, r1);
      v[i] = vi;
      float g2 = g * g;
      float si = s[i] + r2 * signum(g2 - s[i]) * g2;
      s[i] = si;
      float vHat = vi / bc1;
      float sHat = si / bc2;
      theta[i] = theta[i] - lr * vHat / ((float) Math.sqrt(sHat) + eps);
    }
  }

  /**
   * {@code Math.signum(d)} in every bit, from operations C2 vectorises: any nonzero float times 2^254
   * is at least 2^105 in magnitude (or infinite), so the clamp to [−1, 1] gives ±1; ±0 and a quiet NaN
   * pass through the product and the clamp unchanged, as signum returns them. (A signaling NaN would come
   * out quieted; the argument here is a difference, and arithmetic never gives one.)
   */
  static float signum(float d) {
    return Math.min(Math.max(d * 0x1p127f * 0x1p127f, -1f), 1f);
  }

  /**
   * Yogi's hyper-parameters.
   *
   * @param lr learning rate η
   * @param beta1 β₁
   * @param beta2 β₂
   * @param eps ε added to the denominator (1e-3 by default)
   * @param weightDecay L2 penalty λ
   * @param maximize maximize the objective
   */
  public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize)
      implements OptimizerOptions<Options>, CyclicMomentum<Options> {
    /** Validates the arguments. */
    public Options {
      AdamStep.validate(lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    @Override
    public double cycledMomentum() {
      return beta1;
    }

    @Override
    public Options withCycledMomentum(double beta1) {
      return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    /** A copy with {@code beta1} and {@code beta2} replaced. */
    public Options withBetas(double beta1, double beta2) {
      return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    /** A copy with {@code eps} replaced. */
    public Options withEps(double eps) {
      return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    /** A copy with {@code weightDecay} replaced. */
    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    /** A copy with {@code maximize} replaced. */
    public Options withMaximize(boolean maximize) {
      return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
    }
  }
}
