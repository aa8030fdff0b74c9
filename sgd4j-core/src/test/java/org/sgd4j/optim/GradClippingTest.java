package org.sgd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Tensor;

class GradClippingTest {
  static List<Tensor> params() {
    Tensor a = Tensor.zeros(2).requiresGrad_();
    Tensor b = Tensor.zeros(2, 2).requiresGrad_();
    Tensor c = Tensor.zeros(3).requiresGrad_(); // no gradient: skipped
    a.setGrad(Tensor.of(3f, -4f));
    b.setGrad(Tensor.of(new float[] {1, 2, -2, 0.5f}, 2, 2));
    return List.of(a, b, c);
  }

  @Test
  void twoNormScalesTheWholeGradientToMaxNorm() {
    List<Tensor> ps = params();
    double total = GradClipping.clipGradNorm(ps, 2.0);
    double norm = Math.sqrt(9 + 16 + 1 + 4 + 4 + 0.25);
    assertThat(total).isCloseTo(norm, within(1e-6));
    double coef = 2.0 / (norm + 1e-6);
    assertThat(ps.get(0).grad().toArray()).containsExactly(new float[] {(float) (3 * coef), (float) (-4 * coef)},
        within(1e-6f));
    assertThat(ps.get(1).grad().toArray()).containsExactly(
        new float[] {(float) coef, (float) (2 * coef), (float) (-2 * coef), (float) (0.5 * coef)}, within(1e-6f));
    assertThat(ps.get(2).grad()).isNull();
  }

  @Test
  void oneAndInfinityNorms() {
    List<Tensor> ps = params();
    assertThat(GradClipping.clipGradNorm(ps, 2.0, 1)).isCloseTo(12.5, within(1e-6));
    assertThat(ps.get(0).grad().toArray()[0]).isCloseTo(3 * 2 / 12.500001f, within(1e-6f));
    ps = params();
    assertThat(GradClipping.clipGradNorm(ps, 2.0, Double.POSITIVE_INFINITY)).isEqualTo(4.0);
    assertThat(ps.get(0).grad().toArray()[1]).isCloseTo(-2f, within(1e-5f));
  }

  @Test
  void aSmallGradientIsLeftAlone() {
    List<Tensor> ps = params();
    GradClipping.clipGradNorm(ps, 100);
    assertThat(ps.get(0).grad().toArray()).containsExactly(3f, -4f);
  }

  @Test
  void clipValueClampsEachElement() {
    List<Tensor> ps = params();
    GradClipping.clipGradValue(ps, 1.5);
    assertThat(ps.get(0).grad().toArray()).containsExactly(1.5f, -1.5f);
    assertThat(ps.get(1).grad().toArray()).containsExactly(1f, 1.5f, -1.5f, 0.5f);
  }

  @Test
  void theEpsilonInTheCoefficientShowsOnASmallGradient() {
    // torch.nn.utils.clip_grad_norm_: clip_coef = max_norm / (total_norm + 1e-6); here 1e-6 is 0.2% of the norm
    Tensor a = Tensor.zeros(2).requiresGrad_();
    a.setGrad(Tensor.of(3e-4f, -4e-4f));
    assertThat(GradClipping.clipGradNorm(List.of(a), 2.5e-4)).isCloseTo(5e-4, within(1e-10));
    double coef = 2.5e-4 / (5e-4 + 1e-6);
    assertThat(a.grad().toArray()).containsExactly(new float[] {(float) (3e-4 * coef), (float) (-4e-4 * coef)}, within(1e-10f));
  }

  @Test
  void zeroBoundsAreAcceptedAndZeroTheGradient() {
    // max_norm = 0: clip_coef = 0; clip_value = 0: clamp(-0, 0)
    List<Tensor> ps = params();
    GradClipping.clipGradNorm(ps, 0);
    assertThat(ps.get(1).grad().toArray()).containsOnly(0f, -0f);
    ps = params();
    GradClipping.clipGradValue(ps, 0);
    assertThat(ps.get(1).grad().toArray()).containsOnly(0f, -0f);
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> GradClipping.clipGradNorm(params(), -1)).hasMessage("Invalid max_norm: -1.0");
    assertThatThrownBy(() -> GradClipping.clipGradNorm(params(), 1, 0.5)).hasMessageContaining("Invalid norm_type: 0.5");
    assertThatThrownBy(() -> GradClipping.clipGradValue(params(), Double.NaN)).hasMessage("Invalid clip_value: NaN");
  }
}
