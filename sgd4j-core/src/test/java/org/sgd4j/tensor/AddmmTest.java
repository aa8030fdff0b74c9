package org.sgd4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sgd4j.tensor.TestTensors.bits;

import org.junit.jupiter.api.Test;

/** {@code Tensor.addmm_}: {@code this = beta * this + mat1 @ mat2}, with the bits of {@code mm}. */
class AddmmTest {

  @Test
  void betaZeroOverwritesWithTheBitsOfMmAndIgnoresNaN() {
    Rng rng = new Rng(1);
    Tensor a = Tensor.randn(rng, 37, 300);
    Tensor b = Tensor.randn(rng, 300, 70);
    Tensor out = Tensor.full(Float.NaN, 37, 70);
    out.addmm_(a, b, 0f);
    assertThat(bits(out)).isEqualTo(bits(a.mm(b)));
  }

  @Test
  void transposedOperandsGiveTheBitsOfMmOnTheSameViews() {
    Rng rng = new Rng(2);
    Tensor g = Tensor.randn(rng, 16, 512);
    Tensor x = Tensor.randn(rng, 16, 784);
    Tensor out = Tensor.zeros(512, 784);
    out.addmm_(g.t(), x, 0f);
    assertThat(bits(out)).isEqualTo(bits(g.t().mm(x)));
    Tensor strided = Tensor.randn(rng, 16, 1024).narrow(1, 3, 784);
    out.addmm_(g.t(), strided, 0f);
    assertThat(bits(out)).isEqualTo(bits(g.t().mm(strided)));
  }

  @Test
  void betaScalesWhatIsThere() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    Tensor b = Tensor.of(new float[] {5, 6, 7, 8}, 2, 2);
    Tensor out = Tensor.of(new float[] {1, 1, 1, 1}, 2, 2);
    out.addmm_(a, b, 1f);
    assertThat(out.toArray()).containsExactly(20f, 23f, 44f, 51f);
    out.addmm_(a, b, 0.5f);
    assertThat(out.toArray()).containsExactly(29f, 33.5f, 65f, 75.5f);
  }

  @Test
  void badShapesANonContiguousOutputAndALeafThatRequiresGradAreRefused() {
    Tensor a = Tensor.zeros(2, 3);
    Tensor b = Tensor.zeros(3, 4);
    assertThatThrownBy(() -> Tensor.zeros(2, 5).addmm_(a, b, 0f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2, 5]").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 4]");
    assertThatThrownBy(() -> Tensor.zeros(2, 4).addmm_(a, Tensor.zeros(4, 4), 0f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 4]");
    assertThatThrownBy(() -> Tensor.zeros(4, 2).t().addmm_(a, b, 0f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contiguous");
    Tensor leaf = Tensor.zeros(2, 4).requiresGrad_(true);
    assertThatThrownBy(() -> leaf.addmm_(a, b, 0f)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("addmm_");
  }
}
