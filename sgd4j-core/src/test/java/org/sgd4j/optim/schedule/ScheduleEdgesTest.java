package org.sgd4j.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.Tensor;

/**
 * The edges of the schedules, worked by hand: cosine annealing continued from a saved epoch (the
 * resumed first step takes the closed form, as PyTorch's constructor with {@code last_epoch} does),
 * ReduceLROnPlateau's comparisons exactly at the threshold in every mode, and argument checks.
 */
class ScheduleEdgesTest {
  static SGD sgd(double lr) {
    return new SGD(List.of(Tensor.of(1f).requiresGrad_()), SGD.options().lr(lr));
  }

  @Test
  void cosineContinuedFromASavedEpochFollowsTheClosedForm() {
    SGD opt = sgd(0.1);
    CosineAnnealingLR cosine = new CosineAnnealingLR(opt, 10, 0.001);
    Map<String, Double> saved = new HashMap<>(cosine.stateDict());
    saved.put("last_epoch", 4.0);
    saved.put("_step_count", 0.0);
    cosine.loadStateDict(saved);
    cosine.step(); // epoch 5 = T_max / 2: halfway between 0.1 and 0.001
    assertThat(opt.paramGroups().get(0).lr()).isCloseTo(0.0505, within(1e-15));
    for (int epoch = 6; epoch <= 25; epoch++) {
      cosine.step(); // from 11 on the cosine rises again (restart branch at 11 and 31)
      double closed = 0.001 + 0.099 * (1 + Math.cos(Math.PI * epoch / 10)) / 2;
      assertThat(opt.paramGroups().get(0).lr()).as("epoch %d", epoch).isCloseTo(closed, within(1e-12));
    }
    assertThat(cosine.lastEpoch()).isEqualTo(25);
  }

  static ReduceLROnPlateau plateau(ReduceLROnPlateau.Mode mode, ReduceLROnPlateau.ThresholdMode thresholdMode) {
    return new ReduceLROnPlateau(sgd(1), mode, 0.5, 5, 0.5, thresholdMode, 0, new double[] {0}, 1e-8);
  }

  @Test
  void plateauComparesStrictlyAtTheThreshold() {
    // best 8, threshold 0.5: better means < 4 (min, rel), < 7.5 (min, abs), > 12 (max, rel), > 8.5 (max, abs)
    Object[][] cases = {
        {ReduceLROnPlateau.Mode.MIN, ReduceLROnPlateau.ThresholdMode.REL, 4.0, 3.99},
        {ReduceLROnPlateau.Mode.MIN, ReduceLROnPlateau.ThresholdMode.ABS, 7.5, 7.49},
        {ReduceLROnPlateau.Mode.MAX, ReduceLROnPlateau.ThresholdMode.REL, 12.0, 12.01},
        {ReduceLROnPlateau.Mode.MAX, ReduceLROnPlateau.ThresholdMode.ABS, 8.5, 8.51}};
    for (Object[] c : cases) {
      var p = plateau((ReduceLROnPlateau.Mode) c[0], (ReduceLROnPlateau.ThresholdMode) c[1]);
      p.step(8);
      assertThat(p.best()).isEqualTo(8.0);
      p.step((double) c[2]);
      assertThat(p.best()).as("%s %s: %s is not better than 8", c[0], c[1], c[2]).isEqualTo(8.0);
      assertThat(p.stateDict()).containsEntry("num_bad_epochs", 1.0).containsEntry("last_epoch", 2.0);
      p.step((double) c[3]);
      assertThat(p.best()).as("%s %s: %s is better than 8", c[0], c[1], c[3]).isEqualTo((double) c[3]);
      assertThat(p.stateDict()).containsEntry("num_bad_epochs", 0.0).containsEntry("last_epoch", 3.0);
    }
  }

  @Test
  void badArgumentsAreRefusedAtTheirBoundary() {
    assertThatThrownBy(() -> new ReduceLROnPlateau(sgd(1), ReduceLROnPlateau.Mode.MIN, 1.0, 1, 0, ReduceLROnPlateau.ThresholdMode.REL,
        0, new double[] {0}, 0)).hasMessage("Factor should be < 1.0, got 1.0");
    assertThatThrownBy(() -> new StepLR(sgd(1), 0, 0.5)).hasMessageContaining("Invalid step_size: 0");
    new StepLR(sgd(1), 1, 0.5);
    assertThatThrownBy(() -> new PolynomialLR(sgd(1), 0, 1)).hasMessageContaining("Invalid total_iters: 0");
    new PolynomialLR(sgd(1), 1, 1);
    assertThatThrownBy(() -> new ChainedScheduler(List.of())).hasMessageContaining("at least one scheduler");
    SGD a = sgd(1);
    assertThatThrownBy(() -> new ChainedScheduler(List.of(new StepLR(a, 1, 0.5), new StepLR(sgd(1), 1, 0.5))))
        .hasMessageContaining("index 0 and 1");
  }

  @Test
  void chainedSchedulesMultiplyAndStartFromTheirChildrensLrs() {
    SGD opt = sgd(1);
    StepLR halve = new StepLR(opt, 1, 0.5);
    ExponentialLR tenth = new ExponentialLR(opt, 0.1);
    ChainedScheduler chain = new ChainedScheduler(List.of(halve, tenth));
    assertThat(opt.paramGroups().get(0).lr()).isEqualTo(1.0);
    chain.step();
    assertThat(opt.paramGroups().get(0).lr()).isCloseTo(0.05, within(1e-15));
    assertThat(chain.lastLr()).containsExactly(opt.paramGroups().get(0).lr());
  }
}
