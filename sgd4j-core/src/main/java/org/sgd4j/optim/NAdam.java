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

  /** NAdam over {@code params}, options from a builder. */
  public NAdam(List<Tensor> params, Options.Builder options) {
    this(params, options.build());
  }

  /** NAdam over parameter groups. */
  public NAdam(Options defaults, List<ParamGroup<Options>> groups) {
    super(defaults, groups);
  }

  /** A builder with PyTorch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 0, momentumDecay 4e-3. */
  public static Options.Builder options() {
    return new Options.Builder();
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
    FlatParam.of(param).update((theta, po, gd, go, from, to) -> {
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

    /** A builder starting from these values. */
    public Builder toBuilder() {
      return new Builder().lr(lr).betas(beta1, beta2).eps(eps).weightDecay(weightDecay).momentumDecay(momentumDecay);
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private double lr = 2e-3;
      private double beta1 = 0.9;
      private double beta2 = 0.999;
      private double eps = 1e-8;
      private double weightDecay;
      private double momentumDecay = 4e-3;

      public Builder lr(double lr) {
        this.lr = lr;
        return this;
      }

      /** The betas (β₁, β₂). */
      public Builder betas(double beta1, double beta2) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        return this;
      }

      public Builder eps(double eps) {
        this.eps = eps;
        return this;
      }

      public Builder weightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
        return this;
      }

      public Builder momentumDecay(double momentumDecay) {
        this.momentumDecay = momentumDecay;
        return this;
      }

      public Options build() {
        return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
      }
    }
  }
}
