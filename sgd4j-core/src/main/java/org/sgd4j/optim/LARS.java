package org.sgd4j.optim;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * LARS (layer-wise adaptive rate scaling), as You, Gitman and Ginsburg describe it:
 *
 * <pre>
 *   input: γ (global lr), m (momentum), β (weight decay), η (trust coefficient), ε
 *   initialize: v₀ ← 0
 *   for t = 1, 2, ..., for each layer l (each parameter tensor)
 *     g ← ∇w^l f_t(w_{t−1})
 *     λ^l ← η ‖w^l‖ / (‖g‖ + β ‖w^l‖ + ε)      (1 if ‖w^l‖ = 0 or ‖g‖ = 0)
 *     v^l ← m v^l + γ λ^l (g + β w^l)
 *     w^l ← w^l − v^l
 * </pre>
 *
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

  /** LARS over {@code params}, options from a builder. */
  public LARS(List<Tensor> params, Options.Builder options) {
    this(params, options.build());
  }

  /** LARS over parameter groups. */
  public LARS(Options defaults, List<ParamGroup<Options>> groups) {
    super(defaults, groups);
  }

  /** A builder with defaults lr 0.1, momentum 0.9, weightDecay 0, trustCoefficient 1e-3, eps 0. */
  public static Options.Builder options() {
    return new Options.Builder();
  }

  @Override
  protected void update(Options o, Tensor param, ParamState state) {
    int n = param.numel();
    state.incrementStep();
    float[] v = state.tensor("momentum_buffer", () -> Dense.zerosLike(param)).data();
    float[] g = Gradient.effective(param, false, 0, state.scratch(n));
    float[] w = param.data();
    int po = param.storageOffset();
    double wNorm = norm(w, po, n);
    double gNorm = norm(g, 0, n);
    double trustRatio = wNorm > 0 && gNorm > 0
        ? o.trustCoefficient * wNorm / (gNorm + o.weightDecay * wNorm + o.eps) : 1.0;
    float beta = (float) o.weightDecay;
    float m = (float) o.momentum;
    float scale = (float) (o.lr * trustRatio);
    for (int i = 0; i < n; i++) {
      float d = g[i] + beta * w[po + i];
      v[i] = v[i] * m + scale * d;
      w[po + i] = w[po + i] - v[i];
    }
    Dense.markModified(param);
  }

  /** ‖x‖₂ rounded to float32, as a float32 tensor's norm is. */
  private static double norm(float[] x, int off, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (double) x[off + i] * x[off + i];
    }
    return (float) Math.sqrt(s);
  }

  /**
   * LARS's hyper-parameters.
   *
   * @param lr global learning rate γ
   * @param momentum momentum m
   * @param weightDecay weight decay β
   * @param trustCoefficient η, how far a layer may move relative to its norm
   * @param eps ε in the trust ratio's denominator
   */
  public record Options(double lr, double momentum, double weightDecay, double trustCoefficient, double eps)
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
      return new Options(lr, momentum, weightDecay, trustCoefficient, eps);
    }

    @Override
    public double cycledMomentum() {
      return momentum;
    }

    @Override
    public Options withCycledMomentum(double momentum) {
      return new Options(lr, momentum, weightDecay, trustCoefficient, eps);
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
      return new Builder().lr(lr).momentum(momentum).weightDecay(weightDecay).trustCoefficient(trustCoefficient)
          .eps(eps);
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private double lr = 0.1;
      private double momentum = 0.9;
      private double weightDecay;
      private double trustCoefficient = 1e-3;
      private double eps;

      public Builder lr(double lr) {
        this.lr = lr;
        return this;
      }

      public Builder momentum(double momentum) {
        this.momentum = momentum;
        return this;
      }

      public Builder weightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
        return this;
      }

      public Builder trustCoefficient(double trustCoefficient) {
        this.trustCoefficient = trustCoefficient;
        return this;
      }

      public Builder eps(double eps) {
        this.eps = eps;
        return this;
      }

      public Options build() {
        return new Options(lr, momentum, weightDecay, trustCoefficient, eps);
      }
    }
  }
}
