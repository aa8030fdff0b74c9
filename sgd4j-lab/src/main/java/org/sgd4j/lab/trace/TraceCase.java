package org.sgd4j.lab.trace;

import java.util.List;

/**
 * A named trace with its caption: one figure of the notes.
 *
 * @param id file-name stem, e.g. {@code gd-eta0.6}
 * @param caption what the figure shows
 * @param spec the run
 */
public record TraceCase(String id, String caption, TraceSpec spec) {
  /** The notes' quadratic f(x) = x1² + 2 x2² (d2l 11.3, 11.4). */
  public static final String QUADRATIC = "x1^2 + 2*x2^2";
  /** The notes' ill-conditioned quadratic 0.1 x1² + 2 x2² (d2l 11.6-11.8). */
  public static final String ILL_CONDITIONED = "0.1*x1^2 + 2*x2^2";
  /** The ill-conditioned quadratic with its axes turned by 45°: 0.1 (x1 + x2)² + 2 (x1 − x2)². */
  public static final String ROTATED = "0.1*(x1 + x2)^2 + 2*(x1 - x2)^2";

  /**
   * The notes' figures, all from (−5, −2): GD on x1² + 2x2² (η 0.1); on 0.1x1² + 2x2² GD (η 0.4,
   * 0.6), momentum (η 0.6, β 0.5 and 0.25), Adagrad (η 0.4, 2), RMSProp (η 0.4, γ 0.9), Adam (η 0.4);
   * SGD with N(0, 1) gradient noise under the constant (50 steps), exponential (1000 steps) and
   * polynomial (50 steps) schedules; and GD, Adagrad, RMSProp, Adam on the rotated objective.
   */
  public static List<TraceCase> notes() {
    return List.of(
        c("gd-quadratic", "GD on x1² + 2x2², η = 0.1: x1 = −5·0.8^t, x2 = −2·0.6^t", QUADRATIC, TraceMethod.gd(0.1), 20),
        c("gd-eta0.4", "GD on 0.1x1² + 2x2², η = 0.4: slow along x1, x2 oscillates (factor −0.6)", ILL_CONDITIONED,
            TraceMethod.gd(0.4), 20),
        c("gd-eta0.6", "GD on 0.1x1² + 2x2², η = 0.6: diverges along x2 (factor −1.4)", ILL_CONDITIONED,
            TraceMethod.gd(0.6), 20),
        c("momentum-beta0.5", "Momentum η = 0.6, β = 0.5: converges where GD at η = 0.6 diverged", ILL_CONDITIONED,
            TraceMethod.momentum(0.6, 0.5), 20),
        c("momentum-beta0.25", "Momentum η = 0.6, β = 0.25: less overshoot, slower along x1", ILL_CONDITIONED,
            TraceMethod.momentum(0.6, 0.25), 20),
        c("adagrad-eta0.4", "Adagrad η = 0.4: the steps shrink too fast", ILL_CONDITIONED, TraceMethod.adagrad(0.4), 20),
        c("adagrad-eta2", "Adagrad η = 2: a larger η reaches the minimum", ILL_CONDITIONED, TraceMethod.adagrad(2), 20),
        c("rmsprop-eta0.4", "RMSProp η = 0.4, γ = 0.9", ILL_CONDITIONED, TraceMethod.rmsprop(0.4, 0.9), 20),
        c("adam-eta0.4", "Adam η = 0.4, β = (0.9, 0.999)", ILL_CONDITIONED, TraceMethod.adam(0.4), 20),
        noisy("sgd-constant", "SGD with N(0, 1) gradient noise, constant η = 0.1, 50 steps: no convergence",
            StepSchedule.CONSTANT, 50),
        noisy("sgd-exponential", "SGD with noise, η_t = 0.1·exp(−0.1t), 1000 steps: stops too early",
            StepSchedule.EXPONENTIAL, 1000),
        noisy("sgd-polynomial", "SGD with noise, η_t = 0.1·(1 + 0.1t)^(−1/2), 50 steps", StepSchedule.POLYNOMIAL, 50),
        c("rotated-gd", "GD η = 0.1 on the rotated 0.1(x1+x2)² + 2(x1−x2)²: rotation-invariant", ROTATED,
            TraceMethod.gd(0.1), 20),
        c("rotated-adagrad", "Adagrad η = 0.4 on the rotated objective: per-coordinate scaling is not invariant",
            ROTATED, TraceMethod.adagrad(0.4), 20),
        c("rotated-rmsprop", "RMSProp η = 0.4, γ = 0.9 on the rotated objective", ROTATED,
            TraceMethod.rmsprop(0.4, 0.9), 20),
        c("rotated-adam", "Adam η = 0.4 on the rotated objective", ROTATED, TraceMethod.adam(0.4), 20));
  }

  /** The notes' case with this id. */
  public static TraceCase named(String id) {
    for (TraceCase c : notes()) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown case '" + id + "'; known: "
        + String.join(", ", notes().stream().map(TraceCase::id).toList()));
  }

  private static TraceCase c(String id, String caption, String objective, TraceMethod m, int steps) {
    return new TraceCase(id, caption, TraceSpec.of(objective, m, -5, -2, steps));
  }

  private static TraceCase noisy(String id, String caption, StepSchedule schedule, int steps) {
    return new TraceCase(id, caption, TraceSpec.of(QUADRATIC, TraceMethod.gd(0.1), -5, -2, steps)
        .withNoise(1, schedule, 42));
  }
}
