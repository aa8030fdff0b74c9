package org.sgd4j.optim;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * Adam, as {@code torch.optim.Adam}:
 *
 * <pre>
 *   input: γ (lr), β₁, β₂ (betas), θ₀ (params), f(θ) (objective), λ (weight decay), amsgrad, maximize
 *   initialize: m₀ ← 0 (first moment), v₀ ← 0 (second moment), v̂₀^max ← 0
 *   for t = 1, 2, ...
 *     g_t ← ∇θ f_t(θ_{t−1})            (−∇θ if maximize)
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t−1}
 *     m_t ← β₁ m_{t−1} + (1 − β₁) g_t
 *     v_t ← β₂ v_{t−1} + (1 − β₂) g_t²
 *     m̂_t ← m_t / (1 − β₁ᵗ)
 *     if amsgrad:  v_t^max ← max(v_{t−1}^max, v_t);  v̂_t ← v_t^max / (1 − β₂ᵗ)
 *     else:        v̂_t ← v_t / (1 − β₂ᵗ)
 *     θ_t ← θ_{t−1} − γ m̂_t / (√v̂_t + ε)
 * </pre>
 *
 * computed as PyTorch does, {@code θ ← θ − (γ/(1−β₁ᵗ)) m / (√v/√(1−β₂ᵗ) + ε)}. State per parameter:
 * {@code step}, {@code exp_avg} (m), {@code exp_avg_sq} (v), and {@code max_exp_avg_sq} with amsgrad.
 *
 * <p>Sources: Kingma and Ba, "Adam: A Method for Stochastic Optimization" (ICLR 2015); Reddi et al.,
 * "On the Convergence of Adam and Beyond" (ICLR 2018) for amsgrad; PyTorch {@code torch/optim/adam.py}.
 */
public final class Adam extends Optimizer<Adam.Options> {

  /** Adam over {@code params}. */
  public Adam(List<Tensor> params, Options options) {
    super(params, options);
  }

  /** Adam over parameter groups. */
  public Adam(Options defaults, List<ParamGroup<Options>> groups) {
    super(defaults, groups);
  }

  /** Options with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
  public static Options options() {
    return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false);
  }

  @Override
  protected void update(Options o, Tensor param, ParamState state) {
    AdamStep.apply(param, state, new AdamStep.Config(o.lr, o.beta1, o.beta2, o.eps, o.weightDecay,
        AdamStep.Decay.COUPLED, o.amsgrad, o.maximize));
  }

  /**
   * Adam's hyper-parameters; the {@code withX} copies come from {@link AdamOptions}.
   *
   * @param lr learning rate γ
   * @param beta1 β₁, decay of the first moment
   * @param beta2 β₂, decay of the second moment
   * @param eps ε added to the denominator
   * @param weightDecay L2 penalty λ, added to the gradient
   * @param amsgrad use the running maximum of v (AMSGrad)
   * @param maximize maximize the objective
   */
  public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                        boolean maximize) implements AdamOptions<Options> {
    /** Validates as {@code torch.optim.Adam.__init__}. */
    public Options {
      AdamStep.validate(lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    public Options copy(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                        boolean maximize) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }
  }
}
