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
 * {@code epsInsideSqrt} gives Dive into Deep Learning's form {@code g / √(s + ε)} (§12.7) instead of
 * PyTorch's {@code g / (√s + ε)}. Each coordinate's step shrinks with the sum of its squared
 * gradients: coordinates with large gradients get small steps. State per parameter: {@code step}, {@code sum} (s).
 *
 * <p>Sources: Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization" (JMLR 2011); PyTorch {@code torch/optim/adagrad.py}.
 */
public final class Adagrad extends Optimizer<Adagrad.Options> {

  /** Adagrad over {@code params}. */
  public Adagrad(List<Tensor> params, Options options) {
    super(params, options);
  }

  /** Adagrad over parameter groups. */
  public Adagrad(Options defaults, List<ParamGroup<Options>> groups) {
    super(defaults, groups);
  }

  /** Options with PyTorch's defaults: lr 1e-2, lrDecay 0, weightDecay 0, initialAccumulatorValue 0, eps 1e-10. */
  public static Options options() {
    return new Options(1e-2, 0, 0, 0, 1e-10, false, false);
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
    FlatParam p = FlatParam.of(param);
    // The fused loop where it applies (no weight decay, arrays from index 0), else the general one.
    if (lambda == 0f && p.atZero()) {
      boolean inside = o.epsInsideSqrt;
      p.update((theta, po, gd, go, from, to) -> fused(theta, gd, s, from, to, sign, eps, clr, inside));
      return;
    }
    p.update((theta, po, gd, go, from, to) -> {
      for (int i = from; i < to; i++) {
        float g = Gradient.effective(gd[go + i], theta[po + i], sign, lambda);
        s[i] = s[i] + g * g;
        float std = o.epsInsideSqrt ? (float) Math.sqrt(s[i] + eps) : (float) Math.sqrt(s[i]) + eps;
        theta[po + i] = theta[po + i] + clr * g / std;
      }
    });
  }

  /**
   * The step without weight decay over elements {@code [from, to)} of arrays indexed from 0, a
   * branch-free loop over plain indices that C2 vectorises: the same float operations as the general
   * loop, so the same bits. ε goes inside or outside the root by adding it on one side and −0 on the
   * other: {@code x + −0} is {@code x} in every bit, for every x.
   */
  private static void fused(float[] theta, float[] grad, float[] s, int from, int to, float sign, float eps, float clr,
                            boolean epsInsideSqrt) {
    float inside = epsInsideSqrt ? eps : -0f;
    float outside = epsInsideSqrt ? -0f : eps;
    for (int i = from; i < to; i++) {
      float g = sign * grad[i];
      float si = s[i] + g * g;
      s[i] = si;
      theta[i] = theta[i] + clr * g / ((float) Math.sqrt(si + inside) + outside);
    }
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
   * @param epsInsideSqrt divide by √(s + ε) (Dive into Deep Learning) instead of √s + ε (PyTorch)
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

    /** A copy with {@code lrDecay} replaced. */
    public Options withLrDecay(double lrDecay) {
      return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize, epsInsideSqrt);
    }

    /** A copy with {@code weightDecay} replaced. */
    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize, epsInsideSqrt);
    }

    /** A copy with {@code initialAccumulatorValue} replaced. */
    public Options withInitialAccumulatorValue(double value) {
      return new Options(lr, lrDecay, weightDecay, value, eps, maximize, epsInsideSqrt);
    }

    /** A copy with {@code eps} replaced. */
    public Options withEps(double eps) {
      return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize, epsInsideSqrt);
    }

    /** A copy with {@code maximize} replaced. */
    public Options withMaximize(boolean maximize) {
      return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize, epsInsideSqrt);
    }

    /** A copy with {@code epsInsideSqrt} replaced. */
    public Options withEpsInsideSqrt(boolean epsInsideSqrt) {
      return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize, epsInsideSqrt);
    }
  }
}
