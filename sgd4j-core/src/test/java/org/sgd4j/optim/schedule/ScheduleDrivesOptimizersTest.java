package org.sgd4j.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sgd4j.optim.Adadelta;
import org.sgd4j.optim.AdamW;
import org.sgd4j.optim.NAdam;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.optim.RMSprop;
import org.sgd4j.optim.SGD;
import org.sgd4j.optim.Yogi;
import org.sgd4j.tensor.Tensor;

/**
 * A schedule's lr and cycled momentum reach the update of every optimizer: after the schedule sets
 * them, a step is the step of an optimizer built with those values. And the edges of two schedules:
 * MultiStepLR's closed form with milestones given out of order, ReduceLROnPlateau's eps.
 */
class ScheduleDrivesOptimizersTest {
  /** (lr, momentum or β₁) → optimizer over p; momentum NaN where the optimizer has none. */
  interface Factory {
    Optimizer<?> make(Tensor p, double lr, double momentum);
  }

  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of("AdamW", (Factory) (p, lr, m) -> new AdamW(List.of(p), AdamW.options().lr(lr).betas(m, 0.999))),
        Arguments.of("NAdam", (Factory) (p, lr, m) -> new NAdam(List.of(p), NAdam.options().lr(lr).betas(m, 0.999))),
        Arguments.of("Yogi", (Factory) (p, lr, m) -> new Yogi(List.of(p), Yogi.options().lr(lr).betas(m, 0.999))),
        Arguments.of("RMSprop", (Factory) (p, lr, m) -> new RMSprop(List.of(p), RMSprop.options().lr(lr).momentum(m))),
        Arguments.of("Adadelta", (Factory) (p, lr, m) -> new Adadelta(List.of(p), Adadelta.options().lr(lr))));
  }

  static final float[][] GRADS = {{0.5f, -1f, 2f}, {-0.25f, 0.75f, 1f}};

  static float[] twoSteps(Optimizer<?> opt, Tensor p) {
    for (float[] g : GRADS) {
      p.setGrad(Tensor.of(g));
      opt.step();
    }
    return p.toArray();
  }

  static Tensor param() {
    return Tensor.of(1f, -2f, 0.5f).requiresGrad_();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void aStepScheduleSetsTheLrTheUpdateUses(String name, Factory make) {
    Tensor p = param();
    Optimizer<?> scheduled = make.make(p, 0.2, 0.5);
    new StepLR(scheduled, 1, 0.5).step();
    assertThat(scheduled.paramGroups().get(0).options().lr()).isEqualTo(0.1);
    Tensor q = param();
    assertThat(twoSteps(scheduled, p)).containsExactly(twoSteps(make.make(q, 0.1, 0.5), q));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void oneCycleSetsTheMomentumTheUpdateUses(String name, Factory make) {
    Tensor p = param();
    Optimizer<?> scheduled = make.make(p, 0.3, 0.5);
    if (!scheduled.paramGroups().get(0).hasCyclicMomentum()) {
      assertThat(name).isEqualTo("Adadelta");
      return;
    }
    new OneCycleLR(scheduled, 1.0, 10); // starts at lr 1/25 and the maximum momentum 0.95
    assertThat(scheduled.paramGroups().get(0).cycledMomentum()).isEqualTo(0.95);
    Tensor q = param();
    assertThat(twoSteps(scheduled, p)).containsExactly(twoSteps(make.make(q, 1.0 / 25, 0.95), q));
  }

  @Test
  void multiStepClosedFormSortsItsMilestones() {
    SGD opt = new SGD(List.of(param()), SGD.options().lr(1));
    MultiStepLR schedule = new MultiStepLR(opt, new int[] {6, 2, 4}, 0.5);
    schedule.step(5); // milestones 2 and 4 passed
    assertThat(opt.paramGroups().get(0).lr()).isEqualTo(0.25);
    schedule.step(7);
    assertThat(opt.paramGroups().get(0).lr()).isEqualTo(0.125);
  }

  @Test
  void plateauIgnoresAChangeSmallerThanEps() {
    SGD opt = new SGD(List.of(param()), SGD.options().lr(1e-8));
    var plateau = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MIN, 0.5, 0, 1e-4, ReduceLROnPlateau.ThresholdMode.REL, 0,
        new double[] {0}, 1e-8);
    plateau.step(1);
    plateau.step(1); // a bad epoch: 1e-8 → 5e-9 is a change of 5e-9 < eps, so nothing happens
    assertThat(opt.paramGroups().get(0).lr()).isEqualTo(1e-8);
    opt.paramGroups().get(0).setLr(1e-7);
    plateau.step(1); // 1e-7 → 5e-8 is a change of 5e-8 > eps
    assertThat(opt.paramGroups().get(0).lr()).isEqualTo(5e-8);
  }
}
