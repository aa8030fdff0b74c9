package org.sgd4j.optim;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * RMSprop, as {@code torch.optim.RMSprop}:
 *
 * <pre>
 *   input: α (alpha), γ (lr), θ₀ (params), f(θ) (objective), λ (weight decay), μ (momentum),
 *          centered, maximize
 *   initialize: v₀ ← 0 (square average), b₀ ← 0 (buffer), g₀^ave ← 0
 *   for t = 1, 2, ...
 *     g_t ← ∇θ f_t(θ_{t−1})            (−∇θ if maximize)
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t−1}
 *     v_t ← α v_{t−1} + (1 − α) g_t²
 *     ṽ_t ← v_t
 *     if centered:  g_t^ave ← α g_{t−1}^ave + (1 − α) g_t;  ṽ_t ← ṽ_t − (g_t^ave)²
 *     if μ &gt; 0:  b_t ← μ b_{t−1} + g_t / (√ṽ_t + ε);  θ_t ← θ_{t−1} − γ b_t
 *     else:      θ_t ← θ_{t−1} − γ g_t / (√ṽ_t + ε)
 * </pre>
 *
 * ε sits outside the square root, as in PyTorch; {@code epsInsideSqrt} gives Dive into Deep Learning's form
 * {@code g / √(ṽ + ε)} (Dive into Deep Learning, §12.8), which differs only where ṽ is tiny.
 * State per parameter: {@code step}, {@code square_avg}, {@code momentum_buffer} (μ &gt; 0),
 * {@code grad_avg} (centered).
 *
 * <p>Sources: Hinton, Lecture 6e of "Neural Networks for Machine Learning" (2012); Graves,
 * "Generating Sequences With Recurrent Neural Networks" (2013) for the centered form; PyTorch
 * {@code torch/optim/rmsprop.py}.
 */
public final class RMSprop extends Optimizer<RMSprop.Options> {

  /** RMSprop over {@code params}. */
  public RMSprop(List<Tensor> params, Options options) {
    super(params, options);
  }

  /** RMSprop over parameter groups. */
  public RMSprop(Options defaults, List<ParamGroup<Options>> groups) {
    super(defaults, groups);
  }

  /** Options with PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, weightDecay 0, momentum 0. */
  public static Options options() {
    return new Options(1e-2, 0.99, 1e-8, 0, 0, false, false, false);
  }

  @Override
  protected void update(Options o, Tensor param, ParamState state) {
    state.incrementStep();
    float[] v = state.buffer("square_avg", param);
    float[] b = o.momentum > 0 ? state.buffer("momentum_buffer", param) : null;
    float[] gAve = o.centered ? state.buffer("grad_avg", param) : null;
    float alpha = (float) o.alpha;
    float oneMinusAlpha = Moments.oneMinus(o.alpha);
    float eps = (float) o.eps;
    float mu = (float) o.momentum;
    float lr = (float) -o.lr;
    float sign = Gradient.sign(o.maximize);
    float lambda = (float) o.weightDecay;
    FlatParam p = FlatParam.of(param);
    // The fused loop where it applies (not centered, no weight decay, arrays from index 0), else the
    // general one.
    if (gAve == null && lambda == 0f && p.atZero()) {
      boolean inside = o.epsInsideSqrt;
      p.update((theta, po, gd, go, from, to) -> fused(theta, gd, v, b, from, to,
          new Constants(alpha, oneMinusAlpha, eps, mu, lr, sign), inside));
      return;
    }
    p.update((theta, po, gd, go, from, to) -> {
      for (int i = from; i < to; i++) {
        float g = Gradient.effective(gd[go + i], theta[po + i], sign, lambda);
        v[i] = Moments.second(v[i], g, alpha, oneMinusAlpha);
        float vTilde = v[i];
        if (gAve != null) {
          gAve[i] = Moments.first(gAve[i], g, alpha, oneMinusAlpha);
          vTilde = v[i] + -1f * gAve[i] * gAve[i];
        }
        float avg = o.epsInsideSqrt ? (float) Math.sqrt(vTilde + eps) : (float) Math.sqrt(vTilde) + eps;
        if (b != null) {
          b[i] = b[i] * mu + g / avg;
          theta[po + i] = theta[po + i] + lr * b[i];
        } else {
          theta[po + i] = theta[po + i] + lr * g / avg;
        }
      }
    });
  }

  /** One step's constants in float32: α, 1 − α, ε, μ, −γ and the sign of the gradient. */
  private record Constants(float alpha, float oneMinusAlpha, float eps, float mu, float lr, float sign) {}

  /**
   * The step without centering or weight decay over elements {@code [from, to)} of arrays indexed from 0
   * ({@code b} null without momentum): a branch-free loop over plain indices, with or without momentum,
   * which C2 vectorises; the same float operations as the general loop, so the same bits. ε goes inside or
   * outside the root by adding it on one side and −0 on the other: {@code x + −0} is {@code x} in every
   * bit, for every x.
   */
  private static void fused(float[] theta, float[] grad, float[] v, float[] b, int from, int to, Constants k,
                            boolean epsInsideSqrt) {
    float alpha = k.alpha();
    float oneMinusAlpha = k.oneMinusAlpha();
    float inside = epsInsideSqrt ? k.eps() : -0f;
    float outside = epsInsideSqrt ? -0f : k.eps();
    float lr = k.lr();
    float sign = k.sign();
    if (b == null) {
      for (int i = from; i < to; i++) {
        float g = sign * grad[i];
        float vi = Moments.second(v[i], g, alpha, oneMinusAlpha);
        v[i] = vi;
        theta[i] = theta[i] + lr * g / ((float) Math.sqrt(vi + inside) + outside);
      }
      return;
    }
    float mu = k.mu();
    for (int i = from; i < to; i++) {
      float g = sign * grad[i];
      float vi = Moments.second(v[i], g, alpha, oneMinusAlpha);
      v[i] = vi;
      float bi = b[i] * mu + g / ((float) Math.sqrt(vi + inside) + outside);
      b[i] = bi;
      theta[i] = theta[i] + lr * bi;
    }
  }

  /**
   * RMSprop's hyper-parameters.
   *
   * @param lr learning rate γ
   * @param alpha smoothing constant α of the square average
   * @param eps ε added to the denominator
   * @param weightDecay L2 penalty λ
   * @param momentum momentum factor μ
   * @param centered normalise by an estimate of the gradient's variance instead of its second moment
   * @param maximize maximize the objective
   * @param epsInsideSqrt divide by √(ṽ + ε) (Dive into Deep Learning) instead of √ṽ + ε (PyTorch)
   */
  public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
                        boolean maximize, boolean epsInsideSqrt)
      implements OptimizerOptions<Options>, CyclicMomentum<Options> {
    /** Validates as {@code torch.optim.RMSprop.__init__}. */
    public Options {
      Check.lr(lr);
      Check.eps(eps);
      Check.momentum(momentum);
      Check.weightDecay(weightDecay);
      Check.atLeast(alpha, 0, "alpha value");
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize, epsInsideSqrt);
    }

    @Override
    public double cycledMomentum() {
      return momentum;
    }

    @Override
    public Options withCycledMomentum(double momentum) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize, epsInsideSqrt);
    }

    /** A copy with {@code alpha} replaced. */
    public Options withAlpha(double alpha) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize, epsInsideSqrt);
    }

    /** A copy with {@code eps} replaced. */
    public Options withEps(double eps) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize, epsInsideSqrt);
    }

    /** A copy with {@code weightDecay} replaced. */
    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize, epsInsideSqrt);
    }

    /** A copy with {@code momentum} replaced. */
    public Options withMomentum(double momentum) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize, epsInsideSqrt);
    }

    /** A copy with {@code centered} replaced. */
    public Options withCentered(boolean centered) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize, epsInsideSqrt);
    }

    /** A copy with {@code maximize} replaced. */
    public Options withMaximize(boolean maximize) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize, epsInsideSqrt);
    }

    /** A copy with {@code epsInsideSqrt} replaced. */
    public Options withEpsInsideSqrt(boolean epsInsideSqrt) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize, epsInsideSqrt);
    }
  }
}
