package org.sgd4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The notes' norm axioms as properties, and exact values. */
class NormPropertiesTest {
  private static final double[] PS = {1, 1.5, 2, 3, Double.POSITIVE_INFINITY};

  @Property(tries = 100)
  void triangleInequality(@ForAll @IntRange(min = 1, max = 20) int n, @ForAll @IntRange(min = 0, max = 10_000) int seed) {
    Rng rng = new Rng(seed);
    Tensor x = Tensor.randn(rng, n);
    Tensor y = Tensor.randn(rng, n);
    for (double p : PS) {
      float lhs = x.add(y).norm(p).item();
      float rhs = x.norm(p).item() + y.norm(p).item();
      assertThat(lhs).as("p=%s", p).isLessThanOrEqualTo(rhs * (1 + 1e-6f));
    }
  }

  @Property(tries = 100)
  void absoluteHomogeneityAndDefiniteness(@ForAll @IntRange(min = 1, max = 20) int n,
                                         @ForAll @DoubleRange(min = -10, max = 10) double alpha,
                                         @ForAll @IntRange(min = 0, max = 10_000) int seed) {
    Tensor x = Tensor.randn(new Rng(seed), n);
    for (double p : PS) {
      double lhs = x.mul((float) alpha).norm(p).item();
      double rhs = Math.abs((float) alpha) * x.norm(p).item();
      assertThat(lhs).as("p=%s", p).isCloseTo(rhs, org.assertj.core.data.Offset.offset(1e-5 * (1 + rhs)));
      assertThat(Tensor.zeros(n).norm(p).item()).isZero();
    }
  }

  @Test
  void exactValuesAndLargeEntries() {
    Tensor x = Tensor.of(3f, -4f);
    assertThat(x.norm().item()).isEqualTo(5f);
    assertThat(x.norm(1).item()).isEqualTo(7f);
    assertThat(x.norm(Double.POSITIVE_INFINITY).item()).isEqualTo(4f);
    assertThat(Tensor.of(3e30f, 4e30f).norm().item()).isEqualTo(5e30f);
    assertThat(Tensor.of(new float[] {1, 2, 2, 4}, 2, 2).frobeniusNorm().item()).isEqualTo(5f);
    assertThat(Tensor.of(new float[] {3, 4, 6, 8}, 2, 2).norm(2, new int[] {1}, false).toArray()).containsExactly(5f, 10f);
    assertThatThrownBy(() -> x.norm(0.5)).hasMessageContaining("p must be >= 1");
    // Subgradient at zero is zero, as in PyTorch.
    Tensor z = Tensor.zeros(3).requiresGrad_();
    z.norm().backward();
    assertThat(z.grad().toArray()).containsOnly(0f);
  }
}
