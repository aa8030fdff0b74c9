package org.sgd4j.nn.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/** Bad targets fail with messages naming the value and its position; exact values where the math gives them. */
class LossErrorsTest {
  private final Tensor logits = Tensor.randn(new Rng(1), 4, 3);

  @Test
  void classIndexOutOfRangeNamesValueAndPosition() {
    assertThatThrownBy(() -> new CrossEntropyLoss().apply(logits, new int[] {0, 2, 3, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target 3").hasMessageContaining("position [2]").hasMessageContaining("[0, 3)");
    assertThatThrownBy(() -> new NLLLoss().apply(logits, Tensor.of(0f, -1f, 1f, 1f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target -1").hasMessageContaining("position [1]").hasMessageContaining("-100");
    assertThatThrownBy(() -> new NLLLoss().apply(Tensor.zeros(2, 3, 2, 2), Tensor.of(new float[] {0, 1, 2, 0, 1, 2, 5, 0}, 2, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target 5").hasMessageContaining("position [1, 1, 0]");
    assertThatThrownBy(() -> new CrossEntropyLoss().apply(logits, Tensor.of(0f, 1.5f, 1f, 1f)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5").hasMessageContaining("integral");
  }

  @Test
  void ignoreIndexIsAllowedAndExcludedFromTheMean() {
    Tensor full = new CrossEntropyLoss().withReduction(Reduction.NONE).apply(logits, new int[] {0, 2, 1, 1});
    Tensor mean = new CrossEntropyLoss().withIgnoreIndex(2).apply(logits, new int[] {0, 2, 1, 1});
    float expected = (full.get(0) + full.get(2) + full.get(3)) / 3;
    assertThat(mean.item()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void mismatchedShapesNameBothShapes() {
    assertThatThrownBy(() -> new CrossEntropyLoss().apply(logits, new int[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 class indices").hasMessageContaining("[4, 3]");
    assertThatThrownBy(() -> new NLLLoss().apply(logits, Tensor.zeros(4, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 1]").hasMessageContaining("[4]");
    assertThatThrownBy(() -> new MSELoss().apply(logits, Tensor.zeros(3, 4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 4]").hasMessageContaining("[4, 3]");
    assertThatThrownBy(() -> new CrossEntropyLoss().withWeight(Tensor.ones(4)).apply(logits, new int[] {0, 1, 2, 0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 class weights").hasMessageContaining("[4]");
  }

  @Test
  void negativeProbabilitiesAreRejected() {
    Tensor p = Tensor.of(new float[] {0.5f, 0.5f, 0f, 1f, 0f, 0f, 0.2f, -0.2f, 1f, 0f, 0f, 1f}, 4, 3);
    assertThatThrownBy(() -> new CrossEntropyLoss().apply(logits, p))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.2").hasMessageContaining("position [2, 1]");
    assertThatThrownBy(() -> new BCELoss().apply(Tensor.of(0.5f, 1.5f), Tensor.of(0f, 1f)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5").hasMessageContaining("position [1]");
    assertThatThrownBy(() -> new CrossEntropyLoss().withLabelSmoothing(1.5f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    assertThatThrownBy(() -> new MSELoss(Reduction.BATCHMEAN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchmean");
  }

  @Test
  void exactValuesFromTheDefinitions() {
    // Uniform logits over C classes: cross-entropy log C for any target.
    Tensor uniform = Tensor.zeros(2, 4);
    assertThat(new CrossEntropyLoss().apply(uniform, new int[] {1, 3}).item())
        .isCloseTo((float) Math.log(4), org.assertj.core.data.Offset.offset(1e-6f));
    // MSE of (1, 2) against (0, 0): (1 + 4) / 2.
    assertThat(new MSELoss().apply(Tensor.of(1f, 2f), Tensor.of(0f, 0f)).item()).isEqualTo(2.5f);
    assertThat(new MSELoss(Reduction.SUM).apply(Tensor.of(1f, 2f), Tensor.of(0f, 0f)).item()).isEqualTo(5f);
    assertThat(new L1Loss().apply(Tensor.of(1f, -3f), Tensor.of(0f, 0f)).item()).isEqualTo(2f);
    // Huber with delta 1 at d = 0.5 (quadratic) and d = 3 (linear): 0.125 and 2.5.
    assertThat(new HuberLoss(Reduction.NONE, 1f).apply(Tensor.of(0.5f, 3f), Tensor.of(0f, 0f)).toArray()).containsExactly(0.125f, 2.5f);
    // KL(p || p) = 0.
    Tensor p = Tensor.of(0.2f, 0.3f, 0.5f);
    assertThat(new KLDivLoss(Reduction.SUM, false).apply(p.log(), p).item()).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-7f));
  }
}
