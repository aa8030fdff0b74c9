package org.sgd4j.nn.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.sgd4j.autograd.GradCheck;
import org.sgd4j.tensor.Tensor;

/**
 * {@link BCELoss}'s gradients are PyTorch's formulas: finite where a probability is exactly 0 or 1 (a
 * saturated sigmoid), where the chain rule through the clamped logs gives 0/0. Values from PyTorch 1.13:
 * {@code F.binary_cross_entropy(x, y)} for x = [0, 1, 0.5, 1e-30], y = [0, 1, 1, 1]; and for x = [0.2, 0.7,
 * 0.9], y = [0, 1, 0.3] (requiring grad), weight [1, 2, 0.5], reduction "sum".
 */
class BceGradientTest {
  @Test
  void saturatedProbabilitiesHaveFiniteGradients() {
    Tensor x = Tensor.of(0f, 1f, 0.5f, 1e-30f).requiresGrad_();
    Tensor loss = new BCELoss().apply(x, Tensor.of(0f, 1f, 1f, 1f));
    loss.backward();
    assertThat(loss.item()).isCloseTo(17.44267463684082f, offset(1e-5f));
    float[] g = x.grad().toArray();
    assertThat(g[0]).isEqualTo(0f);
    assertThat(g[1]).isEqualTo(0f);
    assertThat(g[2]).isCloseTo(-0.5f, offset(1e-7f));
    // (1 − x)·x = 1e-30 is floored at 1e-12: −(1/1e-12)/4.
    assertThat(g[3]).isCloseTo(-249999998976.0f, offset(2e5f));
  }

  @Test
  void weightedGradientsOfInputAndTargetMatchPyTorch() {
    Tensor x = Tensor.of(0.2f, 0.7f, 0.9f).requiresGrad_();
    Tensor y = Tensor.of(0f, 1f, 0.3f).requiresGrad_();
    Tensor loss = new BCELoss(Tensor.of(1f, 2f, 0.5f), Reduction.SUM).apply(x, y);
    loss.backward();
    assertThat(loss.item()).isCloseTo(1.758202314376831f, offset(1e-6f));
    float[] expectedX = {1.2499998807907104f, -2.857142925262451f, 3.3333325386047363f};
    float[] expectedY = {1.3862943649291992f, -1.6945956945419312f, -1.0986121892929077f};
    for (int i = 0; i < 3; i++) {
      assertThat(x.grad().toArray()[i]).as("x grad %d", i).isCloseTo(expectedX[i], offset(1e-5f));
      assertThat(y.grad().toArray()[i]).as("y grad %d", i).isCloseTo(expectedY[i], offset(1e-5f));
    }
  }

  /** Away from 0 and 1 the formulas are the derivatives, in the input and in the target. */
  @Test
  void gradientsEqualFiniteDifferences() {
    Tensor x = Tensor.of(new float[] {0.2f, 0.7f, 0.45f, 0.9f, 0.3f, 0.6f}, 2, 3);
    Tensor y = Tensor.of(new float[] {0f, 1f, 0.3f, 1f, 0.5f, 0f}, 2, 3);
    Tensor w = Tensor.of(new float[] {1f, 2f, 0.5f}, 1, 3);
    GradCheck check = GradCheck.defaults();
    check.check(in -> new BCELoss(w, Reduction.MEAN).apply(in[0], y), x);
    check.check(in -> new BCELoss(w, Reduction.SUM).apply(x, in[0]), y);
  }
}
