package org.sgd4j.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sgd4j.optim.Adagrad;
import org.sgd4j.optim.Adam;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.Tensor;

class ScheduleBehaviourTest {

  static SGD sgd(double lr) {
    return new SGD(List.of(Tensor.zeros(1).requiresGrad_()), SGD.options().withLr(lr));
  }

  @Test
  void reduceOnPlateauMatchesTorch() {
    for (JsonNode c : TorchScheduleTest.REF.get("cases")) {
      String name = c.get("name").asText();
      if (!name.startsWith("ReduceLROnPlateau")) {
        continue;
      }
      String[] parts = name.split("-");
      SGD opt = TorchScheduleTest.optimizer();
      var s = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.valueOf(parts[1].toUpperCase()), 0.5, 2, 0.01,
          ReduceLROnPlateau.ThresholdMode.valueOf(parts[2].toUpperCase()), Integer.parseInt(parts[3]),
          new double[] {0.01, 0.02}, 1e-8);
      JsonNode metrics = c.get("metrics");
      for (int t = 0; t < metrics.size(); t++) {
        opt.step();
        s.step(metrics.get(t).asDouble());
        TorchScheduleTest.assertLrs(name + " after metric " + t, TorchScheduleTest.lrs(opt), c.get("lr").get(t + 1));
        if (t == 10) { // a copy of the state continues the same way
          SGD opt2 = TorchScheduleTest.optimizer();
          opt2.loadStateDict(opt.stateDict());
          var s2 = new ReduceLROnPlateau(opt2, ReduceLROnPlateau.Mode.valueOf(parts[1].toUpperCase()), 0.5, 2, 0.01,
              ReduceLROnPlateau.ThresholdMode.valueOf(parts[2].toUpperCase()), Integer.parseInt(parts[3]),
              new double[] {0.01, 0.02}, 1e-8);
          s2.loadStateDict(s.stateDict());
          for (int u = t + 1; u < metrics.size(); u++) {
            s2.step(metrics.get(u).asDouble());
            TorchScheduleTest.assertLrs(name + " (reloaded) after metric " + u, TorchScheduleTest.lrs(opt2),
                c.get("lr").get(u + 1));
          }
        }
      }
    }
  }

  @Test
  void warmupFromZeroIsGoyalsLinearRamp() {
    SGD opt = sgd(0.4);
    LinearLR warmup = LinearLR.warmup(opt, 4);
    double[] expected = {0, 0.1, 0.2, 0.3, 0.4, 0.4, 0.4};
    for (int t = 0; t < expected.length; t++) {
      if (t > 0) {
        warmup.step();
      }
      assertThat(opt.paramGroups().get(0).lr()).as("epoch %d", t).isCloseTo(expected[t], within(1e-15));
    }
  }

  @Test
  void chainableAndClosedFormsDifferWhenSomethingElseMovesTheLr() {
    // undisturbed, the two forms agree
    SGD opt = sgd(1.0);
    StepLR s = new StepLR(opt, 2, 0.5);
    for (int t = 1; t <= 6; t++) {
      s.step();
      assertThat(opt.paramGroups().get(0).lr()).isEqualTo(s.closedForm(t)[0]);
    }
    // a user halves the lr at epoch 6: the chainable form keeps the change, the closed form forgets it
    opt.paramGroups().get(0).setLr(opt.paramGroups().get(0).lr() / 2);
    s.step();
    s.step(); // epoch 8: decays
    assertThat(opt.paramGroups().get(0).lr()).isEqualTo(1.0 * Math.pow(0.5, 4) / 2);
    assertThat(s.closedForm(8)[0]).isEqualTo(Math.pow(0.5, 4));
    s.step(9); // jumping to an epoch uses the closed form
    assertThat(opt.paramGroups().get(0).lr()).isEqualTo(Math.pow(0.5, 4));
  }

  @Test
  void exponentialDecayIsExponentialLrWithGammaExpMinusLambda() {
    SGD a = sgd(0.3);
    SGD b = sgd(0.3);
    var decay = new ExponentialDecayLR(a, 0.2);
    var exp = new ExponentialLR(b, Math.exp(-0.2));
    for (int t = 1; t <= 20; t++) {
      decay.step();
      exp.step();
      assertThat(a.paramGroups().get(0).lr()).isCloseTo(0.3 * Math.exp(-0.2 * t), within(1e-15));
      assertThat(b.paramGroups().get(0).lr()).isCloseTo(a.paramGroups().get(0).lr(), within(1e-14));
    }
  }

  @Test
  void oneCycleCyclesAdamsBeta1AndRefusesOptimizersWithoutMomentum() {
    Adam adam = new Adam(List.of(Tensor.zeros(1).requiresGrad_()), Adam.options());
    new OneCycleLR(adam, 0.01, 10);
    assertThat(adam.paramGroups().get(0).options().beta1()).isEqualTo(0.95);
    assertThat(adam.paramGroups().get(0).options().beta2()).isEqualTo(0.999);
    Adagrad adagrad = new Adagrad(List.of(Tensor.zeros(1).requiresGrad_()), Adagrad.options());
    assertThatThrownBy(() -> new OneCycleLR(adagrad, 0.01, 10))
        .hasMessageContaining("optimizer must support momentum with cycleMomentum enabled");
    SGD opt = sgd(0.1);
    OneCycleLR s = new OneCycleLR(opt, new double[] {1}, 3, 0.3, OneCycleLR.Anneal.COS, false, 0.85, 0.95, 25, 1e4, false);
    s.step();
    s.step();
    s.step();
    assertThatThrownBy(s::step).hasMessage("Tried to step 5 times. The specified number of total steps is 3");
  }

  @Test
  void linearScalingRule() {
    assertThat(LinearScalingRule.lr(0.1, 256, 8192)).isEqualTo(3.2);
    assertThat(LinearScalingRule.lr(0.1, 256, 64)).isEqualTo(0.025);
    assertThatThrownBy(() -> LinearScalingRule.lr(0.1, 0, 64)).hasMessageContaining("batch sizes must be >= 1");
    assertThatThrownBy(() -> LinearScalingRule.lr(-0.1, 32, 64)).hasMessage("Invalid learning rate: -0.1");
  }

  @Test
  void badArgumentsAreRejectedNamingTheValue() {
    SGD opt = sgd(0.1);
    assertThatThrownBy(() -> new StepLR(opt, 0, 0.1)).hasMessage("Invalid step_size: 0 (must be >= 1)");
    assertThatThrownBy(() -> new LinearLR(opt, 1.5, 1, 5))
        .hasMessage("Starting multiplicative factor expected to be between 0 and 1, got 1.5");
    assertThatThrownBy(() -> new ConstantLR(opt, -1, 5))
        .hasMessage("Constant multiplicative factor expected to be between 0 and 1, got -1.0");
    assertThatThrownBy(() -> new CosineAnnealingLR(opt, 0, 0)).hasMessage("Invalid T_max: 0 (must be >= 1)");
    assertThatThrownBy(() -> new PolynomialLR(opt, 0, 1)).hasMessage("Invalid total_iters: 0 (must be >= 1)");
    assertThatThrownBy(() -> new LambdaLR(opt, List.of(t -> 1.0, t -> 2.0)))
        .hasMessage("expected 1 lr_lambdas (one per parameter group), got 2");
    assertThatThrownBy(() -> new PiecewiseConstantLR(opt, new int[] {5, 5}, new double[] {1, 0.5, 0.1}))
        .hasMessageContaining("strictly increasing, got 5 then 5 at index 1");
    assertThatThrownBy(() -> new PiecewiseConstantLR(opt, new int[] {5}, new double[] {1}))
        .hasMessage("expected 2 factors for 1 boundaries, got 1");
    assertThatThrownBy(() -> new OneCycleLR(opt, 0.1, 0)).hasMessage("Expected positive integer total_steps, but got 0");
    assertThatThrownBy(() -> new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MIN, 1.0, 10, 1e-4,
        ReduceLROnPlateau.ThresholdMode.REL, 0, new double[1], 1e-8)).hasMessage("Factor should be < 1.0, got 1.0");
    SGD other = sgd(0.1);
    assertThatThrownBy(() -> new SequentialLR(opt, List.of(new StepLR(other, 2, 0.1)), new int[0]))
        .hasMessageContaining("schedulers at index 0 to be different than the optimizer passed in");
    assertThatThrownBy(() -> new SequentialLR(opt, List.of(new StepLR(opt, 2, 0.1)), new int[] {3}))
        .hasMessageContaining("number of schedulers 1 and the number of milestones to be equal to 1");
    assertThatThrownBy(() -> new ChainedScheduler(List.of())).hasMessage("ChainedScheduler expects at least one scheduler");
    assertThatThrownBy(() -> new SequentialLR(opt, List.of(), new int[0]))
        .hasMessage("SequentialLR expects at least one scheduler");
    assertThatThrownBy(() -> new StepLR(opt, 2, 0.1).loadStateDict(Map.of()))
        .hasMessage("scheduler state dict has no entry last_epoch");
  }
}
