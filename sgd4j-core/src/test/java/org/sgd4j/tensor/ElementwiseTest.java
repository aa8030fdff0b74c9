package org.sgd4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.sgd4j.tensor.kernel.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fast paths of {@link ElementwiseLoops} (and the reductions and softmax rows that use them) give the
 * bits of the general strided path, on random layouts and for 1, 2 and 3 threads.
 */
class ElementwiseTest {
  private int savedThreads;

  @BeforeEach
  void saveThreads() {
    savedThreads = Parallel.threads();
  }

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(savedThreads);
  }

  private static final ElementwiseLoops.Op[] OPS = ElementwiseLoops.Op.values();

  private static Strided.Binary lambda(ElementwiseLoops.Op op) {
    return switch (op) {
      case ADD -> (x, y) -> x + y;
      case SUB -> (x, y) -> x - y;
      case MUL -> (x, y) -> x * y;
      case DIV -> (x, y) -> x / y;
    };
  }

  private static Tensor apply(ElementwiseLoops.Op op, Tensor a, Tensor b) {
    return switch (op) {
      case ADD -> a.add(b);
      case SUB -> a.sub(b);
      case MUL -> a.mul(b);
      case DIV -> a.div(b);
    };
  }

  /** Random values with a sprinkle of the special ones (NaN, infinities, signed zeros, tiny). */
  private static Tensor random(SplittableRandom rng, int... shape) {
    float[] v = new float[Shape.numel(shape)];
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE, 1e30f};
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextInt(20) == 0 ? special[rng.nextInt(special.length)] : (float) (rng.nextGaussian() * 3);
    }
    return Tensor.wrap(v, shape);
  }

  /** {@code t}'s values as a tensor of the same shape at storage offset {@code pad} (a contiguous view). */
  private static Tensor atOffset(Tensor t, int pad) {
    float[] v = t.toArray();
    float[] big = new float[v.length + pad + 3];
    System.arraycopy(v, 0, big, pad, v.length);
    Tensor flat = Tensor.wrap(big, big.length).narrow(0, pad, v.length);
    assertThat(flat.isContiguous()).isTrue();
    return flat.reshape(t.shape());
  }

  /** Pairs of operand layouts the fast paths cover, plus some they do not (transposed, expanded). */
  private static List<Tensor[]> layouts(SplittableRandom rng) {
    List<Tensor[]> cases = new ArrayList<>();
    for (int trial = 0; trial < 6; trial++) {
      int r = 1 + rng.nextInt(9);
      int c = 1 + rng.nextInt(40);
      int k = 1 + rng.nextInt(4);
      cases.add(new Tensor[] {random(rng, r, c), random(rng, r, c)});
      cases.add(new Tensor[] {random(rng, k, r, c), random(rng, c)});
      cases.add(new Tensor[] {random(rng, c), random(rng, k, r, c)});
      cases.add(new Tensor[] {random(rng, k, r, c), random(rng, 1, r, c)});
      cases.add(new Tensor[] {random(rng, r, c), random(rng, r, 1)});
      cases.add(new Tensor[] {random(rng, k, r, 1), random(rng, k, r, c)});
      cases.add(new Tensor[] {random(rng, r, c), random(rng)});
      cases.add(new Tensor[] {random(rng, 1), random(rng, r, c)});
      cases.add(new Tensor[] {atOffset(random(rng, r, c), 1 + rng.nextInt(5)), random(rng, r, c)});
      cases.add(new Tensor[] {random(rng, r, c), atOffset(random(rng, r, c), 1 + rng.nextInt(5))});
      cases.add(new Tensor[] {atOffset(random(rng, r, c), 3), atOffset(random(rng, c), 2)});
      cases.add(new Tensor[] {atOffset(random(rng, r, 1), 3), atOffset(random(rng, r, c), 1)});
      cases.add(new Tensor[] {random(rng, c, r).transpose(0, 1), random(rng, r, c)});
      cases.add(new Tensor[] {random(rng, r, c), random(rng, c).expand(r, c)});
      cases.add(new Tensor[] {random(rng, r, c, 2).select(2, 1), random(rng, r, 1)});
    }
    return cases;
  }

  @Test
  void binaryOpsMatchTheGeneralPathBitForBit() {
    SplittableRandom rng = new SplittableRandom(7);
    for (Tensor[] ab : layouts(rng)) {
      Tensor a = ab[0];
      Tensor b = ab[1];
      for (ElementwiseLoops.Op op : OPS) {
        int[] shape = Shape.broadcast("test", a.shape(), b.shape());
        float[] expected = Strided.zip(shape, a, b, lambda(op));
        Tensor got = apply(op, a, b);
        assertThat(got.shape()).isEqualTo(shape);
        assertBits(got.toArray(), expected, op + " " + Shape.format(a.shape()) + " " + Shape.format(b.shape()));
      }
    }
  }

  @Test
  void comparisonsMatchTheGeneralPath() {
    SplittableRandom rng = new SplittableRandom(5);
    List<Tensor[]> cases = layouts(rng);
    Tensor x = random(rng, 4, 6);
    cases.add(new Tensor[] {x, x});
    cases.add(new Tensor[] {Tensor.scalar(Float.NaN), x});
    cases.add(new Tensor[] {x, Tensor.scalar(0f)});
    for (Tensor[] ab : cases) {
      Tensor a = ab[0];
      Tensor b = ab[1];
      int[] shape = Shape.broadcast("test", a.shape(), b.shape());
      String what = Shape.format(a.shape()) + " " + Shape.format(b.shape());
      assertBits(a.eq(b).toArray(), Strided.zip(shape, a, b, (p, q) -> p == q ? 1f : 0f), "eq " + what);
      assertBits(a.ne(b).toArray(), Strided.zip(shape, a, b, (p, q) -> p != q ? 1f : 0f), "ne " + what);
      assertBits(a.lt(b).toArray(), Strided.zip(shape, a, b, (p, q) -> p < q ? 1f : 0f), "lt " + what);
      assertBits(a.le(b).toArray(), Strided.zip(shape, a, b, (p, q) -> p <= q ? 1f : 0f), "le " + what);
      assertBits(a.gt(b).toArray(), Strided.zip(shape, a, b, (p, q) -> p > q ? 1f : 0f), "gt " + what);
      assertBits(a.ge(b).toArray(), Strided.zip(shape, a, b, (p, q) -> p >= q ? 1f : 0f), "ge " + what);
    }
  }

  @Test
  void whereMatchesTheGeneralPath() {
    SplittableRandom rng = new SplittableRandom(3);
    for (Tensor[] ab : layouts(rng)) {
      Tensor a = ab[0];
      Tensor b = ab[1];
      int[] shape = Shape.broadcast("test", a.shape(), b.shape());
      Tensor cond = a.gt(0.5f);
      for (Tensor c : new Tensor[] {cond, atOffset(cond, 1)}) {
        if (!Shape.broadcastableTo(c.shape(), shape)) {
          continue;
        }
        for (Tensor[] xy : new Tensor[][] {{a, b}, {a, Tensor.scalar(-0f)}, {Tensor.scalar(Float.NaN), b}, {Tensor.scalar(1f), Tensor.scalar(2f)}}) {
          int[] s = Shape.broadcast("test", Shape.broadcast("test", c.shape(), xy[0].shape()), xy[1].shape());
          assertBits(Tensor.where(c, xy[0], xy[1]).toArray(), Strided.zip3(s, c, xy[0], xy[1], (p, x, y) -> p != 0 ? x : y),
              "where " + Shape.format(c.shape()) + " " + Shape.format(xy[0].shape()) + " " + Shape.format(xy[1].shape()));
        }
      }
    }
  }

  @Test
  void scalarAndUnaryOpsMatchTheGeneralPathBitForBit() {
    SplittableRandom rng = new SplittableRandom(11);
    for (Tensor[] ab : layouts(rng)) {
      Tensor a = ab[0];
      String where = Shape.format(a.shape()) + " offset " + a.storageOffset();
      assertBits(a.add(2.5f).toArray(), Strided.map(a, x -> x + 2.5f), "add " + where);
      assertBits(a.mul(-0.3f).toArray(), Strided.map(a, x -> x * -0.3f), "mul " + where);
      assertBits(a.div(7f).toArray(), Strided.map(a, x -> x / 7f), "div " + where);
      assertBits(a.sub(1.25f).toArray(), Strided.map(a, x -> x + -1.25f), "sub " + where);
      assertBits(a.neg().toArray(), Strided.map(a, x -> x * -1f), "neg " + where);
      assertBits(a.exp().toArray(), Strided.map(a, x -> (float) Math.exp(x)), "exp " + where);
      assertBits(a.log().toArray(), Strided.map(a, x -> (float) Math.log(x)), "log " + where);
      assertBits(a.sqrt().toArray(), Strided.map(a, x -> (float) Math.sqrt(x)), "sqrt " + where);
      assertBits(a.abs().toArray(), Strided.map(a, Math::abs), "abs " + where);
      assertBits(a.tanh().toArray(), Strided.map(a, x -> (float) Math.tanh(x)), "tanh " + where);
      assertBits(a.sigmoid().toArray(), Strided.map(a, x -> 1f / (1f + (float) Math.exp(-x))), "sigmoid " + where);
      assertBits(a.log1p().toArray(), Strided.map(a, x -> (float) Math.log1p(x)), "log1p " + where);
      assertBits(a.rsqrt().toArray(), Strided.map(a, x -> (float) (1.0 / Math.sqrt(x))), "rsqrt " + where);
      assertBits(a.sign().toArray(), Strided.map(a, Math::signum), "sign " + where);
      assertBits(a.sin().toArray(), Strided.map(a, x -> (float) Math.sin(x)), "sin " + where);
      assertBits(a.cos().toArray(), Strided.map(a, x -> (float) Math.cos(x)), "cos " + where);
      assertBits(a.relu().toArray(), Strided.map(a, x -> x > 0 ? x : (x == x ? 0f : x)), "relu " + where);
    }
  }

  @Test
  void inPlaceOpsMatchTheGeneralPathBitForBit() {
    SplittableRandom rng = new SplittableRandom(13);
    for (Tensor[] ab : layouts(rng)) {
      Tensor a = ab[0];
      Tensor b = ab[1];
      if (!Shape.broadcastableTo(b.shape(), a.shape())) {
        continue;
      }
      for (ElementwiseLoops.Op op : OPS) {
        float[] expected = Strided.zip(a.shape(), a, b, lambda(op));
        Tensor t = atOffset(a, 2);
        switch (op) {
          case ADD -> t.add_(b);
          case SUB -> t.sub_(b);
          case MUL -> t.mul_(b);
          case DIV -> t.div_(b);
          default -> throw new AssertionError(op);
        }
        assertBits(t.toArray(), expected, op + "_ " + Shape.format(a.shape()) + " " + Shape.format(b.shape()));
        Tensor u = a.contiguous().clone();
        switch (op) {
          case ADD -> u.add_(0.7f);
          case SUB -> u.sub_(0.7f);
          case MUL -> u.mul_(0.7f);
          case DIV -> u.div_(0.7f);
          default -> throw new AssertionError(op);
        }
        assertBits(u.toArray(), Strided.zip(a.shape(), a, Tensor.scalar(0.7f), lambda(op)), op + "_ scalar");
      }
      Tensor c = atOffset(a, 1);
      c.copy_(b);
      assertBits(c.toArray(), Strided.materialize(b, a.shape()), "copy_");
      c.fill_(Float.NaN);
      assertThat(c.toArray()).containsOnly(Float.NaN);
    }
  }

  @Test
  void largeOpsGiveTheSameBitsForOneTwoAndThreeThreads() {
    SplittableRandom rng = new SplittableRandom(17);
    Tensor a = random(rng, 137, 511);
    Tensor b = random(rng, 137, 511);
    Tensor row = random(rng, 511);
    Tensor col = random(rng, 137, 1);
    Tensor lead = random(rng, 3, 137, 511);
    List<float[]> first = null;
    for (int threads = 1; threads <= 3; threads++) {
      Parallel.setThreads(threads);
      List<float[]> results = new ArrayList<>();
      for (ElementwiseLoops.Op op : OPS) {
        results.add(apply(op, a, b).toArray());
        results.add(apply(op, a, row).toArray());
        results.add(apply(op, row, a).toArray());
        results.add(apply(op, col, a).toArray());
        results.add(apply(op, a, Tensor.scalar(3f)).toArray());
        Tensor t = a.clone();
        Tensor written = switch (op) {
          case ADD -> t.add_(row);
          case SUB -> t.sub_(b);
          case MUL -> t.mul_(2f);
          case DIV -> t.div_(row);
        };
        results.add(written.toArray());
      }
      results.add(a.exp().toArray());
      results.add(a.gt(b).toArray());
      results.add(a.le(0f).toArray());
      results.add(a.sum(0).toArray());
      results.add(lead.mean(new int[] {0, 1}, false).toArray());
      results.add(a.sum(1).toArray());
      results.add(lead.sum(new int[] {0, 2}, false).toArray());
      results.add(lead.mean(new int[] {1, 2}, true).toArray());
      results.add(a.logSoftmax(1).toArray());
      results.add(a.softmax(1).toArray());
      results.add(a.softmax(0).toArray());
      results.add(a.logsumexp(new int[] {1}, true).toArray());
      if (first == null) {
        first = results;
        // The fast results equal the general path too.
        assertBits(results.get(0), Strided.zip(a.shape(), a, b, (x, y) -> x + y), "add 137x511");
        assertBits(results.get(1), Strided.zip(a.shape(), a, row, (x, y) -> x + y), "bias add 137x511");
      } else {
        for (int i = 0; i < results.size(); i++) {
          assertBits(results.get(i), first.get(i), "result " + i + " with " + threads + " threads");
        }
      }
    }
  }

  @Test
  void sumsAndMeansOverAnyDimsKeepTheBlockOrder() {
    SplittableRandom rng = new SplittableRandom(19);
    for (int trial = 0; trial < 200; trial++) {
      int[] shape = new int[1 + rng.nextInt(4)];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = rng.nextInt(4) == 0 ? 1 : 1 + rng.nextInt(9);
      }
      Tensor t = trial % 3 == 0 ? atOffset(random(rng, shape), 3) : random(rng, shape);
      List<Integer> picked = new ArrayList<>();
      for (int i = 0; i < shape.length; i++) {
        if (rng.nextBoolean()) {
          picked.add(i);
        }
      }
      int[] dims = picked.stream().mapToInt(Integer::intValue).toArray();
      boolean keepdim = rng.nextBoolean();
      String what = Shape.format(shape) + " dims " + picked + " keepdim " + keepdim;
      assertBits(t.sum(dims, keepdim).toArray(), referenceSum(t, dims, false), "sum " + what);
      assertBits(t.mean(dims, keepdim).toArray(), referenceSum(t, dims, true), "mean " + what);
    }
  }

  /** The general path's order: move the reduced dims last (a copy), then one double chain per output. */
  private static float[] referenceSum(Tensor t, int[] dims, boolean mean) {
    int n = t.dim();
    boolean[] reduced = new boolean[n];
    for (int d : dims) {
      reduced[d] = true;
    }
    int[] perm = new int[n];
    int k = 0;
    int inner = 1;
    for (int i = 0; i < n; i++) {
      if (!reduced[i]) {
        perm[k++] = i;
      }
    }
    for (int i = 0; i < n; i++) {
      if (reduced[i]) {
        perm[k++] = i;
        inner *= t.shape()[i];
      }
    }
    float[] moved = t.permute(perm).contiguous().toArray();
    int outer = moved.length / inner;
    float[] out = new float[outer];
    for (int o = 0; o < outer; o++) {
      double acc = 0;
      for (int i = o * inner; i < (o + 1) * inner; i++) {
        acc += moved[i];
      }
      out[o] = mean ? (float) (acc / inner) : (float) acc;
    }
    return out;
  }

  @Test
  void softmaxRowsMatchTheReferenceLoop() {
    SplittableRandom rng = new SplittableRandom(23);
    for (int trial = 0; trial < 10; trial++) {
      int r = 1 + rng.nextInt(20);
      int c = 1 + rng.nextInt(50);
      Tensor t = random(rng, r, c);
      for (boolean log : new boolean[] {false, true}) {
        float[] got = (log ? t.logSoftmax(1) : t.softmax(1)).toArray();
        assertBits(got, referenceSoftmax(t.toArray(), c, log), (log ? "log" : "") + "softmax " + r + "x" + c);
      }
    }
    float[] ninf = referenceSoftmax(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, 2, false);
    assertBits(Tensor.of(Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY).softmax(0).toArray(), ninf, "all -inf");
  }

  /** The row loop softmax had before the fast paths (exp evaluated twice for softmax). */
  private static float[] referenceSoftmax(float[] x, int len, boolean log) {
    float[] v = x.clone();
    for (int s = 0; s < v.length; s += len) {
      float max = Float.NEGATIVE_INFINITY;
      for (int i = s; i < s + len; i++) {
        max = Math.max(max, v[i]);
      }
      if (max == Float.NEGATIVE_INFINITY) {
        max = 0f;
      }
      double sum = 0;
      for (int i = s; i < s + len; i++) {
        sum += Math.exp(v[i] - max);
      }
      if (log) {
        float lse = (float) (max + Math.log(sum));
        for (int i = s; i < s + len; i++) {
          v[i] = v[i] - lse;
        }
      } else {
        for (int i = s; i < s + len; i++) {
          v[i] = (float) (Math.exp(v[i] - max) / sum);
        }
      }
    }
    return v;
  }

  @Test
  void layoutPredicates() {
    assertThat(ElementwiseLoops.isRow(new int[] {1, 1, 5}, new int[] {3, 4, 5})).isTrue();
    assertThat(ElementwiseLoops.isRow(new int[] {4, 5}, new int[] {3, 4, 5})).isTrue();
    assertThat(ElementwiseLoops.isRow(new int[] {4, 1}, new int[] {3, 4, 5})).isFalse();
    assertThat(ElementwiseLoops.isRow(new int[] {1, 1}, new int[] {3, 4})).isFalse();
    assertThat(ElementwiseLoops.isColumn(new int[] {3, 1, 1}, new int[] {3, 4, 5})).isTrue();
    assertThat(ElementwiseLoops.isColumn(new int[] {3, 4, 1}, new int[] {3, 4, 5})).isTrue();
    assertThat(ElementwiseLoops.isColumn(new int[] {1, 4, 1}, new int[] {3, 4, 5})).isFalse();
    assertThat(ElementwiseLoops.isColumn(new int[] {4, 1}, new int[] {3, 4, 5})).isFalse();
  }

  private static void assertBits(float[] got, float[] expected, String what) {
    assertThat(got.length).as(what).isEqualTo(expected.length);
    for (int i = 0; i < got.length; i++) {
      if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(expected[i])) {
        // NaN payloads may differ between equivalent operations; any NaN must stay a NaN.
        if (!(Float.isNaN(got[i]) && Float.isNaN(expected[i]))) {
          assertThat(got[i]).as(what + " at " + i).isEqualTo(expected[i]);
          assertThat(Float.floatToRawIntBits(got[i])).as(what + " sign/bits at " + i)
              .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
      }
    }
  }
}
