package org.sgd4j.autograd;

import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * Finite-difference gradient checks of every differentiable tensor op, on random shapes and values
 * (jqwik). Inputs are kept away from kinks and domain edges by at least 0.1, well beyond the 1e-2 step.
 */
class GradientProperties {
  private static final GradCheck CHECK = GradCheck.defaults();

  @Provide
  Arbitrary<int[]> shapes() {
    Arbitrary<Integer> size = Arbitraries.integers().between(1, 4);
    return Arbitraries.integers().between(0, 3).flatMap(rank -> size.array(int[].class).ofSize(rank));
  }

  /** Values in [-2, 2] with |x| >= 0.1 (away from the kinks of abs, relu, sign). */
  private static Tensor awayFromZero(Rng rng, int... shape) {
    Tensor t = Tensor.rand(rng, shape).mul(1.9f).add(0.1f);
    Tensor signs = Tensor.randint(rng, 0, 2, shape).mul(2f).sub(1f);
    return t.mul(signs);
  }

  private static Tensor positive(Rng rng, int... shape) {
    return Tensor.rand(rng, shape).mul(2f).add(0.3f);
  }

  private static void unary(Function<Tensor, Tensor> f, Tensor x) {
    CHECK.check(in -> f.apply(in[0]), x);
  }

  @Property(tries = 30)
  void smoothUnaryOps(@ForAll("shapes") int[] shape, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Rng rng = new Rng(seed);
    Tensor x = awayFromZero(rng, shape);
    unary(Tensor::neg, x);
    unary(Tensor::exp, x);
    unary(Tensor::square, x);
    unary(Tensor::sin, x);
    unary(Tensor::cos, x);
    unary(Tensor::tanh, x);
    unary(Tensor::sigmoid, x);
    unary(Tensor::silu, x);
    unary(Tensor::abs, x);
    unary(Tensor::relu, x);
    unary(Tensor::sign, x);
    unary(t -> t.clamp(-5f, 0.05f), x);
    unary(t -> t.pow(3f), x);
    unary(t -> t.mul(2.5f).add(1f).sub(0.5f).div(3f).rsub(2f), x);
    Tensor p = positive(rng, shape);
    unary(Tensor::log, p);
    unary(Tensor::log1p, p);
    unary(Tensor::sqrt, p);
    unary(Tensor::rsqrt, p);
    unary(t -> t.pow(-1.5f), p);
    unary(t -> t.pow(0.5f), p);
  }

  @Property(tries = 30)
  void broadcastingBinaryOps(@ForAll("shapes") int[] shape, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Rng rng = new Rng(seed);
    Tensor a = awayFromZero(rng, shape);
    // b broadcasts against a: same trailing dims with some set to 1, and possibly fewer of them.
    int[] bShape = shape.length == 0 ? new int[0] : java.util.Arrays.copyOfRange(shape, rng.nextInt(shape.length + 1), shape.length);
    for (int i = 0; i < bShape.length; i++) {
      if (rng.nextInt(2) == 0) {
        bShape[i] = 1;
      }
    }
    Tensor b = awayFromZero(rng, bShape);
    Tensor bp = positive(rng, bShape);
    CHECK.check(in -> in[0].add(in[1]), a, b);
    CHECK.check(in -> in[0].sub(in[1]), a, b);
    CHECK.check(in -> in[0].mul(in[1]), a, b);
    CHECK.check(in -> in[0].div(in[1]), a, b);
    CHECK.check(in -> in[0].pow(in[1]), positive(rng, shape), b);
    CHECK.check(in -> in[1].pow(in[0]), a, bp);
    // Competitors at least 0.1 apart, so no tie lies within the finite-difference step.
    Tensor c = a.add(awayFromZero(rng, shape).mul(0.5f));
    CHECK.check(in -> in[0].maximum(in[1]), a, c);
    CHECK.check(in -> in[0].minimum(in[1]), a, c);
    CHECK.check(in -> Tensor.where(in[0].gt(0f), in[0], in[1].square()), a, b);
    CHECK.check(in -> in[0].add(in[1], -0.5f), a, b);
  }

  @Property(tries = 25)
  void reductions(@ForAll("shapes") int[] shape, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Rng rng = new Rng(seed);
    Tensor x = Tensor.randn(rng, shape);
    unary(Tensor::sum, x);
    unary(Tensor::mean, x);
    unary(t -> t.logsumexp(allDims(t), false), x);
    unary(t -> t.prod(), awayFromZero(rng, shape));
    if (x.numel() > 1) {
      unary(t -> t.var(true), x);
      unary(t -> t.std(false), x);
    }
    // Distinct values so max/min are unique: a scaled permutation.
    Tensor distinct = Tensor.of(perm(rng, x.numel()), shape);
    unary(Tensor::max, distinct);
    unary(Tensor::min, distinct);
    if (shape.length > 0) {
      int d = rng.nextInt(shape.length);
      boolean keep = rng.nextInt(2) == 0;
      unary(t -> t.sum(new int[] {d}, keep), x);
      unary(t -> t.mean(new int[] {d}, keep), x);
      unary(t -> t.max(new int[] {d}, keep), distinct);
      unary(t -> t.min(new int[] {d}, keep), distinct);
      unary(t -> t.softmax(d), x);
      unary(t -> t.logSoftmax(d), x);
      unary(t -> t.logsumexp(new int[] {d}, keep), x);
      if (shape[d] > 1) {
        unary(t -> t.var(new int[] {d}, true, keep), x);
      }
    }
  }

  private static int[] allDims(Tensor t) {
    int[] d = new int[t.dim()];
    for (int i = 0; i < d.length; i++) {
      d[i] = i;
    }
    return d;
  }

  private static float[] perm(Rng rng, int n) {
    int[] p = rng.permutation(n);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (p[i] - n / 2f) * 0.3f;
    }
    return v;
  }

  @Property(tries = 25)
  void viewsAndIndexing(@ForAll @IntRange(min = 1, max = 4) int a, @ForAll @IntRange(min = 1, max = 4) int b,
                        @ForAll @IntRange(min = 1, max = 4) int c, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Rng rng = new Rng(seed);
    Tensor x = Tensor.randn(rng, a, b, c);
    unary(t -> t.reshape(-1), x);
    unary(t -> t.reshape(c, -1).mul(t.reshape(c, -1)), x);
    unary(t -> t.transpose(0, 2).contiguous().mul(t.transpose(0, 2)), x);
    unary(t -> t.permute(2, 0, 1).square(), x);
    unary(t -> t.unsqueeze(1).squeeze(), x);
    unary(t -> t.narrow(1, b - 1, 1).exp(), x);
    unary(t -> t.slice(2, 0, c, 2).square(), x);
    unary(t -> t.select(0, a - 1).sin(), x);
    unary(t -> t.indexSelect(1, 0, b - 1, 0).square(), x);
    unary(t -> t.expand(2, a, b, c).square(), x);
    unary(t -> t.flatten(0, 1).t().square(), x);
    unary(t -> t.diagonal(0, 2).square(), x);
    unary(Tensor::clone, x);
    unary(t -> t.flip(0, 2).square(), x);
    unary(t -> Tensor.cat(1, t, t.square()), x);
    unary(t -> Tensor.stack(0, t, t.exp()), x);
    Tensor index = Tensor.randint(rng, 0, b, a, 2, c);
    unary(t -> t.gather(1, index).square(), x);
  }

  @Property(tries = 20)
  void linearAlgebra(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 4) int k,
                     @ForAll @IntRange(min = 1, max = 4) int p, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Rng rng = new Rng(seed);
    Tensor a = Tensor.randn(rng, n, k);
    Tensor b = Tensor.randn(rng, k, p);
    Tensor v = Tensor.randn(rng, k);
    Tensor batched = Tensor.randn(rng, 2, n, k);
    CHECK.check(in -> in[0].matmul(in[1]), a, b);
    CHECK.check(in -> in[0].mm(in[1]), a, b);
    CHECK.check(in -> in[0].mv(in[1]), a, v);
    CHECK.check(in -> in[0].matmul(in[1]), v, b);
    CHECK.check(in -> in[0].dot(in[1]), v, Tensor.randn(rng, k));
    CHECK.check(in -> in[0].outer(in[1]), v, Tensor.randn(rng, p));
    CHECK.check(in -> in[0].matmul(in[1]), batched, b);
    CHECK.check(in -> in[0].bmm(in[1]), batched, Tensor.randn(rng, 2, k, p));
    CHECK.check(in -> in[0].t().matmul(in[1].t()), b, a);
    CHECK.check(in -> Tensor.einsum("bij,jk->bik", in[0], in[1]), batched, b);
    CHECK.check(in -> Tensor.einsum("ij,ij->i", in[0], in[1]), a, Tensor.randn(rng, n, k));
    CHECK.check(in -> Tensor.einsum("ii->i", in[0]), Tensor.randn(rng, n, n));
    CHECK.check(in -> Tensor.einsum("i,j->ij", in[0], in[1]), v, Tensor.randn(rng, p));
  }

  @Property(tries = 20)
  void norms(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 4) int m,
             @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Rng rng = new Rng(seed);
    Tensor x = awayFromZero(rng, n, m);
    Tensor distinct = Tensor.of(perm(rng, n * m), n, m).add(0.05f);
    unary(Tensor::norm, x);
    unary(t -> t.norm(1), x);
    unary(t -> t.norm(3), x);
    unary(t -> t.norm(1.5), x);
    unary(t -> t.norm(2, new int[] {1}, false), x);
    unary(t -> t.norm(3, new int[] {0}, true), x);
    unary(t -> t.norm(Double.POSITIVE_INFINITY), distinct);
    unary(t -> t.norm(Double.POSITIVE_INFINITY, new int[] {1}, false), distinct);
    unary(Tensor::frobeniusNorm, x);
  }

  @Property(tries = 10)
  void composedExpressionWithReuse(@ForAll @IntRange(min = 0, max = 1000) int seed) {
    Rng rng = new Rng(seed);
    Tensor w = Tensor.randn(rng, 3, 4);
    Tensor x = Tensor.randn(rng, 5, 4);
    // A tiny MLP layer with a softmax cross-entropy-like expression; x is used twice.
    CHECK.check(in -> {
      Tensor h = in[1].matmul(in[0].t()).tanh();
      return h.logSoftmax(1).mul(h).sum(new int[] {1}, false).add(in[1].square().mean(new int[] {1}, false));
    }, w, x);
  }
}
