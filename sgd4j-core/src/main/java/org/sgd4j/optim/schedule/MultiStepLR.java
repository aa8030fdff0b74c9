package org.sgd4j.optim.schedule;

import java.util.Arrays;
import org.sgd4j.optim.Optimizer;

/**
 * Decays each group's lr by γ at each milestone epoch, as {@code torch.optim.lr_scheduler.MultiStepLR}:
 * {@code η_t = η₀ γ^(number of milestones ≤ t)}. A milestone listed twice decays by γ² there.
 */
public final class MultiStepLR extends LrScheduler {
  private final int[] milestones;
  private final double gamma;

  /**
   * @param milestones epochs at which to decay (sorted here; repeats count)
   * @param gamma the multiplicative factor
   */
  public MultiStepLR(Optimizer<?> optimizer, int[] milestones, double gamma) {
    super(optimizer);
    this.milestones = milestones.clone();
    Arrays.sort(this.milestones);
    this.gamma = gamma;
    initialStep();
  }

  @Override
  protected double[] chainableLr() {
    double[] lrs = currentLrs();
    int count = 0;
    for (int m : milestones) {
      if (m == lastEpoch) {
        count++;
      }
    }
    if (count == 0) {
      return lrs;
    }
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= Math.pow(gamma, count);
    }
    return lrs;
  }

  @Override
  protected double[] closedFormLr() {
    int passed = 0;
    while (passed < milestones.length && milestones[passed] <= lastEpoch) {
      passed++;
    }
    double[] lrs = baseLrs.clone();
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= Math.pow(gamma, passed);
    }
    return lrs;
  }
}
