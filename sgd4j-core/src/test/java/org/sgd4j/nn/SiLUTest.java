package org.sgd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.autograd.Autograd;
import org.sgd4j.autograd.GradCheck;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * SiLU, x·σ(x): exact values where the formula gives them, first and second derivatives by finite
 * differences (PyTorch's values are in {@code LayerReferenceTest}).
 */
class SiLUTest {

  @Test
  void valuesWhereTheFormulaIsExact() {
    Tensor y = new SiLU().forward(Tensor.of(0f, -0f, -200f, 200f, Float.NaN, Float.NEGATIVE_INFINITY));
    // 0 / 2 = 0; -200 / (1 + inf) = -0; 200 / (1 + e^-200) = 200 in float; NaN stays NaN; -inf / inf = NaN as in PyTorch.
    assertThat(y.toArray()).containsExactly(0f, -0f, -0f, 200f, Float.NaN, Float.NaN);
    assertThat(Float.floatToRawIntBits(y.toArray()[1])).isEqualTo(Float.floatToRawIntBits(-0f));
    assertThat(new SiLU().toString()).isEqualTo("SiLU()");
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    Tensor x = Tensor.randn(new Rng(5), 3, 4).mul(3f);
    GradCheck.defaults().check(in -> new SiLU().forward(in[0]), x);
    // The second derivative: the first one, recorded (createGraph), differentiated again. The finite
    // differences evaluate it on plain tensors under no-grad, so it makes its own leaf there.
    GradCheck.defaults().check(in -> {
      Tensor leaf = in[0].requiresGrad() ? in[0] : in[0].detach().requiresGrad_();
      try (GradMode.Scope s = GradMode.enableGrad()) {
        return Autograd.grad(leaf.silu().sum(), List.of(leaf), null, true, true, false).get(0);
      }
    }, x);
  }

  @Test
  void stridedInputGivesTheContiguousBits() {
    Tensor x = Tensor.randn(new Rng(9), 5, 6);
    float[] viaTranspose = x.t().silu().t().contiguous().toArray();
    assertThat(viaTranspose).containsExactly(x.silu().toArray());
  }
}
