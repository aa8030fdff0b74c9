package org.sgd4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;

/** Reverse-mode semantics as PyTorch defines them. */
class AutogradTest {

  @Test
  void gradientsAccumulateAcrossBackwardCalls() {
    Tensor x = Tensor.of(1f, 2f, 3f).requiresGrad_();
    x.mul(x).sum().backward();
    assertThat(x.grad().toArray()).containsExactly(2f, 4f, 6f);
    x.mul(3f).sum().backward();
    assertThat(x.grad().toArray()).containsExactly(5f, 7f, 9f);
  }

  @Test
  void broadcastInputsReceiveGradientsSummedToTheirShape() {
    Tensor a = Tensor.ones(2, 3).requiresGrad_();
    Tensor b = Tensor.of(new float[] {1, 2, 3}, 1, 3).requiresGrad_();
    Tensor c = Tensor.scalar(2f).requiresGrad_();
    a.mul(b).mul(c).sum().backward();
    assertThat(b.grad().shape()).containsExactly(1, 3);
    assertThat(b.grad().toArray()).containsExactly(4f, 4f, 4f);
    assertThat(c.grad().shape()).isEmpty();
    assertThat(c.grad().item()).isEqualTo(12f);
    assertThat(a.grad().toArray()).containsExactly(2f, 4f, 6f, 2f, 4f, 6f);
  }

  @Test
  void leafAndNonLeafSemantics() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_();
    Tensor y = x.mul(2f);
    Tensor z = y.mul(y).sum();
    assertThat(x.isLeaf()).isTrue();
    assertThat(y.isLeaf()).isFalse();
    assertThat(y.gradFn().name()).isEqualTo("MulBackward");
    y.retainGrad();
    z.backward();
    assertThat(y.grad().toArray()).containsExactly(4f, 8f);
    assertThat(x.grad().toArray()).containsExactly(8f, 16f);
    Tensor w = Tensor.of(1f, 2f);
    assertThat(w.mul(x).mul(0f).isLeaf()).isFalse();
    assertThatThrownBy(() -> y.requiresGrad_(false)).hasMessageContaining("leaf");
  }

  @Test
  void nonLeafWithoutRetainGradKeepsNoGradient() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_();
    Tensor y = x.exp();
    y.sum().backward();
    assertThat(y.grad()).isNull();
  }

  @Test
  void detachCutsTheGraphAndSharesStorage() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_();
    Tensor d = x.mul(3f).detach();
    assertThat(d.requiresGrad()).isFalse();
    assertThat(d.gradFn()).isNull();
    Tensor v = x.detach();
    assertThat(v.storage()).isSameAs(x.storage());
  }

  @Test
  void noGradScopeRecordsNothingAndRestores() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_();
    Tensor y;
    try (var scope = GradMode.noGrad()) {
      y = x.mul(2f);
      assertThat(GradMode.isEnabled()).isFalse();
      try (var inner = GradMode.enableGrad()) {
        assertThat(x.mul(2f).requiresGrad()).isTrue();
      }
      assertThat(GradMode.isEnabled()).isFalse();
    }
    assertThat(GradMode.isEnabled()).isTrue();
    assertThat(y.requiresGrad()).isFalse();
    assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class).hasMessageContaining("does not require grad");
  }

  @Test
  void secondBackwardThroughAFreedGraphFailsUnlessRetained() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_();
    Tensor loss = x.exp().sum();
    loss.backward();
    assertThatThrownBy(loss::backward).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("second time");

    Tensor x2 = Tensor.of(1f, 2f).requiresGrad_();
    Tensor loss2 = x2.exp().sum();
    loss2.backward(Tensor.scalar(1f), true);
    loss2.backward(Tensor.scalar(1f), true);
    assertThat(x2.grad().get(0)).isCloseTo((float) (2 * Math.E), within(1e-5f));
  }

  @Test
  void backwardOnNonScalarNeedsAGradientOfTheSameShape() {
    Tensor x = Tensor.of(1f, 2f, 3f).requiresGrad_();
    Tensor y = x.mul(x);
    assertThatThrownBy(y::backward).hasMessageContaining("scalar outputs").hasMessageContaining("[3]");
    assertThatThrownBy(() -> y.backward(Tensor.ones(2))).hasMessageContaining("[2]").hasMessageContaining("[3]");
    y.backward(Tensor.of(1f, 0f, -1f));
    assertThat(x.grad().toArray()).containsExactly(2f, 0f, -6f);
  }

  @Test
  void inPlaceIsRefusedOnTensorsThatRequireGradWhileRecording() {
    Tensor w = Tensor.of(1f, 2f).requiresGrad_();
    assertThatThrownBy(() -> w.add_(1f)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("leaf").hasMessageContaining("add_");
    Tensor y = w.mul(2f);
    assertThatThrownBy(() -> y.mul_(2f)).hasMessageContaining("mul_").hasMessageContaining("MulBackward");
    try (var scope = GradMode.noGrad()) {
      w.add_(1f);
    }
    assertThat(w.toArray()).containsExactly(2f, 3f);
  }

  @Test
  void modifyingASavedTensorInPlaceMakesBackwardFail() {
    Tensor w = Tensor.of(1f, 2f).requiresGrad_();
    Tensor x = Tensor.of(3f, 4f);
    Tensor loss = w.mul(x).sum();
    x.mul_(2f);
    assertThatThrownBy(loss::backward).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("modified by an in-place operation").hasMessageContaining("version");
    // An input that the backward rule does not read may change: add saves nothing.
    Tensor x2 = Tensor.of(3f, 4f);
    Tensor loss2 = w.add(x2).sum();
    x2.add_(1f);
    loss2.backward();
    assertThat(w.grad().toArray()).containsExactly(1f, 1f);
  }

  @Test
  void gradReturnsGradientsWithoutTouchingGradFields() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_();
    Tensor y = Tensor.of(3f).requiresGrad_();
    List<Tensor> g = Autograd.grad(x.mul(y).sum(), List.of(x, y));
    assertThat(g.get(0).toArray()).containsExactly(3f, 3f);
    assertThat(g.get(1).toArray()).containsExactly(3f);
    assertThat(x.grad()).isNull();
    Tensor unused = Tensor.of(1f).requiresGrad_();
    assertThatThrownBy(() -> Autograd.grad(x.sum(), List.of(unused))).hasMessageContaining("not used");
  }

  @Test
  void secondDerivativesThroughCreateGraph() {
    // f(x, y) = x^3 y + sin(x y): Hessian entries checked against the closed form.
    double xv = 0.7;
    double yv = -1.3;
    Tensor x = Tensor.scalar((float) xv).requiresGrad_();
    Tensor y = Tensor.scalar((float) yv).requiresGrad_();
    Tensor f = x.pow(3f).mul(y).add(x.mul(y).sin());
    List<Tensor> g = Autograd.grad(f, List.of(x, y), null, true, true, false);
    assertThat((double) g.get(0).item()).isCloseTo(3 * xv * xv * yv + yv * Math.cos(xv * yv), within(1e-5));
    List<Tensor> hx = Autograd.grad(g.get(0), List.of(x, y), null, true, false, false);
    List<Tensor> hy = Autograd.grad(g.get(1), List.of(x, y), null, true, false, false);
    assertThat((double) hx.get(0).item()).isCloseTo(6 * xv * yv - yv * yv * Math.sin(xv * yv), within(1e-4));
    double cross = 3 * xv * xv + Math.cos(xv * yv) - xv * yv * Math.sin(xv * yv);
    assertThat((double) hx.get(1).item()).isCloseTo(cross, within(1e-4));
    assertThat((double) hy.get(0).item()).isCloseTo(cross, within(1e-4));
    assertThat((double) hy.get(1).item()).isCloseTo(-xv * xv * Math.sin(xv * yv), within(1e-4));
  }

  @Test
  void hessianOfAQuadraticFormThroughMatmul() {
    // f(x) = 1/2 x^T A x with symmetric A: the Hessian is A.
    Tensor a = Tensor.of(new float[][] {{2, 1, 0}, {1, 3, -1}, {0, -1, 4}});
    Tensor x = Tensor.of(0.5f, -1f, 2f).requiresGrad_();
    Tensor f = x.matmul(a.matmul(x)).mul(0.5f);
    Tensor g = Autograd.grad(f, List.of(x), null, true, true, false).get(0);
    for (int i = 0; i < 3; i++) {
      Tensor row = Autograd.grad(g.select(0, i), List.of(x), null, true, false, false).get(0);
      for (int j = 0; j < 3; j++) {
        assertThat(row.get(j)).isCloseTo(a.get(i, j), within(1e-6f));
      }
    }
  }

  @Test
  void notesWorkedExampleReverseModeMatchesForwardMode() {
    // y = ln(x1) + x1 x2 - sin(x2) at (2, 5)
    Tensor x1 = Tensor.scalar(2f).requiresGrad_();
    Tensor x2 = Tensor.scalar(5f).requiresGrad_();
    Tensor y = x1.log().add(x1.mul(x2)).sub(x2.sin());
    y.backward();
    assertThat((double) y.item()).isCloseTo(11.652, within(5e-4));
    assertThat(x1.grad().item()).isCloseTo(5.5f, within(1e-6f));
    assertThat((double) x2.grad().item()).isCloseTo(2 - Math.cos(5), within(1e-6));
    Dual d1 = Dual.variable(2).log().add(Dual.variable(2).mul(Dual.constant(5))).sub(Dual.constant(5).sin());
    assertThat(d1.derivative()).isCloseTo(x1.grad().item(), within(1e-6));
    Dual d2 = Dual.constant(2).log().add(Dual.constant(2).mul(Dual.variable(5))).sub(Dual.variable(5).sin());
    assertThat(d2.derivative()).isCloseTo(x2.grad().item(), within(1e-6));
  }

  @Test
  void deepChainsDoNotOverflowTheStack() {
    Tensor x = Tensor.of(1f).requiresGrad_();
    Tensor y = x;
    for (int i = 0; i < 20_000; i++) {
      y = y.mul(1f);
    }
    y.sum().backward();
    assertThat(x.grad().item()).isEqualTo(1f);
  }
}
