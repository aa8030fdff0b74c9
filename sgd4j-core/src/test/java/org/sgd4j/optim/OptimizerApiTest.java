package org.sgd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Tensor;

/** The Optimizer contract: argument checks, groups, zeroGrad, closures, state dicts. */
class OptimizerApiTest {

  static Tensor param(float... values) {
    return Tensor.of(values).requiresGrad_();
  }

  @Test
  void badHyperParametersAreRejectedNamingTheValue() {
    assertThatThrownBy(() -> SGD.options().withLr(-0.1)).hasMessage("Invalid learning rate: -0.1");
    assertThatThrownBy(() -> SGD.options().withMomentum(-0.5)).hasMessage("Invalid momentum value: -0.5");
    assertThatThrownBy(() -> SGD.options().withWeightDecay(-1)).hasMessage("Invalid weight_decay value: -1.0");
    assertThatThrownBy(() -> SGD.options().withNesterov(true))
        .hasMessageContaining("Nesterov momentum requires a momentum and zero dampening");
    assertThatThrownBy(() -> SGD.options().withMomentum(0.9).withDampening(0.1).withNesterov(true))
        .hasMessageContaining("dampening 0.1");
    assertThatThrownBy(() -> Adam.options().withBetas(1.0, 0.999))
        .hasMessage("Invalid beta parameter at index 0: 1.0");
    assertThatThrownBy(() -> AdamW.options().withBetas(0.9, -0.1))
        .hasMessage("Invalid beta parameter at index 1: -0.1");
    assertThatThrownBy(() -> Adam.options().withEps(-1e-8)).hasMessage("Invalid epsilon value: -1.0E-8");
    assertThatThrownBy(() -> Adam.options().withLr(Double.NaN)).hasMessage("Invalid learning rate: NaN");
    assertThatThrownBy(() -> Adagrad.options().withLrDecay(-1)).hasMessage("Invalid lr_decay value: -1.0");
    assertThatThrownBy(() -> Adagrad.options().withInitialAccumulatorValue(-1))
        .hasMessage("Invalid initial_accumulator_value value: -1.0");
    assertThatThrownBy(() -> RMSprop.options().withAlpha(-0.9)).hasMessage("Invalid alpha value: -0.9");
    assertThatThrownBy(() -> Adadelta.options().withRho(1.5)).hasMessage("Invalid rho value: 1.5");
    assertThatThrownBy(() -> NAdam.options().withMomentumDecay(-1)).hasMessage("Invalid momentum_decay value: -1.0");
    assertThatThrownBy(() -> Yogi.options().withEps(-1)).hasMessage("Invalid epsilon value: -1.0");
    assertThatThrownBy(() -> LARS.options().withTrustCoefficient(0)).hasMessage("Invalid trust coefficient: 0.0");
  }

  @Test
  void withCopiesReplaceOneOptionAndLeaveTheRecord() {
    SGD.Options base = SGD.options().withLr(0.1);
    SGD.Options momentum = base.withMomentum(0.9);
    assertThat(base.momentum()).isZero();
    assertThat(momentum).isEqualTo(new SGD.Options(0.1, 0.9, 0, 0, false, false));
    // LBFGS derives max_eval from max_iter (max_iter * 5 / 4) unless it was set.
    assertThat(LBFGS.options().maxEval()).isEqualTo(25);
    assertThat(LBFGS.options().withMaxIter(8).maxEval()).isEqualTo(10);
    assertThat(LBFGS.options().withMaxEval(7).withMaxIter(8).maxEval()).isEqualTo(7);
  }

  @Test
  void badParameterListsAreRejected() {
    assertThatThrownBy(() -> new SGD(List.of(), SGD.options())).hasMessage("optimizer got an empty parameter list (parameter group 0)");
    Tensor p = param(1, 2);
    assertThatThrownBy(() -> new SGD(SGD.options(), List.of(ParamGroup.of(List.of(p)), ParamGroup.of(List.of(p)))))
        .hasMessageContaining("some parameters appear in more than one parameter group");
    Tensor nonLeaf = p.mul(2f);
    assertThatThrownBy(() -> new SGD(List.of(nonLeaf), SGD.options()))
        .hasMessageContaining("can't optimize a non-leaf Tensor (produced by");
    Tensor view = Tensor.zeros(3, 2).t().requiresGrad_();
    assertThatThrownBy(() -> new SGD(List.of(view), SGD.options())).hasMessageContaining("non-contiguous Tensor of shape");
  }

  @Test
  void groupsOverrideTheDefaults() {
    Tensor w = param(1, 2);
    Tensor b = param(3);
    SGD opt = new SGD(SGD.options().withLr(0.1).withWeightDecay(0.5), List.of(
        ParamGroup.of(List.of(w)),
        ParamGroup.of(List.of(b), o -> o.withWeightDecay(0).withLr(1))));
    assertThat(opt.paramGroups().get(0).options().weightDecay()).isEqualTo(0.5);
    assertThat(opt.paramGroups().get(1).options().weightDecay()).isZero();
    w.setGrad(Tensor.of(1f, 1f));
    b.setGrad(Tensor.of(1f));
    opt.step();
    // w ← w − 0.1 (1 + 0.5 w);  b ← b − 1 · 1
    assertThat(w.toArray()).containsExactly(1 - 0.1f * (1 + 0.5f), 2 - 0.1f * (1 + 0.5f * 2));
    assertThat(b.toArray()).containsExactly(2f);
    opt.paramGroups().get(1).setLr(0.5);
    opt.step();
    assertThat(b.toArray()).containsExactly(1.5f);
  }

  @Test
  void parametersWithoutGradientAreSkipped() {
    Tensor a = param(1);
    Tensor b = param(1);
    Adam opt = new Adam(List.of(a, b), Adam.options().withLr(0.1));
    a.setGrad(Tensor.of(2f));
    opt.step();
    assertThat(b.toArray()).containsExactly(1f);
    assertThat(opt.state(b).isEmpty()).isTrue();
    assertThat(a.toArray()[0]).isCloseTo(0.9f, org.assertj.core.api.Assertions.within(1e-6f));
  }

  @Test
  void zeroGradClearsOrZeroes() {
    Tensor a = param(1, 2);
    SGD opt = new SGD(List.of(a), SGD.options());
    a.setGrad(Tensor.of(3f, 4f));
    opt.zeroGrad(false);
    assertThat(a.grad().toArray()).containsExactly(0f, 0f);
    opt.zeroGrad();
    assertThat(a.grad()).isNull();
  }

  @Test
  void stepWithClosureReevaluatesTheLoss() {
    Tensor x = param(3);
    SGD opt = new SGD(List.of(x), SGD.options().withLr(0.25));
    Tensor loss = opt.step(() -> {
      opt.zeroGrad();
      Tensor l = x.square().sum();
      l.backward();
      return l;
    });
    assertThat(loss.item()).isEqualTo(9f);
    assertThat(x.toArray()).containsExactly(1.5f); // 3 − 0.25 · 6
  }

  @Test
  void anUpdateInvalidatesGraphsThatSavedTheParameter() {
    Tensor x = param(3);
    SGD opt = new SGD(List.of(x), SGD.options().withLr(0.1));
    Tensor y = x.mul(x).sum(); // saves x
    x.setGrad(Tensor.of(1f));
    opt.step();
    assertThatThrownBy(y::backward).hasMessageContaining("modified by an in-place operation");
  }

  @Test
  void stateDictIsNamedTensorsAndScalarsAndACopy() {
    Tensor a = param(1, 2);
    Tensor b = param(3);
    SGD opt = new SGD(List.of(a, b), SGD.options().withLr(0.1).withMomentum(0.9).withNesterov(true));
    a.setGrad(Tensor.of(1f, 1f));
    opt.step();
    OptimizerState s = opt.stateDict();
    assertThat(s.tensors()).containsOnlyKeys("state.0.momentum_buffer");
    assertThat(s.scalars()).containsEntry("param_groups.0.lr", 0.1).containsEntry("param_groups.0.momentum", 0.9)
        .containsEntry("param_groups.0.nesterov", 1.0).containsEntry("param_groups.0.params", 2.0);
    float[] saved = s.tensors().get("state.0.momentum_buffer").toArray();
    opt.step();
    assertThat(s.tensors().get("state.0.momentum_buffer").toArray()).containsExactly(saved);

    Adam adam = new Adam(List.of(a), Adam.options().withAmsgrad(true));
    adam.step();
    assertThat(adam.stateDict().tensors()).containsOnlyKeys("state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq");
    assertThat(adam.stateDict().scalars()).containsEntry("state.0.step", 1.0).containsEntry("param_groups.0.amsgrad", 1.0);
  }

  @Test
  void loadingRestoresHyperParameters() {
    Tensor a = param(1, 2);
    SGD opt = new SGD(List.of(a), SGD.options().withLr(0.1));
    opt.paramGroups().get(0).setLr(0.01);
    OptimizerState s = opt.stateDict();
    SGD other = new SGD(List.of(param(1, 2)), SGD.options().withLr(0.1));
    other.loadStateDict(s);
    assertThat(other.paramGroups().get(0).lr()).isEqualTo(0.01);
  }

  @Test
  void loadingAMismatchedStateDictFailsClearly() {
    Tensor a = param(1, 2);
    SGD opt = new SGD(List.of(a), SGD.options().withMomentum(0.9));
    a.setGrad(Tensor.of(1f, 1f));
    opt.step();
    OptimizerState s = opt.stateDict();
    assertThatThrownBy(() -> new SGD(List.of(param(1, 2), param(3)), SGD.options()).loadStateDict(s))
        .hasMessageContaining("group 0 has 1 parameters in the state dict and 2 here");
    assertThatThrownBy(() -> new SGD(SGD.options(),
        List.of(ParamGroup.of(List.of(param(1, 2))), ParamGroup.of(List.of(param(1)))))
        .loadStateDict(s)).hasMessage("loaded state dict has 1 parameter groups, this optimizer has 2");
    assertThatThrownBy(() -> new SGD(List.of(param(1, 2, 3)), SGD.options()).loadStateDict(s))
        .hasMessage("state dict entry state.0.momentum_buffer has shape [2] but the parameter has shape [3]");
    assertThatThrownBy(() -> new Adam(List.of(param(1, 2)), Adam.options()).loadStateDict(s))
        .hasMessage("state dict has no hyper-parameter param_groups.0.beta1");
  }

  @Test
  void theEdgesTorchAcceptsAreAccepted() {
    // torch.optim: 0 <= beta < 1 (Adam family), 0 <= rho <= 1 (Adadelta), weight_decay >= 0
    assertThat(Adam.options().withBetas(0, 0.999).beta1()).isZero();
    assertThatThrownBy(() -> Adam.options().withBetas(0.9, 1.0)).hasMessage("Invalid beta parameter at index 1: 1.0");
    assertThat(Adadelta.options().withRho(0).rho()).isZero();
    assertThat(Adadelta.options().withRho(1).rho()).isEqualTo(1);
    assertThatThrownBy(() -> Adadelta.options().withRho(-0.1)).hasMessage("Invalid rho value: -0.1");
    assertThatThrownBy(() -> Adam.options().withWeightDecay(-0.1)).hasMessage("Invalid weight_decay value: -0.1");
  }

  @Test
  void theCycledMomentumIsMomentumOrBeta1AndEachCopyReplacesItsOption() {
    assertThat(SGD.options().withMomentum(0.8).cycledMomentum()).isEqualTo(0.8);
    assertThat(Adam.options().cycledMomentum()).isEqualTo(0.9);
    assertThat(LARS.options().withMomentum(0.8).cycledMomentum()).isEqualTo(0.8);
    assertThat(LARS.options().withCycledMomentum(0.7)).isEqualTo(LARS.options().withMomentum(0.7));
    assertThat(LARS.options().withEps(0.5).eps()).isEqualTo(0.5);
    assertThat(Yogi.options().withEps(0.5).eps()).isEqualTo(0.5);
    assertThat(Yogi.options().withMaximize(true).maximize()).isTrue();
    SGD.Options o = SGD.options().withLr(0.3);
    assertThat(new SGD(List.of(param(1)), o).defaults()).isEqualTo(o);
  }

  @Test
  void stepWithAClosureReturnsItsLoss() {
    Tensor w = param(1, -2);
    LARS lars = new LARS(List.of(w), LARS.options());
    Tensor[] made = new Tensor[1];
    Tensor got = lars.step(() -> {
      lars.zeroGrad();
      made[0] = w.square().sum();
      made[0].backward();
      return made[0];
    });
    assertThat(got).isSameAs(made[0]);
    Tensor x = param(1, -2);
    Newton newton = new Newton(List.of(x), Newton.options());
    got = newton.step(() -> {
      made[0] = x.square().sum(); // Newton differentiates the loss twice itself: no backward here
      return made[0];
    });
    assertThat(got).isSameAs(made[0]);
  }

  @Test
  void rmspropKeepsAMomentumBufferOnlyWithMomentum() {
    // torch.optim.RMSprop's state: square_avg, momentum_buffer if momentum > 0, grad_avg if centered
    for (double momentum : new double[] {0, 0.5}) {
      Tensor w = param(1, -2);
      RMSprop opt = new RMSprop(List.of(w), RMSprop.options().withMomentum(momentum));
      w.setGrad(Tensor.of(0.5f, 0.25f));
      opt.step();
      assertThat(opt.state(w).tensors().keySet()).as("momentum %s", momentum)
          .containsExactlyElementsOf(momentum > 0 ? List.of("square_avg", "momentum_buffer") : List.of("square_avg"));
    }
  }

  @Test
  void aStateDictWithABadHyperParameterIsRejectedWithTheOptionsMessage() {
    SGD opt = new SGD(List.of(param(1, 2)), SGD.options().withLr(0.1));
    OptimizerState sd = opt.stateDict();
    java.util.Map<String, Double> scalars = new java.util.LinkedHashMap<>(sd.scalars());
    scalars.put("param_groups.0.lr", -1.0);
    assertThatThrownBy(() -> opt.loadStateDict(new OptimizerState(sd.tensors(), scalars)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid learning rate: -1.0");
  }
}
