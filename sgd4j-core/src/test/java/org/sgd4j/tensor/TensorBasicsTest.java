package org.sgd4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Factories, element access, views and in-place operations. */
class TensorBasicsTest {

  @Test
  void factories() {
    assertThat(Tensor.zeros(2, 3).toArray()).containsOnly(0f).hasSize(6);
    assertThat(Tensor.ones(4).toArray()).containsOnly(1f).hasSize(4);
    assertThat(Tensor.full(2.5f, 2, 2).toArray()).containsOnly(2.5f).hasSize(4);
    assertThat(Tensor.arange(4).toArray()).containsExactly(0f, 1f, 2f, 3f);
    assertThat(Tensor.eye(3).toArray()).containsExactly(1, 0, 0, 0, 1, 0, 0, 0, 1);
    assertThat(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2).get(2, 1)).isEqualTo(6f);
    assertThat(Tensor.scalar(7f).item()).isEqualTo(7f);
    assertThat(Tensor.scalar(7f).dim()).isZero();
    assertThat(Tensor.of(new float[][] {{1, 2}, {3, 4}}).get(-1, -2)).isEqualTo(3f);
    assertThatThrownBy(() -> Tensor.of(new float[] {1, 2, 3}, 2, 2)).hasMessageContaining("3 values").hasMessageContaining("[2, 2]");
    assertThatThrownBy(() -> Tensor.zeros(2, -1)).hasMessageContaining("negative");
    assertThatThrownBy(() -> Tensor.ones(2).item()).hasMessageContaining("2 elements");
    assertThatThrownBy(() -> Tensor.ones(2, 2).get(2, 0)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("dimension 0 with size 2");
    assertThatThrownBy(() -> Tensor.arange(0, 1, 0)).hasMessageContaining("step");
    assertThatThrownBy(() -> Tensor.randint(new Rng(1), 3, 3, 2)).hasMessageContaining("low=3, high=3");
  }

  @Test
  void randomFactoriesAreSeededAndInRange() {
    Tensor a = Tensor.rand(new Rng(42), 1000);
    Tensor b = Tensor.rand(new Rng(42), 1000);
    assertThat(a.toArray()).containsExactly(b.toArray());
    assertThat(a.min().item()).isGreaterThanOrEqualTo(0f);
    assertThat(a.max().item()).isLessThan(1f);
    Tensor n = Tensor.randn(new Rng(1), 20_000);
    assertThat((double) n.mean().item()).isBetween(-0.03, 0.03);
    assertThat((double) n.std(true).item()).isBetween(0.97, 1.03);
    Tensor r = Tensor.randint(new Rng(3), -2, 3, 5000);
    assertThat(r.min().item()).isEqualTo(-2f);
    assertThat(r.max().item()).isEqualTo(2f);
  }

  @Test
  void rngIsSplittableRandomsAlgorithmAndRestoresItsState() {
    Rng rng = new Rng(123);
    SplittableRandom ref = new SplittableRandom(123);
    for (int i = 0; i < 100; i++) {
      assertThat(rng.nextLong()).isEqualTo(ref.nextLong());
    }
    for (int i = 0; i < 100; i++) {
      assertThat(rng.nextDouble()).isEqualTo(ref.nextDouble());
    }
    rng.nextGaussian();
    long state = rng.state();
    double pending = rng.pendingGaussian();
    double[] expected = {rng.nextGaussian(), rng.nextGaussian(), rng.nextInt(17)};
    Rng restored = new Rng(0).restore(state, pending);
    assertThat(new double[] {restored.nextGaussian(), restored.nextGaussian(), restored.nextInt(17)}).containsExactly(expected);
    int[] counts = new int[5];
    for (int i = 0; i < 50_000; i++) {
      counts[rng.nextInt(5)]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(9_500, 10_500);
    }
    int[] p = new Rng(9).permutation(100);
    assertThat(p).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 100).toArray());
  }

  @Test
  void viewsShareStorage() {
    Tensor x = Tensor.arange(12).reshape(3, 4);
    Tensor t = x.t();
    assertThat(t.storage()).isSameAs(x.storage());
    assertThat(t.shape()).containsExactly(4, 3);
    assertThat(t.get(3, 2)).isEqualTo(11f);
    assertThat(t.isContiguous()).isFalse();
    assertThat(t.contiguous().isContiguous()).isTrue();
    assertThat(t.toArray()).containsExactly(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
    Tensor p = Tensor.arange(24).reshape(2, 3, 4).permute(2, 0, 1);
    assertThat(p.shape()).containsExactly(4, 2, 3);
    assertThat(p.get(3, 1, 2)).isEqualTo(23f);
    assertThat(x.narrow(1, 1, 2).toArray()).containsExactly(1, 2, 5, 6, 9, 10);
    assertThat(x.slice(1, 0, 4, 2).toArray()).containsExactly(0, 2, 4, 6, 8, 10);
    assertThat(x.slice(0, -2, 100, 1).toArray()).containsExactly(4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(x.select(0, 1).toArray()).containsExactly(4, 5, 6, 7);
    assertThat(x.select(1, -1).toArray()).containsExactly(3, 7, 11);
    assertThat(x.indexSelect(0, 2, 0).toArray()).containsExactly(8, 9, 10, 11, 0, 1, 2, 3);
    assertThat(x.unsqueeze(0).shape()).containsExactly(1, 3, 4);
    assertThat(x.unsqueeze(-1).shape()).containsExactly(3, 4, 1);
    assertThat(x.unsqueeze(0).unsqueeze(2).squeeze().shape()).containsExactly(3, 4);
    assertThat(x.squeeze(0).shape()).containsExactly(3, 4);
    assertThat(Tensor.of(1f, 2f).expand(3, 2).toArray()).containsExactly(1, 2, 1, 2, 1, 2);
    assertThat(Tensor.of(new float[] {1, 2}, 2, 1).expand(-1, 3).toArray()).containsExactly(1, 1, 1, 2, 2, 2);
    assertThat(x.reshape(-1, 6).shape()).containsExactly(2, 6);
    assertThat(x.view(2, 2, 3).get(1, 1, 2)).isEqualTo(11f);
    assertThat(x.flatten().shape()).containsExactly(12);
    assertThat(Tensor.zeros(2, 3, 4, 5).flatten(1, 2).shape()).containsExactly(2, 12, 5);
    assertThat(x.diagonal(0, 1).toArray()).containsExactly(0, 5, 10);
    // A view written in place changes its base.
    try (var s = GradMode.noGrad()) {
      x.narrow(0, 0, 1).fill_(-1f);
    }
    assertThat(x.get(0, 3)).isEqualTo(-1f);
  }

  @Test
  void catStackGatherFlip() {
    Tensor a = Tensor.arange(6).reshape(2, 3);
    Tensor b = Tensor.arange(4).reshape(2, 2).add(10f);
    assertThat(Tensor.cat(1, a, b).toArray()).containsExactly(0, 1, 2, 10, 11, 3, 4, 5, 12, 13);
    assertThat(Tensor.cat(0, a, a).shape()).containsExactly(4, 3);
    assertThat(Tensor.stack(1, a, a).shape()).containsExactly(2, 2, 3);
    assertThat(Tensor.stack(0, Tensor.of(1f, 2f), Tensor.of(3f, 4f)).toArray()).containsExactly(1, 2, 3, 4);
    Tensor idx = Tensor.of(new float[] {2, 0, 1, 1}, 2, 2);
    assertThat(a.gather(1, idx).toArray()).containsExactly(2, 0, 4, 4);
    assertThat(a.flip(1).toArray()).containsExactly(2, 1, 0, 5, 4, 3);
    assertThat(a.flip(0, 1).toArray()).containsExactly(5, 4, 3, 2, 1, 0);
    assertThatThrownBy(() -> Tensor.cat(0, a, b)).hasMessageContaining("except in dimension 0").hasMessageContaining("tensor number 1");
    assertThatThrownBy(() -> Tensor.stack(0, a, b)).hasMessageContaining("equal size");
    assertThatThrownBy(() -> a.gather(1, Tensor.of(new float[] {3, 0}, 2, 1))).hasMessageContaining("index 3");
    // gather's gradient accumulates repeated indices.
    Tensor x = Tensor.of(1f, 2f, 3f).requiresGrad_();
    x.gather(0, Tensor.of(0f, 0f, 2f)).sum().backward();
    assertThat(x.grad().toArray()).containsExactly(2f, 0f, 1f);
  }

  @Test
  void viewErrorsAreClear() {
    Tensor x = Tensor.arange(12).reshape(3, 4);
    assertThatThrownBy(() -> x.t().view(12)).hasMessageContaining("view size is not compatible").hasMessageContaining("reshape");
    assertThat(x.t().reshape(12).toArray()).containsExactly(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
    assertThatThrownBy(() -> x.reshape(5, -1)).hasMessageContaining("invalid for input of size 12");
    assertThatThrownBy(() -> x.reshape(-1, -1)).hasMessageContaining("only one dimension");
    assertThatThrownBy(() -> x.permute(0, 0)).hasMessageContaining("repeated dim");
    assertThatThrownBy(() -> x.permute(0)).hasMessageContaining("does not match");
    assertThatThrownBy(() -> x.expand(3, 5)).hasMessageContaining("must match the existing size (4)");
    assertThatThrownBy(() -> x.select(0, 3)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("index 3");
    assertThatThrownBy(() -> x.indexSelect(1, 0, 4)).hasMessageContaining("index 4 at position 1");
    assertThatThrownBy(() -> x.transpose(0, 2)).hasMessageContaining("Dimension out of range");
    assertThatThrownBy(() -> Tensor.zeros(2, 2, 2).t()).hasMessageContaining("<= 2 dimensions");
  }

  @Test
  void inPlaceOperations() {
    Tensor x = Tensor.of(1f, -2f, 3f);
    x.add_(1f).mul_(2f);
    assertThat(x.toArray()).containsExactly(4f, -2f, 8f);
    x.add_(Tensor.of(1f, 1f, 1f), -2f);
    assertThat(x.toArray()).containsExactly(2f, -4f, 6f);
    x.div_(Tensor.scalar(2f)).sub_(1f);
    assertThat(x.toArray()).containsExactly(0f, -3f, 2f);
    x.clamp_(-1f, 1f);
    assertThat(x.toArray()).containsExactly(0f, -1f, 1f);
    x.addcmul_(Tensor.of(1f, 2f, 3f), Tensor.of(2f, 2f, 2f), 0.5f);
    assertThat(x.toArray()).containsExactly(1f, 1f, 4f);
    x.addcdiv_(Tensor.of(2f, 2f, 2f), Tensor.of(1f, 2f, 4f), 1f);
    assertThat(x.toArray()).containsExactly(3f, 2f, 4.5f);
    x.lerp_(Tensor.of(5f, 2f, 0.5f), 0.5f);
    assertThat(x.toArray()).containsExactly(4f, 2f, 2.5f);
    x.copy_(Tensor.scalar(9f));
    assertThat(x.toArray()).containsExactly(9f, 9f, 9f);
    int before = x.storage().version();
    x.zero_();
    assertThat(x.storage().version()).isEqualTo(before + 1);
    Tensor m = Tensor.zeros(2, 3);
    m.add_(Tensor.of(1f, 2f, 3f));
    assertThat(m.toArray()).containsExactly(1, 2, 3, 1, 2, 3);
    assertThatThrownBy(() -> Tensor.zeros(3).add_(Tensor.zeros(2, 3)))
        .hasMessageContaining("[2, 3]").hasMessageContaining("cannot be broadcast to the shape [3]");
    Tensor self = Tensor.of(1f, 2f);
    self.add_(self);
    assertThat(self.toArray()).containsExactly(2f, 4f);
  }

  @Test
  void elementwiseValues() {
    Tensor x = Tensor.of(-1.5f, 0f, 2f);
    assertThat(x.abs().toArray()).containsExactly(1.5f, 0f, 2f);
    assertThat(x.sign().toArray()).containsExactly(-1f, 0f, 1f);
    assertThat(x.relu().toArray()).containsExactly(0f, 0f, 2f);
    assertThat(x.clamp(-1f, 1f).toArray()).containsExactly(-1f, 0f, 1f);
    assertThat(x.square().toArray()).containsExactly(2.25f, 0f, 4f);
    assertThat(x.maximum(Tensor.scalar(0.5f)).toArray()).containsExactly(0.5f, 0.5f, 2f);
    assertThat(x.minimum(Tensor.scalar(0.5f)).toArray()).containsExactly(-1.5f, 0f, 0.5f);
    assertThat(x.gt(0f).toArray()).containsExactly(0f, 0f, 1f);
    assertThat(x.le(0f).toArray()).containsExactly(1f, 1f, 0f);
    assertThat(x.eq(Tensor.of(-1.5f, 1f, 2f)).toArray()).containsExactly(1f, 0f, 1f);
    assertThat(x.ne(Tensor.of(-1.5f, 1f, 2f)).toArray()).containsExactly(0f, 1f, 0f);
    assertThat(Tensor.where(x.gt(0f), x, Tensor.scalar(-9f)).toArray()).containsExactly(-9f, -9f, 2f);
    assertThat(Tensor.of(4f, 9f).sqrt().toArray()).containsExactly(2f, 3f);
    assertThat(Tensor.of(4f, 0.25f).rsqrt().toArray()).containsExactly(0.5f, 2f);
    assertThat(Tensor.of(0f).exp().item()).isEqualTo(1f);
    assertThat(Tensor.of(1f).log().item()).isEqualTo(0f);
    assertThat(Tensor.of(1e-10f).log1p().item()).isEqualTo(1e-10f);
    assertThat(Tensor.of(0f).sigmoid().item()).isEqualTo(0.5f);
    assertThat(Tensor.of(-100f, 100f).sigmoid().toArray()).containsExactly(0f, 1f); // as torch.sigmoid
    assertThat(Tensor.of(2f).pow(3f).item()).isEqualTo(8f);
    assertThat(Tensor.of(2f).pow(Tensor.of(3f)).item()).isEqualTo(8f);
    assertThat(Tensor.of(Float.NaN).relu().item()).isNaN();
    assertThatThrownBy(() -> x.clamp(1f, -1f)).hasMessageContaining("min 1.0 is greater than max -1.0");
  }

  /**
   * relu's gradient is PyTorch's threshold_backward, where(out <= 0, 0, g): PyTorch 1.13 gives
   * [0, 0, 5, 7, 0, NaN] for x = [−1, 0, 2, NaN, −0, 3] and g = [∞, ∞, 5, 7, −2, NaN].
   */
  @Test
  void reluGradientIsThresholdBackward() {
    float inf = Float.POSITIVE_INFINITY;
    Tensor x = Tensor.of(-1f, 0f, 2f, Float.NaN, -0f, 3f).requiresGrad_();
    x.relu().backward(Tensor.of(inf, inf, 5f, 7f, -2f, Float.NaN));
    float[] g = x.grad().toArray();
    assertThat(Float.floatToRawIntBits(g[0])).isZero();
    assertThat(Float.floatToRawIntBits(g[1])).isZero();
    assertThat(g[2]).isEqualTo(5f);
    assertThat(g[3]).isEqualTo(7f);
    assertThat(Float.floatToRawIntBits(g[4])).as("+0 where the output is 0, whatever g's sign").isZero();
    assertThat(g[5]).isNaN();
  }

  @Test
  void reductionsWithKeepdim() {
    Tensor x = Tensor.arange(24).reshape(2, 3, 4);
    assertThat(x.sum().item()).isEqualTo(276f);
    assertThat(x.sum(new int[] {0, 2}, false).toArray()).containsExactly(60f, 92f, 124f);
    assertThat(x.sum(new int[] {0, 2}, true).shape()).containsExactly(1, 3, 1);
    assertThat(x.mean(-1).shape()).containsExactly(2, 3);
    assertThat(x.max(1).get(1, 3)).isEqualTo(23f);
    assertThat(x.min(new int[] {1}, true).shape()).containsExactly(2, 1, 4);
    assertThat(x.argmax().item()).isEqualTo(23f);
    assertThat(x.argmin(2, true).shape()).containsExactly(2, 3, 1);
    assertThat(Tensor.of(1f, 5f, 5f, 2f).argmax().item()).isEqualTo(1f);
    assertThat(Tensor.of(2f, 3f, 4f).prod().item()).isEqualTo(24f);
    assertThat(Tensor.of(1f, 2f, 3f, 4f).var(false).item()).isEqualTo(1.25f);
    assertThat(Tensor.of(1f, 2f, 3f, 4f).var(true).item()).isEqualTo(5f / 3f);
    assertThatThrownBy(() -> Tensor.zeros(0).max()).hasMessageContaining("non-empty");
    assertThatThrownBy(() -> x.sum(new int[] {1, 1}, false)).hasMessageContaining("multiple times");
    assertThatThrownBy(() -> x.sum(3)).hasMessageContaining("Dimension out of range");
  }

  @Test
  void prodGradientWithZeros() {
    Tensor x = Tensor.of(2f, 0f, 3f).requiresGrad_();
    x.prod().backward();
    assertThat(x.grad().toArray()).containsExactly(0f, 6f, 0f);
  }

  @Test
  void matmulRulesAndErrors() {
    assertThat(Tensor.ones(3).matmul(Tensor.ones(3)).dim()).isZero();
    assertThat(Tensor.ones(2, 3).matmul(Tensor.ones(3)).shape()).containsExactly(2);
    assertThat(Tensor.ones(3).matmul(Tensor.ones(3, 4)).shape()).containsExactly(4);
    assertThat(Tensor.ones(5, 2, 3).matmul(Tensor.ones(3, 4)).shape()).containsExactly(5, 2, 4);
    assertThat(Tensor.ones(2, 1, 2, 3).matmul(Tensor.ones(4, 3, 2)).shape()).containsExactly(2, 4, 2, 2);
    assertThat(Tensor.of(1f, 2f).outer(Tensor.of(3f, 4f, 5f)).toArray()).containsExactly(3, 4, 5, 6, 8, 10);
    assertThatThrownBy(() -> Tensor.ones(4, 3).matmul(Tensor.ones(2, 5)))
        .hasMessageContaining("[4, 3]").hasMessageContaining("[2, 5]").hasMessageContaining("inner dimensions 3 and 2");
    assertThatThrownBy(() -> Tensor.ones(2, 2, 3).matmul(Tensor.ones(3, 3, 4))).hasMessageContaining("batch dimensions");
    assertThatThrownBy(() -> Tensor.scalar(1f).matmul(Tensor.ones(2))).hasMessageContaining("at least 1-D");
    assertThatThrownBy(() -> Tensor.ones(3).dot(Tensor.ones(4))).hasMessageContaining("[3]").hasMessageContaining("[4]");
    assertThatThrownBy(() -> Tensor.ones(3).mm(Tensor.ones(3, 3))).hasMessageContaining("mm");
    assertThatThrownBy(() -> Tensor.ones(2, 3, 4).bmm(Tensor.ones(3, 4, 5))).hasMessageContaining("bmm");
    // Transposed and sliced operands give the same product as contiguous copies.
    Tensor a = Tensor.randn(new Rng(5), 6, 7);
    Tensor b = Tensor.randn(new Rng(6), 5, 6);
    Tensor viaViews = a.t().matmul(b.t());
    Tensor viaCopies = a.t().contiguous().matmul(b.t().contiguous());
    assertThat(viaViews.toArray()).containsExactly(viaCopies.toArray());
    Tensor sliced = a.slice(1, 0, 7, 2).matmul(Tensor.ones(4, 2));
    assertThat(sliced.toArray()).containsExactly(a.slice(1, 0, 7, 2).contiguous().matmul(Tensor.ones(4, 2)).toArray());
  }

  @Test
  void einsumErrors() {
    Tensor m = Tensor.ones(2, 3);
    assertThatThrownBy(() -> Tensor.einsum("ij,jk->ik", m)).hasMessageContaining("2 operand subscripts for 1 operands");
    assertThatThrownBy(() -> Tensor.einsum("ij,jk->ik", m, Tensor.ones(4, 2))).hasMessageContaining("subscript 'j' has size 4");
    assertThatThrownBy(() -> Tensor.einsum("ijk", m)).hasMessageContaining("do not match its 2 dimensions");
    assertThatThrownBy(() -> Tensor.einsum("i1", m)).hasMessageContaining("invalid subscript '1'");
    assertThatThrownBy(() -> Tensor.einsum("ij->k", m)).hasMessageContaining("'k' does not appear");
    assertThatThrownBy(() -> Tensor.einsum("ij->ii", m)).hasMessageContaining("more than once");
    assertThatThrownBy(() -> Tensor.einsum("ij->i->j", m)).hasMessageContaining("more than one '->'");
    assertThatThrownBy(() -> Tensor.einsum("i..j", m)).hasMessageContaining("ellipsis");
  }
}
