package org.sgd4j.train;

/**
 * A learning rate as a function of the position in the run, applied by {@link LrScheduling}:
 * {@code lr(base, epoch, step)} where {@code base} is the group's initial learning rate, {@code epoch}
 * the number of finished epochs and {@code step} the number of steps taken. Being a pure function of
 * the position, it needs no state of its own to resume exactly.
 *
 * <p>The factories follow {@code torch.optim.lr_scheduler} (StepLR, ExponentialLR,
 * CosineAnnealingLR in closed form), counting in epochs.
 */
@FunctionalInterface
public interface LrPolicy {
  /** The learning rate at this position. */
  double lr(double base, int epoch, long step);

  /** StepLR: {@code base · gamma^⌊epoch / stepSize⌋}. */
  static LrPolicy stepDecay(int stepSize, double gamma) {
    if (stepSize < 1) {
      throw new IllegalArgumentException("stepSize must be at least 1, got " + stepSize);
    }
    return (base, epoch, step) -> base * Math.pow(gamma, epoch / stepSize);
  }

  /** ExponentialLR: {@code base · gamma^epoch}. */
  static LrPolicy exponential(double gamma) {
    return (base, epoch, step) -> base * Math.pow(gamma, epoch);
  }

  /** CosineAnnealingLR (closed form): {@code etaMin + (base − etaMin)(1 + cos(π · epoch / tMax)) / 2}. */
  static LrPolicy cosine(int tMax, double etaMin) {
    if (tMax < 1) {
      throw new IllegalArgumentException("tMax must be at least 1, got " + tMax);
    }
    return (base, epoch, step) -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
  }
}
