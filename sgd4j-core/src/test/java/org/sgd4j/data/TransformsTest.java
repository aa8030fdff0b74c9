package org.sgd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Tensor;

class TransformsTest {

  @Test
  void standardizerUsesTrainingStatisticsOnly() {
    // column 0: 1, 3 -> mean 2, population std 1; column 1 constant 5 -> std replaced by 1
    Tensor train = Tensor.of(new float[] {1, 5, 3, 5}, 2, 2);
    Tensor test = Tensor.of(new float[] {4, 7}, 1, 2);
    Standardizer s = Standardizer.fit(train);
    assertThat(s.mean()).containsExactly(2, 5);
    assertThat(s.std()).containsExactly(1, 1);
    assertThat(s.apply(train).toArray()).containsExactly(-1, 0, 1, 0);
    assertThat(s.apply(test).toArray()).containsExactly(2, 2);
    assertThatThrownBy(() -> s.apply(Tensor.zeros(2, 3)))
        .hasMessage("Standardizer.apply: expected x of shape (n, 2), got [2, 3]");
  }

  @Test
  void normalizePerChannelAsTorchvision() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2); // (N=2, C=2, 2)
    Tensor y = Transforms.normalize(x, new float[] {1, 2}, new float[] {2, 4});
    assertThat(y.toArray()).containsExactly(0f, 0.5f, 0.25f, 0.5f, 2f, 2.5f, 1.25f, 1.5f);
    assertThatThrownBy(() -> Transforms.normalize(x, new float[] {0, 0}, new float[] {1, 0}))
        .hasMessage("normalize: std evaluated to zero or non-finite at channel 1: 0.0");
    assertThatThrownBy(() -> Transforms.normalize(x, new float[] {0}, new float[] {1}))
        .hasMessageStartingWith("normalize: expected x of shape (N, 1, ...)");
  }

  @Test
  void scaleFlattenOneHot() {
    assertThat(Transforms.scalePixels(Tensor.of(0f, 51f, 255f)).toArray()).containsExactly(0f, 0.2f, 1f);
    TensorDataset d = new TensorDataset(Tensor.zeros(3, 1, 2, 2), Tensor.of(2f, 0f, 1f));
    assertThat(Transforms.flatten(d).x().shape()).containsExactly(3, 4);
    Tensor h = Transforms.oneHot(d.y(), 3);
    assertThat(h.toArray()).containsExactly(0, 0, 1, 1, 0, 0, 0, 1, 0);
    assertThat(Transforms.oneHot(d, 3).yShape()).containsExactly(3);
    assertThatThrownBy(() -> Transforms.oneHot(Tensor.of(0f, 3f), 3))
        .hasMessage("oneHot: label 3.0 at position 1 is not a class index in [0, 3)");
    assertThatThrownBy(() -> Transforms.oneHot(Tensor.of(0.5f), 3))
        .hasMessage("oneHot: label 0.5 at position 0 is not a class index in [0, 3)");
  }
}
