package org.sgd4j.nn.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/** torch.nn.init's formulas: fans, gains, and the spread of each initialiser. */
class InitTest {

  @Test
  void fansOfLinearAndConvWeights() {
    assertThat(Init.fans(Tensor.zeros(120, 400))).containsExactly(400, 120);
    assertThat(Init.fans(Tensor.zeros(16, 6, 5, 5))).containsExactly(150, 400);
    assertThatThrownBy(() -> Init.fans(Tensor.zeros(5))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5]");
  }

  @Test
  void gainsAsPyTorch() {
    assertThat(Init.calculateGain(Nonlinearity.RELU, 0)).isEqualTo(Math.sqrt(2));
    assertThat(Init.calculateGain(Nonlinearity.TANH, 0)).isEqualTo(5.0 / 3);
    assertThat(Init.calculateGain(Nonlinearity.LEAKY_RELU, Math.sqrt(5))).isCloseTo(Math.sqrt(1.0 / 3), Offset.offset(1e-15));
    assertThat(Init.calculateGain(Nonlinearity.SIGMOID, 0)).isEqualTo(1.0);
    assertThat(Init.calculateGain(Nonlinearity.SELU, 0)).isEqualTo(0.75);
  }

  private static double std(Tensor t) {
    return Math.sqrt(t.var(false).item());
  }

  @Test
  void spreadsMatchTheFormulas() {
    Rng rng = new Rng(12);
    Tensor w = Tensor.zeros(200, 300);
    // Xavier uniform: bound sqrt(6/(fan_in+fan_out)), std = bound/sqrt(3) = sqrt(2/(fan_in+fan_out)).
    Init.xavierUniform_(w, 1.0, rng);
    assertThat(w.abs().max().item()).isLessThanOrEqualTo((float) Math.sqrt(6.0 / 500));
    assertThat(std(w)).isCloseTo(Math.sqrt(2.0 / 500), Offset.offset(0.02 * Math.sqrt(2.0 / 500)));
    Init.xavierNormal_(w, 2.0, rng);
    assertThat(std(w)).isCloseTo(2 * Math.sqrt(2.0 / 500), Offset.offset(0.02 * 2 * Math.sqrt(2.0 / 500)));
    // Kaiming normal, relu, fan_in: std sqrt(2/300); fan_out: sqrt(2/200).
    Init.kaimingNormal_(w, 0, FanMode.FAN_IN, Nonlinearity.RELU, rng);
    assertThat(std(w)).isCloseTo(Math.sqrt(2.0 / 300), Offset.offset(0.02 * Math.sqrt(2.0 / 300)));
    Init.kaimingUniform_(w, 0, FanMode.FAN_OUT, Nonlinearity.RELU, rng);
    assertThat(w.abs().max().item()).isLessThanOrEqualTo((float) Math.sqrt(6.0 / 200));
    assertThat(std(w)).isCloseTo(Math.sqrt(2.0 / 200), Offset.offset(0.02 * Math.sqrt(2.0 / 200)));
    Init.normal_(w, 3.0, 0.5, rng);
    assertThat((double) w.mean().item()).isCloseTo(3.0, Offset.offset(0.01));
    Init.uniform_(w, -2, 4, rng);
    assertThat(w.min().item()).isGreaterThanOrEqualTo(-2f);
    assertThat(w.max().item()).isLessThan(4f);
    Init.constant_(w, 0.7);
    assertThat(w.toArray()).containsOnly(0.7f);
  }

  @Test
  void worksOnParametersThatRequireGrad() {
    Tensor p = Tensor.zeros(3, 4).requiresGrad_(true);
    Init.kaimingUniform_(p, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, new Rng(1));
    assertThat(p.isLeaf()).isTrue();
    assertThat(p.abs().max().item()).isGreaterThan(0f).isLessThanOrEqualTo(0.5f);
  }
}
