package org.sgd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Tensor;

/** First steps worked by hand from the algorithms in the optimizers' Javadoc, on the edges the reference runs miss. */
class ClosedFormStepsTest {
  static float[] oneStep(Optimizer<?> opt, Tensor w, float... g) {
    w.setGrad(Tensor.of(g));
    opt.step();
    return w.toArray();
  }

  @Test
  void yogiLeavesSAtZeroWhereTheGradientIsZero() {
    // s₁ = s₀ + (1 − β₂) sign(g² − s₀) g²: with g = 0 and s₀ = 0 it stays 0, and θ does not move;
    // with g = 1: v̂ = 1, ŝ = 1, θ ← θ − 0.01 / (1 + 1e-3)
    Tensor w = Tensor.of(2f, 3f).requiresGrad_();
    float[] got = oneStep(new Yogi(List.of(w), Yogi.options()), w, 0f, 1f);
    assertThat(got[0]).isEqualTo(2f);
    assertThat(got[1]).isCloseTo((float) (3 - 0.01 / 1.001), within(1e-6f));
  }

  @Test
  void adagradWithEpsInsideTheRoot() {
    // the notes' form (Dive into Deep Learning §12.7): s = g², θ ← θ − η g / √(s + ε); g = 1, ε = 0.5
    Tensor w = Tensor.of(1f).requiresGrad_();
    float[] got = oneStep(new Adagrad(List.of(w), Adagrad.options().withLr(0.1).withEps(0.5).withEpsInsideSqrt(true)), w, 1f);
    assertThat(got[0]).isCloseTo((float) (1 - 0.1 / Math.sqrt(1.5)), within(1e-6f));
  }
}
