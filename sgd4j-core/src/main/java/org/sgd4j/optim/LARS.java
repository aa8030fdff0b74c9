package org.sgd4j.optim;

import java.util.List;
import java.util.function.Supplier;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;

/**
 * LARS (layer-wise adaptive rate scaling), as You, Gitman and Ginsburg describe it:
 *
 * <pre>
 *   input: γ (global lr), m (momentum), β (weight decay), η (trust coefficient), ε
 *   initialize: v₀ ← 0
 *   for t = 1, 2, ..., for each layer l (each parameter tensor, or each group with perGroup)
 *     g ← ∇w^l f_t(w_{t−1})
 *     λ^l ← η ‖w^l‖ / (‖g‖ + β ‖w^l‖ + ε)      (1 if ‖w^l‖ = 0 or ‖g‖ = 0)
 *     v^l ← m v^l + γ λ^l (g + β w^l)
 *     w^l ← w^l − v^l
 * </pre>
 *
 * With {@code perGroup} the norms are taken over all parameters of a parameter group together (one
 * trust ratio per group: put each layer in its own group), otherwise over each parameter tensor.
 * The trust ratio ‖w‖/‖∇w‖ gives each layer a step proportional to its own scale, which keeps
 * very large batches (and the large learning rates the linear scaling rule gives them) stable.
 * Not part of {@code torch.optim}; the references are a torch transcription in
 * {@code reference/optim/generate_optim.py}. State per parameter: {@code step},
 * {@code momentum_buffer} (v).
 *
 * <p>Source: You, Gitman and Ginsburg, "Large Batch Training of Convolutional Networks" (2017),
 * Algorithm 1.
 */
public final class LARS extends Optimizer<LARS.Options> {

  /** LARS over {@code params}. */
  public LARS(List<Tensor> params, Options options) {
    super(params, options);
  }

  /** LARS over parameter groups. */
  public LARS(Options defaults, List<ParamGroup<Options>> groups) {
    super(defaults, groups);
  }

  /** Options with defaults lr 0.1, momentum 0.9, weightDecay 0, trustCoefficient 1e-3, eps 0. */
  public static Options options() {
    return new Options(0.1, 0.9, 0, 1e-3, 0, false);
  }

  @Override
  public Tensor step(Supplier<Tensor> closure) {
    Tensor loss = evaluate(closure);
    try (GradMode.Scope s = GradMode.noGrad()) {
      for (ParamGroup<Options> g : paramGroups()) {
        Options o = g.options();
        if (!o.perGroup) {
          for (Tensor p : g.params()) {
            if (p.hasGrad()) {
              update(o, p, state(p));
            }
          }
          continue;
        }
        double wSq = 0;
        double gSq = 0;
        for (Tensor p : g.params()) {
          if (p.hasGrad()) {
            wSq += sumSquares(p.data(), p.storageOffset(), p.numel());
            Tensor grad = FlatParam.grad(p);
            gSq += sumSquares(grad.data(), grad.storageOffset(), p.numel());
          }
        }
        double ratio = trustRatio(o, (float) Math.sqrt(wSq), (float) Math.sqrt(gSq));
        for (Tensor p : g.params()) {
          if (p.hasGrad()) {
            apply(o, p, state(p), ratio);
          }
        }
      }
    }
    return loss;
  }

  @Override
  protected void update(Options o, Tensor param, ParamState state) {
    Tensor grad = FlatParam.grad(param);
    int n = param.numel();
    double wNorm = (float) Math.sqrt(sumSquares(param.data(), param.storageOffset(), n));
    double gNorm = (float) Math.sqrt(sumSquares(grad.data(), grad.storageOffset(), n));
    apply(o, param, state, trustRatio(o, wNorm, gNorm));
  }

  /** λ = η‖w‖ / (‖g‖ + β‖w‖ + ε), or 1 when a norm is zero. */
  private static double trustRatio(Options o, double wNorm, double gNorm) {
    return wNorm > 0 && gNorm > 0 ? o.trustCoefficient * wNorm / (gNorm + o.weightDecay * wNorm + o.eps) : 1.0;
  }

  /** v ← m v + γλ(g + βw);  w ← w − v. */
  private void apply(Options o, Tensor param, ParamState state, double trustRatio) {
    state.incrementStep();
    float[] v = state.buffer("momentum_buffer", param);
    float beta = (float) o.weightDecay;
    float m = (float) o.momentum;
    float scale = (float) (o.lr * trustRatio);
    FlatParam.of(param).update((w, po, gd, go, from, to) -> {
      for (int i = from; i < to; i++) {
        float d = gd[go + i] + beta * w[po + i];
        v[i] = v[i] * m + scale * d;
        w[po + i] = w[po + i] - v[i];
      }
    });
  }

  /** Σ x², in double. */
  private static double sumSquares(float[] x, int off, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (double) x[off + i] * x[off + i];
    }
    return s;
  }

  /**
   * LARS's hyper-parameters.
   *
   * @param lr global learning rate γ
   * @param momentum momentum m
   * @param weightDecay weight decay β
   * @param trustCoefficient η, how far a layer may move relative to its norm
   * @param eps ε in the trust ratio's denominator
   * @param perGroup one trust ratio per parameter group (norms over the whole group) instead of one per tensor
   */
  public record Options(double lr, double momentum, double weightDecay, double trustCoefficient, double eps,
                        boolean perGroup)
      implements OptimizerOptions<Options>, CyclicMomentum<Options> {
    /** Validates the arguments. */
    public Options {
      Check.lr(lr);
      Check.momentum(momentum);
      Check.weightDecay(weightDecay);
      Check.positive(trustCoefficient, "trust coefficient");
      Check.eps(eps);
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, momentum, weightDecay, trustCoefficient, eps, perGroup);
    }

    @Override
    public double cycledMomentum() {
      return momentum;
    }

    @Override
    public Options withCycledMomentum(double momentum) {
      return new Options(lr, momentum, weightDecay, trustCoefficient, eps, perGroup);
    }

    /** A copy with {@code momentum} replaced. */
    public Options withMomentum(double momentum) {
      return new Options(lr, momentum, weightDecay, trustCoefficient, eps, perGroup);
    }

    /** A copy with {@code weightDecay} replaced. */
    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, momentum, weightDecay, trustCoefficient, eps, perGroup);
    }

    /** A copy with {@code trustCoefficient} replaced. */
    public Options withTrustCoefficient(double trustCoefficient) {
      return new Options(lr, momentum, weightDecay, trustCoefficient, eps, perGroup);
    }

    /** A copy with {@code eps} replaced. */
    public Options withEps(double eps) {
      return new Options(lr, momentum, weightDecay, trustCoefficient, eps, perGroup);
    }

    /** A copy with {@code perGroup} replaced. */
    public Options withPerGroup(boolean perGroup) {
      return new Options(lr, momentum, weightDecay, trustCoefficient, eps, perGroup);
    }
  }
}
