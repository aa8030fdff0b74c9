package org.sgd4j.optim;

/**
 * The hyper-parameters {@link Adam} and {@link AdamW} share, {@code torch.optim.Adam}'s and
 * {@code torch.optim.AdamW}'s: γ (lr), β₁ and β₂ (betas), ε, the weight decay λ, amsgrad and maximize.
 * The two optimizers keep their own records ({@link Adam.Options}, {@link AdamW.Options}) because their
 * defaults differ (λ = 0 for Adam, 1e-2 for AdamW) and so does what λ means (an L2 penalty added to the
 * gradient, or a decoupled shrinking of θ by γλθ): a distinct type keeps each optimizer on its own
 * defaults. Each record gives {@link #copy} (a validated copy with every option given); this interface
 * derives the {@code withX} copies from it.
 *
 * @param <O> the options record itself
 */
public interface AdamOptions<O extends AdamOptions<O>> extends OptimizerOptions<O>, CyclicMomentum<O> {
  /** β₁, the decay of the first moment. */
  double beta1();

  /** β₂, the decay of the second moment. */
  double beta2();

  /** ε, added to the denominator. */
  double eps();

  /** The weight decay λ. */
  double weightDecay();

  /** Whether the running maximum of the second moment is used (AMSGrad). */
  boolean amsgrad();

  /** Whether the objective is maximized. */
  boolean maximize();

  /** A copy with every option given, validated as {@code torch.optim.Adam.__init__}. */
  O copy(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad, boolean maximize);

  @Override
  default O withLr(double lr) {
    return copy(lr, beta1(), beta2(), eps(), weightDecay(), amsgrad(), maximize());
  }

  /** β₁, the momentum a one-cycle schedule cycles. */
  @Override
  default double cycledMomentum() {
    return beta1();
  }

  @Override
  default O withCycledMomentum(double beta1) {
    return copy(lr(), beta1, beta2(), eps(), weightDecay(), amsgrad(), maximize());
  }

  /** A copy with {@code beta1} and {@code beta2} replaced. */
  default O withBetas(double beta1, double beta2) {
    return copy(lr(), beta1, beta2, eps(), weightDecay(), amsgrad(), maximize());
  }

  /** A copy with {@code eps} replaced. */
  default O withEps(double eps) {
    return copy(lr(), beta1(), beta2(), eps, weightDecay(), amsgrad(), maximize());
  }

  /** A copy with {@code weightDecay} replaced. */
  default O withWeightDecay(double weightDecay) {
    return copy(lr(), beta1(), beta2(), eps(), weightDecay, amsgrad(), maximize());
  }

  /** A copy with {@code amsgrad} replaced. */
  default O withAmsgrad(boolean amsgrad) {
    return copy(lr(), beta1(), beta2(), eps(), weightDecay(), amsgrad, maximize());
  }

  /** A copy with {@code maximize} replaced. */
  default O withMaximize(boolean maximize) {
    return copy(lr(), beta1(), beta2(), eps(), weightDecay(), amsgrad(), maximize);
  }
}
