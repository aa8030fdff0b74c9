package org.sgd4j.optim;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * Stochastic gradient descent, optionally with momentum, as {@code torch.optim.SGD}:
 *
 * <pre>
 *   input: γ (lr), θ₀ (params), f(θ) (objective), λ (weight decay), μ (momentum), τ (dampening),
 *          nesterov, maximize
 *   for t = 1, 2, ...
 *     g_t ← ∇θ f_t(θ_{t−1})
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t−1}
 *     if μ ≠ 0:
 *       if t > 1:  b_t ← μ b_{t−1} + (1 − τ) g_t
 *       else:      b_t ← g_t
 *       if nesterov:  g_t ← g_t + μ b_t
 *       else:         g_t ← b_t
 *     if maximize:  θ_t ← θ_{t−1} + γ g_t
 *     else:         θ_t ← θ_{t−1} − γ g_t
 * </pre>
 *
 * (maximize negates the gradient first, which is the same.) With μ = 0 this is plain (stochastic)
 * gradient descent θ ← θ − η∇f. Nesterov momentum follows Sutskever et al., "On the importance of
 * initialization and momentum in deep learning" (ICML 2013). State per parameter:
 * {@code momentum_buffer} (b), absent until the first step with μ ≠ 0.
 *
 * <p>Source: PyTorch, {@code torch/optim/sgd.py}.
 */
public final class SGD extends Optimizer<SGD.Options> {

  /** SGD over {@code params}. */
  public SGD(List<Tensor> params, Options options) {
    super(params, options);
  }

  /** SGD over parameter groups, each resolving its options against {@code defaults}. */
  public SGD(Options defaults, List<ParamGroup<Options>> groups) {
    super(defaults, groups);
  }

  /** Options with PyTorch's defaults, except lr, which PyTorch requires: 1e-3 here. */
  public static Options options() {
    return new Options(1e-3, 0, 0, 0, false, false);
  }

  @Override
  protected void update(Options o, Tensor param, ParamState state) {
    FlatParam p = FlatParam.of(param);
    Coefficients c = Coefficients.of(o);
    if (o.momentum == 0) {
      p.update((theta, po, grad, go, from, to) -> plain(theta, po, grad, go, from, to, c));
      return;
    }
    Tensor buffer = state.tensor("momentum_buffer");
    boolean first = buffer == null; // b₁ ← g₁
    if (first) {
      buffer = Tensor.zeros(param.shape());
      state.put("momentum_buffer", buffer);
    }
    float[] b = buffer.data();
    // The fused kernel where it applies, else the general loop (torch's sgd() choosing its implementation).
    boolean fused = !first && c.isPlain() && !o.nesterov && p.atZero();
    p.update(fused ? (theta, po, grad, go, from, to) -> momentumFused(theta, grad, from, to, b, c)
        : (theta, po, grad, go, from, to) -> momentum(theta, po, grad, go, from, to, b, c, first));
  }

  /**
   * One step's constants in float32, as PyTorch rounds them.
   *
   * @param step −γ
   * @param mu μ
   * @param oneMinusDampening 1 − τ
   * @param sign −1 with maximize, else 1
   * @param lambda λ (coupled weight decay)
   * @param nesterov Nesterov momentum
   */
  private record Coefficients(float step, float mu, float oneMinusDampening, float sign, float lambda,
                              boolean nesterov) {
    static Coefficients of(Options o) {
      return new Coefficients((float) -o.lr, (float) o.momentum, (float) (1 - o.dampening), Gradient.sign(o.maximize),
          (float) o.weightDecay, o.nesterov);
    }

    /** Not maximizing, no weight decay: the gradient is used as it is. */
    boolean isPlain() {
      return sign == 1f && lambda == 0f;
    }
  }

  /** θ ← θ − γg over elements {@code [from, to)} (μ = 0). */
  private static void plain(float[] theta, int po, float[] grad, int go, int from, int to, Coefficients c) {
    for (int i = from; i < to; i++) {
      float g = Gradient.effective(grad[go + i], theta[po + i], c.sign(), c.lambda());
      theta[po + i] = theta[po + i] + c.step() * g;
    }
  }

  /** The momentum step over elements {@code [from, to)}, every option honoured. */
  private static void momentum(float[] theta, int po, float[] grad, int go, int from, int to, float[] b,
                               Coefficients c, boolean first) {
    for (int i = from; i < to; i++) {
      float g = Gradient.effective(grad[go + i], theta[po + i], c.sign(), c.lambda());
      b[i] = first ? g : b[i] * c.mu() + c.oneMinusDampening() * g;
      float d = c.nesterov() ? g + c.mu() * b[i] : b[i];
      theta[po + i] = theta[po + i] + c.step() * d;
    }
  }

  /**
   * The common momentum step (after the first, plain gradient, no Nesterov, arrays from index 0) as a
   * branch-free loop over plain indices that C2 vectorises: the same float operations as
   * {@link #momentum}, so the same bits.
   */
  private static void momentumFused(float[] theta, float[] grad, int from, int to, float[] b, Coefficients c) {
    float mu = c.mu();
    float keep = c.oneMinusDampening();
    float step = c.step();
    for (int i = from; i < to; i++) {
      float bi = b[i] * mu + keep * grad[i];
      b[i] = bi;
      theta[i] = theta[i] + step * bi;
    }
  }

  /**
   * SGD's hyper-parameters.
   *
   * @param lr learning rate γ (≥ 0)
   * @param momentum momentum factor μ (≥ 0)
   * @param dampening dampening τ of the momentum
   * @param weightDecay L2 penalty λ (≥ 0)
   * @param nesterov Nesterov momentum (needs μ &gt; 0 and τ = 0)
   * @param maximize maximize the objective instead of minimizing it
   */
  public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
                        boolean maximize) implements OptimizerOptions<Options>, CyclicMomentum<Options> {
    /** Validates as {@code torch.optim.SGD.__init__}. */
    public Options {
      Check.lr(lr);
      Check.momentum(momentum);
      Check.weightDecay(weightDecay);
      if (Double.isNaN(dampening)) {
        throw new IllegalArgumentException("Invalid dampening value: " + dampening);
      }
      if (nesterov && (momentum <= 0 || dampening != 0)) {
        throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening (momentum "
            + momentum + ", dampening " + dampening + ")");
      }
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    @Override
    public double cycledMomentum() {
      return momentum;
    }

    @Override
    public Options withCycledMomentum(double momentum) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    /** A copy with {@code momentum} replaced. */
    public Options withMomentum(double momentum) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    /** A copy with {@code dampening} replaced. */
    public Options withDampening(double dampening) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    /** A copy with {@code weightDecay} replaced. */
    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    /** A copy with {@code nesterov} replaced. */
    public Options withNesterov(boolean nesterov) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    /** A copy with {@code maximize} replaced. */
    public Options withMaximize(boolean maximize) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }
  }
}
