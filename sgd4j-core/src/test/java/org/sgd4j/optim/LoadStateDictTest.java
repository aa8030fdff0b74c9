package org.sgd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.optim.schedule.StepLR;
import org.sgd4j.tensor.Tensor;

/** {@link Optimizer#loadStateDict} replaces the optimizer's state and groups, as torch's load_state_dict does. */
class LoadStateDictTest {

  static Tensor param() {
    return Tensor.of(0.5f, -1.5f, 2f).requiresGrad_();
  }

  static void step(Optimizer<?> opt, Tensor p, float... grad) {
    p.setGrad(Tensor.of(grad));
    opt.step();
  }

  @Test
  void loadingReplacesStateInsteadOfMergingIntoIt() {
    Tensor p = param();
    Adam used = new Adam(List.of(p), Adam.options().lr(0.1));
    step(used, p, 1f, 2f, 3f);
    step(used, p, -1f, 0.5f, 4f);
    assertThat(used.state(p).isEmpty()).isFalse();

    OptimizerState empty = new Adam(List.of(param()), Adam.options().lr(0.1)).stateDict();
    used.loadStateDict(empty);
    assertThat(used.state(p).isEmpty()).as("no moments survive a load of an optimizer that never stepped").isTrue();

    Tensor q = Tensor.of(p.toArray()).requiresGrad_();
    Adam fresh = new Adam(List.of(q), Adam.options().lr(0.1));
    step(used, p, 0.25f, -2f, 1f);
    step(fresh, q, 0.25f, -2f, 1f);
    assertThat(p.toArray()).containsExactly(q.toArray());
  }

  @Test
  void theScheduleBaseLrTravelsWithTheGroups() {
    Tensor p = param();
    SGD scheduled = new SGD(List.of(p), SGD.options().lr(0.4));
    StepLR schedule = new StepLR(scheduled, 1, 0.5);
    step(scheduled, p, 1f, 1f, 1f);
    schedule.step();
    assertThat(scheduled.paramGroups().get(0).lr()).isEqualTo(0.2);

    SGD restored = new SGD(List.of(param()), SGD.options().lr(1));
    restored.loadStateDict(scheduled.stateDict());
    assertThat(restored.paramGroups().get(0).initialLr()).isEqualTo(0.4);
    assertThat(restored.paramGroups().get(0).lr()).isEqualTo(0.2);

    restored.paramGroups().get(0).setInitialLr(7);
    restored.loadStateDict(new SGD(List.of(param()), SGD.options().lr(1)).stateDict());
    assertThat(restored.paramGroups().get(0).initialLr()).as("a dict without initial_lr clears it").isNaN();
  }
}
