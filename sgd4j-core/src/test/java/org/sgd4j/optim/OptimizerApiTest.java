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
    assertThatThrownBy(() -> SGD.options().lr(-0.1).build()).hasMessage("Invalid learning rate: -0.1");
    assertThatThrownBy(() -> SGD.options().momentum(-0.5).build()).hasMessage("Invalid momentum value: -0.5");
    assertThatThrownBy(() -> SGD.options().weightDecay(-1).build()).hasMessage("Invalid weight_decay value: -1.0");
    assertThatThrownBy(() -> SGD.options().nesterov(true).build())
        .hasMessageContaining("Nesterov momentum requires a momentum and zero dampening");
    assertThatThrownBy(() -> SGD.options().momentum(0.9).dampening(0.1).nesterov(true).build())
        .hasMessageContaining("dampening 0.1");
    assertThatThrownBy(() -> Adam.options().betas(1.0, 0.999).build())
        .hasMessage("Invalid beta parameter at index 0: 1.0");
    assertThatThrownBy(() -> AdamW.options().betas(0.9, -0.1).build())
        .hasMessage("Invalid beta parameter at index 1: -0.1");
    assertThatThrownBy(() -> Adam.options().eps(-1e-8).build()).hasMessage("Invalid epsilon value: -1.0E-8");
    assertThatThrownBy(() -> Adam.options().lr(Double.NaN).build()).hasMessage("Invalid learning rate: NaN");
    assertThatThrownBy(() -> Adagrad.options().lrDecay(-1).build()).hasMessage("Invalid lr_decay value: -1.0");
    assertThatThrownBy(() -> Adagrad.options().initialAccumulatorValue(-1).build())
        .hasMessage("Invalid initial_accumulator_value value: -1.0");
    assertThatThrownBy(() -> RMSprop.options().alpha(-0.9).build()).hasMessage("Invalid alpha value: -0.9");
    assertThatThrownBy(() -> Adadelta.options().rho(1.5).build()).hasMessage("Invalid rho value: 1.5");
    assertThatThrownBy(() -> NAdam.options().momentumDecay(-1).build()).hasMessage("Invalid momentum_decay value: -1.0");
    assertThatThrownBy(() -> Yogi.options().eps(-1).build()).hasMessage("Invalid epsilon value: -1.0");
    assertThatThrownBy(() -> LARS.options().trustCoefficient(0).build()).hasMessage("Invalid trust coefficient: 0.0");
  }

  @Test
  void badParameterListsAreRejected() {
    assertThatThrownBy(() -> new SGD(List.of(), SGD.options())).hasMessage("optimizer got an empty parameter list (parameter group 0)");
    Tensor p = param(1, 2);
    assertThatThrownBy(() -> new SGD(SGD.options().build(), List.of(ParamGroup.of(List.of(p)), ParamGroup.of(List.of(p)))))
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
    SGD opt = new SGD(SGD.options().lr(0.1).weightDecay(0.5).build(), List.of(
        ParamGroup.of(List.of(w)),
        ParamGroup.of(List.of(b), o -> o.toBuilder().weightDecay(0).lr(1).build())));
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
    Adam opt = new Adam(List.of(a, b), Adam.options().lr(0.1));
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
    SGD opt = new SGD(List.of(x), SGD.options().lr(0.25));
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
    SGD opt = new SGD(List.of(x), SGD.options().lr(0.1));
    Tensor y = x.mul(x).sum(); // saves x
    x.setGrad(Tensor.of(1f));
    opt.step();
    assertThatThrownBy(y::backward).hasMessageContaining("modified by an in-place operation");
  }

  @Test
  void stateDictIsNamedTensorsAndScalarsAndACopy() {
    Tensor a = param(1, 2);
    Tensor b = param(3);
    SGD opt = new SGD(List.of(a, b), SGD.options().lr(0.1).momentum(0.9).nesterov(true));
    a.setGrad(Tensor.of(1f, 1f));
    opt.step();
    OptimizerState s = opt.stateDict();
    assertThat(s.tensors()).containsOnlyKeys("state.0.momentum_buffer");
    assertThat(s.scalars()).containsEntry("param_groups.0.lr", 0.1).containsEntry("param_groups.0.momentum", 0.9)
        .containsEntry("param_groups.0.nesterov", 1.0).containsEntry("param_groups.0.params", 2.0);
    float[] saved = s.tensors().get("state.0.momentum_buffer").toArray();
    opt.step();
    assertThat(s.tensors().get("state.0.momentum_buffer").toArray()).containsExactly(saved);

    Adam adam = new Adam(List.of(a), Adam.options().amsgrad(true));
    adam.step();
    assertThat(adam.stateDict().tensors()).containsOnlyKeys("state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq");
    assertThat(adam.stateDict().scalars()).containsEntry("state.0.step", 1.0).containsEntry("param_groups.0.amsgrad", 1.0);
  }

  @Test
  void loadingRestoresHyperParameters() {
    Tensor a = param(1, 2);
    SGD opt = new SGD(List.of(a), SGD.options().lr(0.1));
    opt.paramGroups().get(0).setLr(0.01);
    OptimizerState s = opt.stateDict();
    SGD other = new SGD(List.of(param(1, 2)), SGD.options().lr(0.1));
    other.loadStateDict(s);
    assertThat(other.paramGroups().get(0).lr()).isEqualTo(0.01);
  }

  @Test
  void loadingAMismatchedStateDictFailsClearly() {
    Tensor a = param(1, 2);
    SGD opt = new SGD(List.of(a), SGD.options().momentum(0.9));
    a.setGrad(Tensor.of(1f, 1f));
    opt.step();
    OptimizerState s = opt.stateDict();
    assertThatThrownBy(() -> new SGD(List.of(param(1, 2), param(3)), SGD.options()).loadStateDict(s))
        .hasMessageContaining("group 0 has 1 parameters in the state dict and 2 here");
    assertThatThrownBy(() -> new SGD(SGD.options().build(),
        List.of(ParamGroup.of(List.of(param(1, 2))), ParamGroup.of(List.of(param(1)))))
        .loadStateDict(s)).hasMessage("loaded state dict has 1 parameter groups, this optimizer has 2");
    assertThatThrownBy(() -> new SGD(List.of(param(1, 2, 3)), SGD.options()).loadStateDict(s))
        .hasMessage("state dict entry state.0.momentum_buffer has shape [2] but the parameter has shape [3]");
    assertThatThrownBy(() -> new Adam(List.of(param(1, 2)), Adam.options()).loadStateDict(s))
        .hasMessage("state dict has no hyper-parameter param_groups.0.beta1");
  }
}
