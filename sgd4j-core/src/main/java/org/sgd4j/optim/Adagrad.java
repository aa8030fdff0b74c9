package org.sgd4j.optim;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * Adagrad, as {@code torch.optim.Adagrad}:
 *
 * <pre>
 *   input: γ (lr), θ₀ (params), f(θ) (objective), λ (weight decay), τ (initial accumulator value),
 *          η (lr decay), maximize
 *   initialize: s₀ ← τ
 *   for t = 1, 2, ...
 *     g_t ← ∇θ f_t(θ_{t−1})            (−∇θ if maximize)
 *     γ̃ ← γ / (1 + (t − 1) η)
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t−1}
 *     s_t ← s_{t−1} + g_t²
 *     θ_t ← θ_{t−1} − γ̃ g_t / (√s_t + ε)
 * </pre>
 *
 * {@code epsInsideSqrt} gives the notes' form {@code g / √(s + ε)} (Dive into Deep Learning, §12.7)
 * instead of PyTorch's {@code g / (√s + ε)}. Each coordinate's step shrinks with the sum of its squared gradients: coordinates with large
 * gradients get small steps. State per parameter: {@code step}, {@code sum} (s).
 *
 * <p>Sources: Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization" (JMLR 2011); PyTorch {@code torch/optim/adagrad.py}.
 */
public final class Adagrad extends Optimizer<Adagrad.Options> {

  /** Adagrad over {@code params}. */
  public Adagrad(List<Tensor> params, Options options) {
    super(params, options);
  }

  /** Adagrad over {@code params}, options from a builder. */
  public Adagrad(List<Tensor> params, Options.Builder options) {
    this(params, options.build());
  }

  /** Adagrad over parameter groups. */
  public Adagrad(Options defaults, List<ParamGroup<Options>> groups) {
    super(defaults, groups);
  }

  /** A builder with PyTorch's defaults: lr 1e-2, lrDecay 0, weightDecay 0, initialAccumulatorValue 0, eps 1e-10. */
  public static Options.Builder options() {
    return new Options.Builder();
  }

  @Override
  protected void update(Options o, Tensor param, ParamState state) {
    Tensor sum = state.tensor("sum");
    if (sum == null) {
      sum = Tensor.full((float) o.initialAccumulatorValue, param.shape());
      state.put("sum", sum);
    }
    float[] s = sum.data();
    long t = state.incrementStep();
    float clr = (float) -(o.lr / (1 + (t - 1) * o.lrDecay));
    float eps = (float) o.eps;
    float sign = Gradient.sign(o.maximize);
    float lambda = (float) o.weightDecay;
    FlatParam.of(param).update((theta, po, gd, go, from, to) -> {
      for (int i = from; i < to; i++) {
        float g = Gradient.effective(gd[go + i], theta[po + i], sign, lambda);
        s[i] = s[i] + g * g;
        float std = o.epsInsideSqrt ? (float) Math.sqrt(s[i] + eps) : (float) Math.sqrt(s[i]) + eps;
        theta[po + i] = theta[po + i] + clr * g / std;
      }
    });
  }

  /**
   * Adagrad's hyper-parameters.
   *
   * @param lr learning rate γ
   * @param lrDecay learning-rate decay η
   * @param weightDecay L2 penalty λ
   * @param initialAccumulatorValue τ, the starting value of the sum of squares
   * @param eps ε added to the denominator
   * @param maximize maximize the objective
   * @param epsInsideSqrt divide by √(s + ε) (the notes) instead of √s + ε (PyTorch)
   */
  public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
                        boolean maximize, boolean epsInsideSqrt) implements OptimizerOptions<Options> {
    /** Validates as {@code torch.optim.Adagrad.__init__}. */
    public Options {
      Check.lr(lr);
      Check.atLeast(lrDecay, 0, "lr_decay value");
      Check.weightDecay(weightDecay);
      Check.atLeast(initialAccumulatorValue, 0, "initial_accumulator_value value");
      Check.eps(eps);
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize, epsInsideSqrt);
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
      return new Builder().lr(lr).lrDecay(lrDecay).weightDecay(weightDecay)
          .initialAccumulatorValue(initialAccumulatorValue).eps(eps).maximize(maximize)
          .epsInsideSqrt(epsInsideSqrt);
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private double lr = 1e-2;
      private double lrDecay;
      private double weightDecay;
      private double initialAccumulatorValue;
      private double eps = 1e-10;
      private boolean maximize;
      private boolean epsInsideSqrt;

      public Builder lr(double lr) {
        this.lr = lr;
        return this;
      }

      public Builder lrDecay(double lrDecay) {
        this.lrDecay = lrDecay;
        return this;
      }

      public Builder weightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
        return this;
      }

      public Builder initialAccumulatorValue(double value) {
        this.initialAccumulatorValue = value;
        return this;
      }

      public Builder eps(double eps) {
        this.eps = eps;
        return this;
      }

      public Builder maximize(boolean maximize) {
        this.maximize = maximize;
        return this;
      }

      /** The notes' {@code g / √(s + ε)} instead of PyTorch's {@code g / (√s + ε)}. */
      public Builder epsInsideSqrt(boolean epsInsideSqrt) {
        this.epsInsideSqrt = epsInsideSqrt;
        return this;
      }

      public Options build() {
        return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize, epsInsideSqrt);
      }
    }
  }
}
