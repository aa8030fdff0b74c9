package org.sgd4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Tensor;

/**
 * The real Fashion-MNIST and MNIST files. Reference values (labels, pixel sums, class counts) were
 * computed with NumPy from the same files:
 * {@code np.frombuffer(gzip.open(f).read(), np.uint8, offset=16).reshape(-1, 784)}.
 */
class MnistRealTest {

  private static void check(TensorDataset ds, int n, float[] firstLabels, int sum0, int sumLast, int[] counts) {
    assertThat(ds.size()).isEqualTo(n);
    assertThat(ds.x().shape()).containsExactly(n, 1, 28, 28);
    assertThat(ds.y().shape()).containsExactly(n);
    assertThat(ds.y().narrow(0, 0, 5).toArray()).containsExactly(firstLabels);
    assertThat(rawSum(ds.get(0).x())).isEqualTo(sum0);
    assertThat(rawSum(ds.get(n - 1).x())).isEqualTo(sumLast);
    int[] c = new int[10];
    for (int label : ds.y().toIntArray()) {
      c[label]++;
    }
    assertThat(c).containsExactly(counts);
    float[] x = ds.x().data();
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertThat(min).isEqualTo(0f);
    assertThat(max).isEqualTo(1f);
  }

  /** The sum of the original bytes, recovered exactly from pixel/255. */
  private static int rawSum(Tensor image) {
    int s = 0;
    for (float v : image.toArray()) {
      s += Math.round(v * 255f);
    }
    return s;
  }

  @Test
  void fashionMnistTrainAndTest() throws IOException {
    var dir = RealData.dir().resolve("fashion-mnist");
    TensorDataset train = FashionMnist.train(dir);
    check(train, 60_000, new float[] {9, 0, 0, 3, 0}, 76_247, 16_684,
        new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000});
    assertThat(train.x().get(0, 0, 14, 14)).isEqualTo(217 / 255f);
    TensorDataset test = FashionMnist.test(dir);
    check(test, 10_000, new float[] {9, 2, 1, 1, 6}, 33_456, 24_390,
        new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000});
  }

  @Test
  void mnistTrainAndTest() throws IOException {
    var dir = RealData.dir().resolve("mnist");
    check(Mnist.train(dir), 60_000, new float[] {5, 0, 4, 1, 9}, 27_525, 20_920,
        new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949});
    check(Mnist.test(dir), 10_000, new float[] {7, 2, 1, 0, 4}, 18_454, 41_833,
        new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009});
  }
}
