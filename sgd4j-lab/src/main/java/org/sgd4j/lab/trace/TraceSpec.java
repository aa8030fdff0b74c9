package org.sgd4j.lab.trace;

import java.util.Objects;
import org.sgd4j.lab.expr.Expression;

/**
 * One run on a 2-D objective: the objective, the method, the start (x1, x2), the number of steps,
 * the standard deviation σ of the simulated gradient noise (the notes' SGD adds N(0, σ²) to each
 * gradient coordinate; σ = 0 is exact gradient descent), the step schedule and the seed of the noise.
 */
public record TraceSpec(Expression objective, TraceMethod method, double x1, double x2, int steps, double noise,
    StepSchedule schedule, long seed) {
  /** Validates the counts and values. */
  public TraceSpec {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(schedule, "schedule");
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    if (!(noise >= 0) || Double.isInfinite(noise)) {
      throw new IllegalArgumentException("noise sigma must be finite and >= 0, got " + noise);
    }
    if (!Double.isFinite(x1) || !Double.isFinite(x2)) {
      throw new IllegalArgumentException("start must be finite, got (" + x1 + ", " + x2 + ")");
    }
  }

  /** Exact gradients (no noise), constant step, seed 0. */
  public static TraceSpec of(String objective, TraceMethod method, double x1, double x2, int steps) {
    return new TraceSpec(Expression.parse(objective), method, x1, x2, steps, 0, StepSchedule.CONSTANT, 0);
  }

  /** The same run with noise σ, a schedule and a seed. */
  public TraceSpec withNoise(double sigma, StepSchedule schedule, long seed) {
    return new TraceSpec(objective, method, x1, x2, steps, sigma, schedule, seed);
  }

  /** The same run from another start. */
  public TraceSpec withStart(double a, double b) {
    return new TraceSpec(objective, method, a, b, steps, noise, schedule, seed);
  }

  /** The same run on another objective. */
  public TraceSpec withObjective(Expression f) {
    return new TraceSpec(f, method, x1, x2, steps, noise, schedule, seed);
  }
}
