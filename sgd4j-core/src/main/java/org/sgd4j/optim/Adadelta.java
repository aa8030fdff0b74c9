package org.sgd4j.optim;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * Adadelta, as {@code torch.optim.Adadelta}:
 *
 * <pre>
 *   input: γ (lr), θ₀ (params), f(θ) (objective), ρ (decay), λ (weight decay), maximize
 *   initialize: v₀ ← 0 (square average), u₀ ← 0 (accumulated update)
 *   for t = 1, 2, ...
 *     g_t ← ∇θ f_t(θ_{t−1})            (−∇θ if maximize)
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t−1}
 *     v_t ← ρ v_{t−1} + (1 − ρ) g_t²
 *     Δx_t ← (√(u_{t−1} + ε) / √(v_t + ε)) g_t
 *     u_t ← ρ u_{t−1} + (1 − ρ) Δx_t²
 *     θ_t ← θ_{t−1} − γ Δx_t
 * </pre>
 *
 * The ratio of the two root-mean-squares gives the step its units (no learning rate needed: γ = 1
 * by default). State per parameter: {@code step}, {@code square_avg} (v), {@code acc_delta} (u).
 *
 * <p>Sources: Zeiler, "ADADELTA: An Adaptive Learning Rate Method" (2012); PyTorch
 * {@code torch/optim/adadelta.py}.
 */
public final class Adadelta extends Optimizer<Adadelta.Options> {

  /** Adadelta over {@code params}. */
  public Adadelta(List<Tensor> params, Options options) {
    super(params, options);
  }

  /** Adadelta over parameter groups. */
  public Adadelta(Options defaults, List<ParamGroup<Options>> groups) {
    super(defaults, groups);
  }

  /** Options with PyTorch's defaults: lr 1.0, rho 0.9, eps 1e-6, weightDecay 0. */
  public static Options options() {
    return new Options(1.0, 0.9, 1e-6, 0, false);
  }

  @Override
  protected void update(Options o, Tensor param, ParamState state) {
    state.incrementStep();
    float[] v = state.buffer("square_avg", param);
    float[] u = state.buffer("acc_delta", param);
    float rho = (float) o.rho;
    float oneMinusRho = Moments.oneMinus(o.rho);
    float eps = (float) o.eps;
    float lr = (float) -o.lr;
    float sign = Gradient.sign(o.maximize);
    float lambda = (float) o.weightDecay;
    FlatParam p = FlatParam.of(param);
    // The fused loop where it applies (no weight decay, arrays from index 0), else the general one.
    if (lambda == 0f && p.atZero()) {
      Constants k = new Constants(rho, oneMinusRho, eps, lr, sign);
      p.update((theta, po, gd, go, from, to) -> fused(theta, gd, v, u, from, to, k));
      return;
    }
    p.update((theta, po, gd, go, from, to) -> {
      for (int i = from; i < to; i++) {
        float g = Gradient.effective(gd[go + i], theta[po + i], sign, lambda);
        v[i] = Moments.second(v[i], g, rho, oneMinusRho);
        float std = (float) Math.sqrt(v[i] + eps);
        float delta = (float) Math.sqrt(u[i] + eps) / std * g;
        u[i] = Moments.second(u[i], delta, rho, oneMinusRho);
        theta[po + i] = theta[po + i] + lr * delta;
      }
    });
  }

  /** One step's constants in float32: ρ, 1 − ρ, ε, −γ and the gradient's sign (−1 to maximize). */
  private record Constants(float rho, float oneMinusRho, float eps, float lr, float sign) {}

  /**
   * The step without weight decay over elements {@code [from, to)} of arrays indexed from 0: a
   * branch-free loop over plain indices that C2 vectorises, the same float operations as the general
   * loop, so the same bits.
   */
  private static void fused(float[] theta, float[] grad, float[] v, float[] u, int from, int to, Constants k) {
    float rho = k.rho();
    float oneMinusRho = k.oneMinusRho();
    float eps = k.eps();
    float lr = k.lr();
    float sign = k.sign();
    for (int i = from; i < to; i++) {
      float g = sign * grad[i];
      float vi = Moments.second(v[i], g, rho, oneMinusRho);
      v[i] = vi;
      float delta = (float) Math.sqrt(u[i] + eps) / (float) Math.sqrt(vi + eps) * g;
      u[i] = Moments.second(u[i], delta, rho, oneMinusRho);
      theta[i] = theta[i] + lr * delta;
    }
  }

  /**
   * Adadelta's hyper-parameters.
   *
   * @param lr coefficient γ that scales the update
   * @param rho decay ρ of both running averages
   * @param eps ε inside both square roots
   * @param weightDecay L2 penalty λ
   * @param maximize maximize the objective
   */
  public record Options(double lr, double rho, double eps, double weightDecay, boolean maximize)
      implements OptimizerOptions<Options> {
    /** Validates as {@code torch.optim.Adadelta.__init__}. */
    public Options {
      Check.lr(lr);
      Check.unitInterval(rho, "rho value");
      Check.eps(eps);
      Check.weightDecay(weightDecay);
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, rho, eps, weightDecay, maximize);
    }

    /** A copy with {@code rho} replaced. */
    public Options withRho(double rho) {
      return new Options(lr, rho, eps, weightDecay, maximize);
    }

    /** A copy with {@code eps} replaced. */
    public Options withEps(double eps) {
      return new Options(lr, rho, eps, weightDecay, maximize);
    }

    /** A copy with {@code weightDecay} replaced. */
    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, rho, eps, weightDecay, maximize);
    }

    /** A copy with {@code maximize} replaced. */
    public Options withMaximize(boolean maximize) {
      return new Options(lr, rho, eps, weightDecay, maximize);
    }
  }
}
