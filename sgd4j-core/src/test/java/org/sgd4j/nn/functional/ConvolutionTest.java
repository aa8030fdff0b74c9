package org.sgd4j.nn.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sgd4j.nn.Reference.assertClose;

import java.util.List;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.kernel.ConvolutionGeometry;
import org.sgd4j.autograd.Autograd;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/** conv2d against a direct six-fold loop and finite differences over stride, padding, dilation and groups, including double backward. */
class ConvolutionTest {

  /** {N, C, H, W, O, kh, kw, sh, sw, pt, pb, pl, pr, dh, dw, groups} */
  private static final int[][] GEOMETRIES = {
      {2, 3, 6, 7, 4, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 1},
      {2, 3, 7, 6, 2, 3, 2, 2, 1, 1, 1, 2, 2, 1, 1, 1},
      {1, 4, 8, 8, 6, 3, 3, 2, 3, 1, 2, 0, 1, 2, 1, 2},
      {2, 4, 5, 6, 4, 2, 3, 1, 2, 0, 1, 1, 0, 1, 2, 4},
      {1, 6, 5, 5, 3, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 3},
  };

  private record Case(Tensor x, Tensor w, Tensor b, int[] stride, int[] pad, int[] dil, int groups) {
    Tensor conv(Tensor xx, Tensor ww, Tensor bb) {
      return Convolution.conv2d(xx, ww, bb, stride, pad, dil, groups);
    }
  }

  private static Case build(int[] g, Rng rng) {
    Tensor x = Tensor.randn(rng, g[0], g[1], g[2], g[3]);
    Tensor w = Tensor.randn(rng, g[4], g[1] / g[15], g[5], g[6]);
    Tensor b = Tensor.randn(rng, g[4]);
    return new Case(x, w, b, new int[] {g[7], g[8]}, new int[] {g[9], g[10], g[11], g[12]}, new int[] {g[13], g[14]}, g[15]);
  }

  /** The definition, in double precision, one output element at a time. */
  private static Tensor direct(Case c) {
    int[] xs = c.x.shape();
    int[] ws = c.w.shape();
    int n = xs[0];
    int ch = xs[1];
    int h = xs[2];
    int wd = xs[3];
    int o = ws[0];
    int cg = ws[1];
    int kh = ws[2];
    int kw = ws[3];
    int ho = (h + c.pad[0] + c.pad[1] - c.dil[0] * (kh - 1) - 1) / c.stride[0] + 1;
    int wo = (wd + c.pad[2] + c.pad[3] - c.dil[1] * (kw - 1) - 1) / c.stride[1] + 1;
    float[] out = new float[n * o * ho * wo];
    int og = o / c.groups;
    for (int b = 0; b < n; b++) {
      for (int oc = 0; oc < o; oc++) {
        int group = oc / og;
        for (int y = 0; y < ho; y++) {
          for (int xx = 0; xx < wo; xx++) {
            double acc = c.b.get(oc);
            for (int ci = 0; ci < cg; ci++) {
              for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                  int iy = y * c.stride[0] - c.pad[0] + i * c.dil[0];
                  int ix = xx * c.stride[1] - c.pad[2] + j * c.dil[1];
                  if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                    acc += (double) c.w.get(oc, ci, i, j) * c.x.get(b, group * cg + ci, iy, ix);
                  }
                }
              }
            }
            out[((b * o + oc) * ho + y) * wo + xx] = (float) acc;
          }
        }
      }
    }
    return Tensor.wrap(out, n, o, ho, wo);
  }

  @Test
  void forwardEqualsTheDirectLoop() {
    Rng rng = new Rng(5);
    for (int[] g : GEOMETRIES) {
      Case c = build(g, rng);
      assertClose(java.util.Arrays.toString(g), c.conv(c.x, c.w, c.b), direct(c), 1e-5, 1e-5);
    }
  }

  @Property(tries = 40)
  void forwardEqualsTheDirectLoopForRandomGeometries(
      @ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 3) int groups,
      @ForAll @IntRange(min = 1, max = 2) int cPerGroup, @ForAll @IntRange(min = 1, max = 2) int oPerGroup,
      @ForAll @IntRange(min = 1, max = 4) int kh, @ForAll @IntRange(min = 1, max = 4) int kw,
      @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
      @ForAll @IntRange(min = 0, max = 3) int pt, @ForAll @IntRange(min = 0, max = 3) int pl,
      @ForAll @IntRange(min = 1, max = 2) int dh, @ForAll @IntRange(min = 1, max = 2) int dw,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    int h = dh * (kh - 1) + 1 + seed % 5;
    int w = dw * (kw - 1) + 1 + seed % 4;
    int[] g = {n, groups * cPerGroup, h, w, groups * oPerGroup, kh, kw, sh, sw, pt, (pt + seed) % 3, pl, (pl + seed) % 2, dh, dw, groups};
    Case c = build(g, new Rng(seed));
    assertClose(java.util.Arrays.toString(g), c.conv(c.x, c.w, c.b), direct(c), 1e-5, 1e-5);
  }

  /** Central differences of {@code f} (a scalar function) at {@code at}, in double precision around float inputs. */
  static Tensor numericGrad(Function<Tensor, Tensor> f, Tensor at, float eps) {
    float[] base = at.toArray();
    float[] grad = new float[base.length];
    try (var s = GradMode.noGrad()) {
      for (int i = 0; i < base.length; i++) {
        float[] plus = base.clone();
        float[] minus = base.clone();
        plus[i] += eps;
        minus[i] -= eps;
        double fp = f.apply(Tensor.wrap(plus, at.shape())).item();
        double fm = f.apply(Tensor.wrap(minus, at.shape())).item();
        grad[i] = (float) ((fp - fm) / (2 * eps));
      }
    }
    return Tensor.wrap(grad, at.shape());
  }

  @Test
  void gradientsEqualFiniteDifferences() {
    Rng rng = new Rng(6);
    for (int[] g : GEOMETRIES) {
      Case c = build(g, rng);
      Tensor r = Tensor.randn(rng, c.conv(c.x, c.w, c.b).shape());
      Tensor x = c.x.detach().requiresGrad_(true);
      Tensor w = c.w.detach().requiresGrad_(true);
      Tensor b = c.b.detach().requiresGrad_(true);
      c.conv(x, w, b).mul(r).sum().backward();
      String id = java.util.Arrays.toString(g);
      // The loss is linear in each argument, so central differences are exact up to rounding.
      assertClose(id + " dx", x.grad(), numericGrad(t -> c.conv(t, c.w, c.b).mul(r).sum(), c.x, 0.5f), 2e-3, 2e-3);
      assertClose(id + " dw", w.grad(), numericGrad(t -> c.conv(c.x, t, c.b).mul(r).sum(), c.w, 0.5f), 2e-3, 2e-3);
      assertClose(id + " db", b.grad(), numericGrad(t -> c.conv(c.x, c.w, t).mul(r).sum(), c.b, 0.5f), 2e-3, 2e-3);
    }
  }

  @Test
  void aDirectWeightGradientCutsItsTapsWhereThreadsOutnumberItsChunks() {
    // LeNet's first layer at batch 64 (8 chunks of 8 samples, 75 taps, 3.7 million multiply-adds a chunk).
    assertThat(Convolution.tapWays(16, 8, 75, 3_686_400)).isEqualTo(2);
    assertThat(Convolution.tapWays(2, 8, 75, 3_686_400)).isEqualTo(1);
    assertThat(Convolution.tapWays(8, 8, 75, 3_686_400)).isEqualTo(1);
    assertThat(Convolution.tapWays(64, 8, 75, 3_686_400)).as("a million multiply-adds a part").isEqualTo(3);
    assertThat(Convolution.tapWays(64, 2, 9, 50_000_000)).as("a tap step a part").isEqualTo(3);
    assertThat(Convolution.tapWays(16, 1, 75, 500_000)).as("never below one").isEqualTo(1);

    org.sgd4j.tensor.kernel.DirectConvolution direct =
        org.sgd4j.tensor.kernel.VectorizationProvider.get().convolution();
    org.junit.jupiter.api.Assumptions.assumeTrue(direct != null);
    Rng rng = new Rng(5);
    Tensor x = Tensor.randn(rng, 64, 3, 32, 32);
    Tensor w = Tensor.randn(rng, 6, 3, 5, 5);
    ConvolutionGeometry geo =
        Convolution.geometry(x, w, null, new int[] {1, 1}, new int[] {2, 2, 2, 2}, new int[] {1, 1}, 1);
    Tensor g = Tensor.randn(rng, 64, 6, 32, 32);
    org.junit.jupiter.api.Assumptions.assumeTrue(direct.suits(geo));
    float[][] dw = new float[2][6 * 75];
    int[] threads = {2, 16};
    for (int i = 0; i < 2; i++) {
      try (org.sgd4j.tensor.kernel.Parallel.Limit limit = org.sgd4j.tensor.kernel.Parallel.limitThisThread(threads[i])) {
        Convolution.directWeightGrad(direct, x, g, geo, dw[i]);
      }
    }
    assertThat(dw[1]).as("16 threads (taps cut in two) against 2").containsExactly(dw[0]);
  }

  @Test
  void batchesUnrolledInSeveralBlocksGiveThePerSampleResults() {
    Rng rng = new Rng(11);
    // 4·3·3 rows × 16·16 columns per sample, 9216 floats: blocks of 7 samples, so 9 samples are 7 + 2.
    Case c = build(new int[] {9, 4, 16, 16, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1}, rng);
    ConvolutionGeometry geo = Convolution.geometry(c.x, c.w, c.b, c.stride, c.pad, c.dil, c.groups);
    assertThat(Convolution.blockSamples(geo)).isEqualTo(7);
    assertClose("forward", c.conv(c.x, c.w, c.b), direct(c), 1e-5, 1e-5);

    Tensor r = Tensor.randn(rng, c.conv(c.x, c.w, c.b).shape());
    Tensor x = c.x.detach().requiresGrad_(true);
    Tensor w = c.w.detach().requiresGrad_(true);
    c.conv(x, w, c.b).mul(r).sum().backward();
    Tensor[] dx = new Tensor[9];
    Tensor dw = null;
    for (int s = 0; s < 9; s++) {
      Tensor xs = c.x.narrow(0, s, 1).detach().requiresGrad_(true);
      Tensor ws = c.w.detach().requiresGrad_(true);
      c.conv(xs, ws, c.b).mul(r.narrow(0, s, 1)).sum().backward();
      dx[s] = xs.grad();
      dw = dw == null ? ws.grad() : dw.add(ws.grad());
    }
    assertClose("dx", x.grad(), Tensor.cat(0, dx), 1e-5, 1e-5);
    assertClose("dw", w.grad(), dw, 1e-4, 1e-4);
  }

  @Test
  void oneTwoAndThreeThreadsGiveTheSameBits() {
    Rng rng = new Rng(12);
    // LeNet's second layer (im2col in blocks of 3 samples: 22 blocks for 64) and a grouped, strided one.
    int[][] geometries = {{64, 6, 16, 16, 16, 5, 5, 1, 1, 0, 0, 0, 0, 1, 1, 1}, {9, 4, 16, 16, 4, 3, 3, 2, 1, 1, 1, 1, 1, 1, 1, 2}};
    int previous = org.sgd4j.tensor.kernel.Parallel.threads();
    try {
      for (int[] g : geometries) {
        Case c = build(g, rng);
        Tensor r = Tensor.randn(rng, c.conv(c.x, c.w, c.b).shape());
        float[][] first = null;
        for (int threads = 1; threads <= 3; threads++) {
          org.sgd4j.tensor.kernel.Parallel.setThreads(threads);
          Tensor x = c.x.detach().requiresGrad_(true);
          Tensor w = c.w.detach().requiresGrad_(true);
          Tensor b = c.b.detach().requiresGrad_(true);
          Tensor y = c.conv(x, w, b);
          y.mul(r).sum().backward();
          float[][] bits = {y.toArray(), x.grad().toArray(), w.grad().toArray(), b.grad().toArray()};
          if (first == null) {
            first = bits;
          } else {
            for (int i = 0; i < bits.length; i++) {
              assertThat(bits[i]).as(java.util.Arrays.toString(g) + " threads=" + threads + " result " + i)
                  .containsExactly(first[i]);
            }
          }
        }
      }
    } finally {
      org.sgd4j.tensor.kernel.Parallel.setThreads(previous);
    }
  }

  @Test
  void unpaddedMaxPoolingPicksTheFirstMaximumAndPropagatesNaN() {
    // Windows {1, 3, 2, 3} and {3, 0, NaN, 1}: the first 3 (index 1) and the NaN (index 6) win.
    Tensor x = Tensor.of(new float[] {1, 3, 3, 0, 2, 3, Float.NaN, 1}, 1, 1, 2, 4).requiresGrad_(true);
    Tensor y = Pooling.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1});
    assertThat(y.toArray()).containsExactly(3f, Float.NaN);
    y.sum().backward();
    assertThat(x.grad().toArray()).containsExactly(0f, 1f, 0f, 0f, 0f, 0f, 1f, 0f);

    // Overlapping windows (stride 1) {1, 5, 5, 0} and {5, 2, 0, 2} both pick index 1, whose gradient adds up.
    Tensor z = Tensor.of(new float[] {1, 5, 2, 5, 0, 2}, 1, 1, 2, 3).requiresGrad_(true);
    Tensor m = Pooling.maxPool2d(z, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1});
    assertThat(m.toArray()).containsExactly(5f, 5f);
    m.sum().backward();
    assertThat(z.grad().toArray()).containsExactly(0f, 2f, 0f, 0f, 0f, 0f);
  }

  /**
   * 2x2 max pooling with stride 2 on rows of whole vectors of windows (the SIMD provider's path; the
   * scalar loop elsewhere) against a reference of its rule, bit for bit, with the arg-max checked through
   * the gradient: small integers (ties), ±0, infinities, a few NaNs (their rows fall back to the scalar
   * loop), widths 32, 64 and 33 (an unused last column), and a view past the storage's start.
   */
  @Test
  void stride2MaxPoolingMatchesItsRuleOnTiesZerosInfinitiesAndNaN() {
    java.util.Random r = new java.util.Random(31);
    float[] specials = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    // Rows of whole vectors of windows (16 or 8 lanes), and narrow rows (at most half a vector: LeNet's
    // 5 windows, 2, 7, 8 of 16 lanes, an odd width whose last column is in no window), the last ones
    // too close to the array's end for a vector's read.
    for (int[] shape : new int[][] {{2, 3, 6, 32}, {1, 2, 4, 64}, {2, 1, 5, 33}, {2, 3, 10, 10}, {1, 2, 4, 4},
        {3, 1, 6, 16}, {2, 2, 6, 11}, {1, 1, 4, 14}}) {
      int n = shape[0] * shape[1] * shape[2] * shape[3];
      float[] v = new float[n + 7];
      for (int i = 0; i < v.length; i++) {
        int pick = r.nextInt(40);
        v[i] = pick < 4 ? specials[pick] : pick == 4 && i % 5 == 0 ? Float.NaN : r.nextInt(5) - 2;
      }
      Tensor x = Tensor.of(v, v.length).narrow(0, 7, n).reshape(shape).requiresGrad_(true);
      Tensor y = Pooling.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1});
      int h = shape[2];
      int w = shape[3];
      int ho = h / 2;
      int wo = w / 2;
      float[] expected = new float[shape[0] * shape[1] * ho * wo];
      float[] routed = new float[n];
      for (int p = 0, o = 0; p < shape[0] * shape[1]; p++) {
        for (int oy = 0; oy < ho; oy++) {
          for (int ox = 0; ox < wo; ox++, o++) {
            int first = p * h * w + 2 * oy * w + 2 * ox;
            int[] window = {first, first + 1, first + w, first + w + 1};
            int best = first;
            for (int e : window) {
              float b = v[7 + best];
              float c = v[7 + e];
              if (b == b && (c != c || c > b)) {
                best = e;
              }
            }
            expected[o] = v[7 + best];
            routed[best] += 1f;
          }
        }
      }
      assertThat(y.toArray()).as(java.util.Arrays.toString(shape)).containsExactly(expected);
      y.sum().backward();
      assertThat(x.grad().toArray()).as(java.util.Arrays.toString(shape)).containsExactly(routed);
    }
  }

  @Test
  void maxPoolingOfAViewReadsTheViewsElements() {
    // Samples 1 and 2 of a batch of 3: a contiguous view that starts past the storage's first element.
    Tensor batch = Tensor.randn(new Rng(11), 3, 2, 6, 8);
    Tensor view = batch.narrow(0, 1, 2);
    assertThat(view.storageOffset()).isEqualTo(2 * 6 * 8);
    int[][] windows = {{2, 2, 2, 2}, {2, 2, 1, 1}, {3, 2, 2, 2}};
    for (int[] kernelAndStride : windows) {
      int[] kernel = {kernelAndStride[0], kernelAndStride[1]};
      int[] stride = {kernelAndStride[2], kernelAndStride[3]};
      Tensor fromView = Pooling.maxPool2d(view, kernel, stride, new int[] {0, 0}, new int[] {1, 1});
      Tensor fromCopy = Pooling.maxPool2d(view.clone(), kernel, stride, new int[] {0, 0}, new int[] {1, 1});
      assertThat(fromView.toArray()).as("kernel %s stride %s", java.util.Arrays.toString(kernel),
          java.util.Arrays.toString(stride)).containsExactly(fromCopy.toArray());
    }
  }

  @Test
  void secondDerivativesEqualFiniteDifferencesOfTheFirst() {
    Rng rng = new Rng(7);
    Case c = build(GEOMETRIES[2], rng);
    Tensor r = Tensor.randn(rng, c.conv(c.x, c.w, c.b).shape());
    Tensor rx = Tensor.randn(rng, c.x.shape());
    Tensor rw = Tensor.randn(rng, c.w.shape());
    // s(x, w) = <d/dx <conv(x, w), r>, rx> + <d/dw <conv(x, w), r>, rw>; differentiate s in x and w.
    Function<Tensor[], Tensor> s = xw -> {
      try (var scope = GradMode.enableGrad()) {
        Tensor x = xw[0].detach().requiresGrad_(true);
        Tensor w = xw[1].detach().requiresGrad_(true);
        List<Tensor> g = Autograd.grad(c.conv(x, w, null).mul(r).sum(), List.of(x, w), null, true, true, false);
        return g.get(0).mul(rx).sum().add(g.get(1).mul(rw).sum());
      }
    };
    Tensor x = c.x.detach().requiresGrad_(true);
    Tensor w = c.w.detach().requiresGrad_(true);
    List<Tensor> g = Autograd.grad(c.conv(x, w, null).mul(r).sum(), List.of(x, w), null, true, true, false);
    g.get(0).mul(rx).sum().add(g.get(1).mul(rw).sum()).backward();
    assertClose("d2/dx", x.grad(), numericGrad(t -> s.apply(new Tensor[] {t, c.w}), c.x, 0.5f), 2e-3, 2e-3);
    assertClose("d2/dw", w.grad(), numericGrad(t -> s.apply(new Tensor[] {c.x, t}), c.w, 0.5f), 2e-3, 2e-3);
  }

  @Test
  void poolingGradientsEqualFiniteDifferences() {
    Rng rng = new Rng(8);
    Tensor x = Tensor.randn(rng, 2, 2, 7, 6);
    List<Function<Tensor, Tensor>> pools = List.of(
        t -> Pooling.maxPool2d(t, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 2}),
        t -> Pooling.avgPool2d(t, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, false),
        t -> Pooling.adaptiveAvgPool2d(t, 3, 4),
        t -> Padding.pad2d(t, 2, 1, 0, 3, PaddingMode.REFLECT),
        t -> Padding.pad2d(t, 1, 2, 3, 1, PaddingMode.CIRCULAR));
    for (Function<Tensor, Tensor> pool : pools) {
      Tensor r = Tensor.randn(rng, pool.apply(x).shape());
      Tensor xg = x.detach().requiresGrad_(true);
      pool.apply(xg).mul(r).sum().backward();
      // Max pooling is piecewise linear: a small step keeps every window's arg-max (random inputs have no near-ties here).
      assertClose("pool", xg.grad(), numericGrad(t -> pool.apply(t).mul(r).sum(), x, 1e-3f), 5e-3, 5e-3);
    }
  }

  @Test
  void paddingStrideAndDilationArraysOfTheWrongLengthAreNamed() {
    Tensor x = Tensor.randn(new Rng(3), 1, 2, 6, 6);
    Tensor w = Tensor.randn(new Rng(4), 3, 2, 3, 3);
    // {ph, pw} means the same padding on both sides, as torch.nn.functional.conv2d.
    Tensor symmetric = Convolution.conv2d(x, w, null, new int[] {1, 1}, new int[] {1, 2}, new int[] {1, 1}, 1);
    Tensor explicit = Convolution.conv2d(x, w, null, new int[] {1, 1}, new int[] {1, 1, 2, 2}, new int[] {1, 1}, 1);
    assertThat(symmetric.toArray()).containsExactly(explicit.toArray());
    assertThatThrownBy(() -> Convolution.conv2d(x, w, null, new int[] {1, 1}, new int[] {1, 1, 1}, new int[] {1, 1}, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("padding must have 4 entries")
        .hasMessageContaining("[1, 1, 1]");
    assertThatThrownBy(() -> Convolution.conv2d(x, w, null, new int[] {1}, new int[4], new int[] {1, 1}, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stride must have 2 entries");
    assertThatThrownBy(() -> Convolution.conv2d(x, w, null, new int[] {1, 1}, new int[4], new int[] {1, 1, 1}, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dilation must have 2 entries");
  }

  @Test
  void badShapesNameTheShapes() {
    assertThatThrownBy(() -> Convolution.conv2d(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(2, 3, 3, 3), null,
        new int[] {1, 1}, new int[4], new int[] {1, 1}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2, 3, 3, 3]").hasMessageContaining("[1, 4, 5, 5]").hasMessageContaining("3 channels");
    assertThatThrownBy(() -> Convolution.conv2d(Tensor.zeros(1, 3, 2, 2), Tensor.zeros(2, 3, 3, 3), null,
        new int[] {1, 1}, new int[4], new int[] {1, 1}, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Kernel size can't be greater");
    assertThatThrownBy(() -> Convolution.conv2d(Tensor.zeros(3, 5, 5), Tensor.zeros(2, 3, 3, 3), null,
        new int[] {1, 1}, new int[4], new int[] {1, 1}, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 5, 5]");
    assertThat(Convolution.conv2d(Tensor.ones(1, 1, 3, 3), Tensor.ones(1, 1, 3, 3), null,
        new int[] {1, 1}, new int[4], new int[] {1, 1}, 1).item()).isEqualTo(9f);
  }
}
