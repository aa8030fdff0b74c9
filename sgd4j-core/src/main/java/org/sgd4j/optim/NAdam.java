package org.sgd4j.optim;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * NAdam (Adam with Nesterov momentum), as {@code torch.optim.NAdam}:
 *
 * <pre>
 *   input: γ (lr), β₁, β₂ (betas), θ₀ (params), f(θ) (objective), λ (weight decay), ψ (momentum decay)
 *   initialize: m₀ ← 0, v₀ ← 0
 *   for t = 1, 2, ...
 *     g_t ← ∇θ f_t(θ_{t−1})
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t−1}
 *     μ_t ← β₁ (1 − ½ · 0.96^{tψ})
 *     μ_{t+1} ← β₁ (1 − ½ · 0.96^{(t+1)ψ})
 *     m_t ← β₁ m_{t−1} + (1 − β₁) g_t
 *     v_t ← β₂ v_{t−1} + (1 − β₂) g_t²
 *     v̂_t ← v_t / (1 − β₂ᵗ)
 *     θ_t ← θ_{t−1} − γ (1 − μ_t) / (1 − ∏_{i≤t} μ_i) · g_t / (√v̂_t + ε)
 *                   − γ μ_{t+1} / (1 − ∏_{i≤t+1} μ_i) · m_t / (√v̂_t + ε)
 * </pre>
 *
 * State per parameter: {@code step}, {@code mu_product} (∏ μ_i, kept in float32 as PyTorch keeps it),
 * {@code exp_avg} (m), {@code exp_avg_sq} (v). PyTorch 1.13's NAdam has no {@code maximize}.
 *
 * <p>Sources: Dozat, "Incorporating Nesterov Momentum into Adam" (ICLR 2016 workshop); PyTorch
 * {@code torch/optim/nadam.py}.
 */
public final class NAdam extends Optimizer<NAdam.Options> {

  /** NAdam over {@code params}. */
  public NAdam(List<Tensor> params, Options options) {
    super(params, options);
  }

  /** NAdam over parameter groups. */
  public NAdam(Options defaults, List<ParamGroup<Options>> groups) {
    super(defaults, groups);
  }

  /** Options with PyTorch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 0, momentumDecay 4e-3. */
  public static Options options() {
    return new Options(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3);
  }

  @Override
  protected void update(Options o, Tensor param, ParamState state) {
    float[] m = state.buffer("exp_avg", param);
    float[] v = state.buffer("exp_avg_sq", param);
    float muProduct = (float) state.scalar("mu_product", 1.0);
    long t = state.incrementStep();
    double biasCorrection2 = 1 - Math.pow(o.beta2, t);
    double mu = o.beta1 * (1. - 0.5 * Math.pow(0.96, t * o.momentumDecay));
    double muNext = o.beta1 * (1. - 0.5 * Math.pow(0.96, (t + 1) * o.momentumDecay));
    muProduct = muProduct * (float) mu; // a float32 tensor in PyTorch
    float muProductNext = muProduct * (float) mu * (float) muNext;
    state.put("mu_product", muProduct);
    float bc2 = (float) biasCorrection2;
    float eps = (float) o.eps;
    float gradCoef = (float) (-o.lr * (1. - mu) / (1. - muProduct));
    float momentumCoef = (float) (-o.lr * muNext / (1. - muProductNext));
    float b1 = (float) o.beta1;
    float r1 = Moments.oneMinus(o.beta1);
    float b2 = (float) o.beta2;
    float r2 = Moments.oneMinus(o.beta2);
    float lambda = (float) o.weightDecay;
    FlatParam p = FlatParam.of(param);
    // The fused loop where it applies (no weight decay, arrays from index 0), else the general one.
    if (lambda == 0f && p.atZero()) {
      Constants k = new Constants(b1, r1, b2, r2, bc2, eps, gradCoef, momentumCoef);
      p.update((theta, po, gd, go, from, to) -> fused(theta, gd, m, v, from, to, k));
      return;
    }
    p.update((theta, po, gd, go, from, to) -> {
      for (int i = from; i < to; i++) {
        float g = Gradient.effective(gd[go + i], theta[po + i], 1f, lambda);
        m[i] = Moments.first(m[i], g, b1, r1);
        v[i] = Moments.second(v[i], g, b2, r2);
        float denom = (float) Math.sqrt(v[i] / bc2) + eps;
        float th = theta[po + i] + gradCoef * g / denom;
        theta[po + i] = th + momentumCoef * m[i] / denom;
      }
    });
  }

  /**
   * One step's constants in float32.
   *
   * @param beta1 β₁
   * @param oneMinusBeta1 1 − β₁
   * @param beta2 β₂
   * @param oneMinusBeta2 1 − β₂
   * @param bc2 1 − β₂ᵗ
   * @param eps ε
   * @param gradCoef −γ(1 − μₜ)/(1 − Πμ), the gradient's coefficient
   * @param momentumCoef −γμₜ₊₁/(1 − Πμ·μₜ₊₁), the momentum's coefficient
   */
  private record Constants(float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float bc2, float eps,
                           float gradCoef, float momentumCoef) {}

  /**
   * The step without weight decay over elements {@code [from, to)} of arrays indexed from 0: a
   * branch-free loop over plain indices that C2 vectorises, the same float operations as the general
   * loop, so the same bits ({@code 1·g} is {@code g}).
   */
  private static void fused(float[] theta, float[] grad, float[] m, float[] v, int from, int to, Constants k) {
    float b1 = k.beta1();
    float r1 = k.oneMinusBeta1();
    float b2 = k.beta2();
    float r2 = k.oneMinusBeta2();
    float bc2 = k.bc2();
    float eps = k.eps();
    float gradCoef = k.gradCoef();
    float momentumCoef = k.momentumCoef();
    for (int i = from; i < to; i++) {
      float g = 1f * grad[i];
      float mi = Moments.first(m[i], g, b1, r1);
      float vi = Moments.second(v[i], g, b2, r2);
      m[i] = mi;
      v[i] = vi;
      float denom = (float) Math.sqrt(vi / bc2) + eps;
      float th = theta[i] + gradCoef * g / denom;
      theta[i] = th + momentumCoef * mi / denom;
    }
  }

  /**
   * NAdam's hyper-parameters.
   *
   * @param lr learning rate γ
   * @param beta1 β₁
   * @param beta2 β₂
   * @param eps ε added to the denominator
   * @param weightDecay L2 penalty λ
   * @param momentumDecay ψ, the momentum schedule's decay
   */
  public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay)
      implements OptimizerOptions<Options>, CyclicMomentum<Options> {
    /** Validates as {@code torch.optim.NAdam.__init__}. */
    public Options {
      AdamStep.validate(lr, beta1, beta2, eps, weightDecay);
      Check.atLeast(momentumDecay, 0, "momentum_decay value");
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
    }

    @Override
    public double cycledMomentum() {
      return beta1;
    }

    @Override
    public Options withCycledMomentum(double beta1) {
      return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
    }

    /** A copy with {@code beta1} and {@code beta2} replaced. */
    public Options withBetas(double beta1, double beta2) {
      return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
    }

    /** A copy with {@code eps} replaced. */
    public Options withEps(double eps) {
      return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
    }

    /** A copy with {@code weightDecay} replaced. */
    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
    }

    /** A copy with {@code momentumDecay} replaced. */
    public Options withMomentumDecay(double momentumDecay) {
      return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
    }
  }
}
