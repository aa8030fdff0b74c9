package org.sgd4j.optim;

/**
 * Options whose momentum a schedule may cycle, as {@code OneCycleLR(cycle_momentum=True)} does:
 * {@code momentum} for SGD and RMSprop, β₁ of {@code betas} for the Adam family.
 *
 * @param <O> the options record itself
 */
public interface CyclicMomentum<O extends OptimizerOptions<O>> {
  /** The momentum the schedule cycles (SGD's {@code momentum}, Adam's β₁). */
  double cycledMomentum();

  /** A copy with that momentum replaced. */
  O withCycledMomentum(double momentum);
}
