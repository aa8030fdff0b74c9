package org.sgd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sgd4j.tensor.Tensor;

/**
 * Every optimizer's update is an in-place write, as {@code param.add_(...)} is in PyTorch: the
 * parameter's version moves, so a graph recorded before the step that saved the parameter refuses to
 * run backward rather than differentiate at values that no longer exist.
 */
class InPlaceUpdateTest {

  static Stream<Arguments> optimizers() {
    return Stream.<Function<Tensor, Optimizer<?>>>of(
        p -> new SGD(List.of(p), SGD.options().lr(0.1)),
        p -> new SGD(List.of(p), SGD.options().lr(0.1).momentum(0.9)),
        p -> new Adam(List.of(p), Adam.options()),
        p -> new AdamW(List.of(p), AdamW.options()),
        p -> new Adagrad(List.of(p), Adagrad.options()),
        p -> new Adadelta(List.of(p), Adadelta.options()),
        p -> new NAdam(List.of(p), NAdam.options()),
        p -> new RMSprop(List.of(p), RMSprop.options()),
        p -> new Yogi(List.of(p), Yogi.options()),
        p -> new LARS(List.of(p), LARS.options().lr(0.1)),
        p -> new Newton(List.of(p), Newton.options()),
        p -> new LBFGS(List.of(p), LBFGS.options().maxIter(1)))
        .map(f -> Arguments.of(f.apply(Tensor.of(1f)).getClass().getSimpleName(), f));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void aStepInvalidatesGraphsThatSavedTheParameter(String name, Function<Tensor, Optimizer<?>> make) {
    Tensor x = Tensor.of(3f, -2f).requiresGrad_();
    Optimizer<?> opt = make.apply(x);
    Tensor stale = x.mul(x).sum(); // saves x
    Tensor before = x.detach().clone();
    opt.step(() -> {
      opt.zeroGrad();
      Tensor loss = x.mul(x).sum();
      if (!(opt instanceof Newton)) {
        loss.backward();
      }
      return loss;
    });
    assertThat(x.toArray()).as("the step moved x").isNotEqualTo(before.toArray());
    assertThatThrownBy(stale::backward).hasMessageContaining("modified by an in-place operation");
  }
}
