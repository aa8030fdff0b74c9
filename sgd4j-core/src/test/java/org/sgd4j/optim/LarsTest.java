package org.sgd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Tensor;

/**
 * LARS's trust ratio λ = η‖w‖ / (‖g‖ + β‖w‖ + ε), and 1 when a norm is zero, on one step worked by hand
 * (You, Gitman and Ginsburg 2017, Algorithm 1: v ← m v + γλ(g + βw), w ← w − v, from v = 0).
 */
class LarsTest {
  static float[] oneStep(float[] w0, float[] g, LARS.Options o) {
    Tensor w = Tensor.of(w0).requiresGrad_();
    w.setGrad(Tensor.of(g));
    new LARS(List.of(w), o).step();
    return w.toArray();
  }

  @Test
  void theTrustRatioHasWeightDecayAndEpsInItsDenominator() {
    // ‖w‖ = 5, ‖g‖ = 1: λ = 0.1·5 / (1 + 0.5·5 + 0.25) = 2/15; g + βw = (2.1, 2.8); v = 0.1·λ·(2.1, 2.8)
    LARS.Options o = LARS.options().withTrustCoefficient(0.1).withWeightDecay(0.5).withEps(0.25);
    float[] w = oneStep(new float[] {3, 4}, new float[] {0.6f, 0.8f}, o);
    double step = 0.1 * 2 / 15.0;
    assertThat(w).containsExactly(new float[] {(float) (3 - step * 2.1), (float) (4 - step * 2.8)}, within(1e-6f));
  }

  @Test
  void aZeroNormMakesTheTrustRatioOne() {
    // w = 0: λ = 1, so the step is the plain lr·g
    assertThat(oneStep(new float[] {0, 0}, new float[] {1, 2}, LARS.options())).containsExactly(-0.1f, -0.2f);
    // g = 0 (and β = 0): λ = 1 and the step is 0, not η‖w‖/0
    assertThat(oneStep(new float[] {3, 4}, new float[] {0, 0}, LARS.options())).containsExactly(3f, 4f);
  }
}
