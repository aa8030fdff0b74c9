package org.sgd4j.nn.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sgd4j.nn.Reference.assertClose;

import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.kernel.ConvolutionGeometry;
import org.sgd4j.tensor.kernel.DirectConvolution;
import org.sgd4j.tensor.kernel.VectorizationProvider;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * The direct (Vector API) convolution against im2col and SGEMM: the same values up to summation order
 * for the output, the weight gradient and the input gradient, and the same bits on 1, 2 and 3 threads.
 * Runs in the surefire execution that has the Vector API module; skipped where it is absent.
 */
class DirectConvolutionTest {

  /**
   * {N, C, H, W, O, kh, kw, pt, pb, pl, pr}: LeNet's two layers, ragged widths and channel counts, rows
   * one vector wide or less (in pairs, an odd count too), chunks of 8 samples and a tail; tap counts of
   * every remainder mod 4 (the weight gradient takes taps four, two and one at a time); 16, 8 and 24 channels
   * (the forward's blocks of eight, on wide rows with a ragged last block and on row pairs with an odd count).
   */
  private static final int[][] GEOMETRIES = {
      {4, 3, 32, 32, 6, 5, 5, 2, 2, 2, 2},
      {11, 3, 32, 32, 6, 5, 5, 2, 2, 2, 2},
      {3, 2, 9, 40, 5, 3, 4, 1, 0, 2, 1},
      {2, 1, 7, 19, 12, 2, 3, 0, 1, 0, 0},
      {9, 4, 6, 21, 1, 1, 1, 0, 0, 0, 0},
      {1, 2, 20, 70, 7, 3, 3, 1, 1, 1, 1},
      {3, 2, 9, 12, 7, 3, 3, 0, 0, 0, 0},
      {2, 16, 12, 12, 6, 5, 5, 4, 4, 4, 4},
      {10, 6, 16, 16, 16, 5, 5, 0, 0, 0, 0},
      {3, 3, 11, 13, 20, 3, 3, 0, 1, 1, 1},
      {5, 1, 28, 28, 6, 5, 5, 2, 2, 2, 2},
      {2, 1, 8, 41, 4, 1, 1, 0, 0, 0, 3},
      {2, 3, 9, 40, 8, 3, 3, 1, 1, 1, 1},
      {3, 2, 7, 9, 24, 3, 3, 0, 0, 1, 1},
  };

  private static DirectConvolution direct() {
    DirectConvolution d = VectorizationProvider.get().convolution();
    assumeTrue(d != null, "the Vector API module is absent");
    return d;
  }

  private static ConvolutionGeometry geometry(int[] c, Tensor x, Tensor w) {
    return Convolution.geometry(x, w, null, new int[] {1, 1}, new int[] {c[7], c[8], c[9], c[10]}, new int[] {1, 1}, 1);
  }

  /**
   * Equal up to rounding; with today's SIMD SGEMM (one k-block of 256) the bits are the same for
   * k ≤ 256, as LeNet's layers have, since both sum fused multiply-adds in order of (c, i, j).
   */
  @Test
  void outputEqualsIm2colAndSgemm() {
    DirectConvolution d = direct();
    Rng rng = new Rng(21);
    for (int[] c : GEOMETRIES) {
      Tensor x = Tensor.randn(rng, c[0], c[1], c[2], c[3]);
      Tensor w = Tensor.randn(rng, c[4], c[1], c[5], c[6]);
      float[] b = Tensor.randn(rng, c[4]).toArray();
      ConvolutionGeometry geo = geometry(c, x, w);
      assertThat(d.suits(geo)).as(java.util.Arrays.toString(c)).isTrue();
      float[] expected = new float[geo.n() * geo.o() * geo.l()];
      Convolution.unrolledForward(x, w, b, geo, expected);
      float[] actual = new float[expected.length];
      d.forward(x.data(), x.storageOffset(), w.data(), w.storageOffset(), b, geo, 0, geo.n(), actual);
      assertClose(java.util.Arrays.toString(c), Tensor.wrap(actual, expected.length), Tensor.wrap(expected, expected.length),
          1e-5, 1e-5);
    }
  }

  @Test
  void weightGradientEqualsIm2colAndSgemmUpToRounding() {
    DirectConvolution d = direct();
    Rng rng = new Rng(22);
    for (int[] c : GEOMETRIES) {
      Tensor x = Tensor.randn(rng, c[0], c[1], c[2], c[3]);
      Tensor w = Tensor.randn(rng, c[4], c[1], c[5], c[6]);
      ConvolutionGeometry geo = geometry(c, x, w);
      Tensor g = Tensor.randn(rng, geo.n(), geo.o(), geo.ho(), geo.wo());
      float[] expected = new float[geo.o() * geo.k()];
      float[] actual = new float[expected.length];
      Convolution.unrolledWeightGrad(x, g, geo, expected);
      Convolution.directWeightGrad(d, x, g, geo, actual);
      assertClose(java.util.Arrays.toString(c), Tensor.wrap(actual, expected.length), Tensor.wrap(expected, expected.length),
          1e-4, 1e-4);
    }
  }

  /**
   * The weight gradient's bits for rows wider than a vector, as {@code VectorConvolution} specifies them:
   * each weight's sum is kept in 2L lanes (L the vector's lanes), lane l a chain of fused multiply-adds
   * g[n, o, y, x0 + l] · input[n, c, y + i, x0 + l + j] over the samples, rows and blocks of 2L columns in
   * order from zero (g zero past the last column), then the lanes added in a fixed order: four partial sums
   * (lane l to sum l mod 4), then (p0 + p1) + (p2 + p3). Which tap or which half of a block a kernel loop
   * serves does not change a chain, but a lane sent to another lane's sum or to another weight does.
   */
  /**
   * The output is, bit for bit, the chain of fused multiply-adds over the taps (c, i, j) in order from +0,
   * padding's zeros included, then plus the bias, although a block of output rows at the top or bottom
   * leaves out the kernel rows that meet only padding: a chain from +0 never holds −0, so adding a zero
   * product changes nothing. Every geometry, the padded ones by up to a kernel's height less one.
   */
  @Test
  void outputIsTheChainOverAllTapsBitForBit() {
    DirectConvolution d = direct();
    Rng rng = new Rng(27);
    for (int[] c : GEOMETRIES) {
      Tensor x = Tensor.randn(rng, c[0], c[1], c[2], c[3]);
      Tensor w = Tensor.randn(rng, c[4], c[1], c[5], c[6]);
      float[] b = Tensor.randn(rng, c[4]).toArray();
      ConvolutionGeometry geo = geometry(c, x, w);
      float[] actual = new float[geo.n() * geo.o() * geo.l()];
      d.forward(x.data(), x.storageOffset(), w.data(), w.storageOffset(), b, geo, 0, geo.n(), actual);
      assertThat(actual).as(java.util.Arrays.toString(c)).containsExactly(chain(x.toArray(), w.toArray(), b, geo));
    }
  }

  /**
   * A kernel row that meets only the zero rows above a block of output rows is left out, and with it an
   * infinite weight there: those rows stay finite, where the full chain would have 0 · ∞ = NaN in them;
   * the rows that keep that kernel row are infinite or NaN, as the full chain gives them.
   */
  @Test
  void aKernelRowThatMeetsOnlyPaddingIsLeftOutWithItsWeights() {
    DirectConvolution d = direct();
    // LeNet's second layer's input gradient: 16 -> 6 channels, 10x10 padded by 4 (output 14x14).
    int[] c = {1, 16, 10, 10, 6, 5, 5, 4, 4, 4, 4};
    Rng rng = new Rng(29);
    Tensor x = Tensor.randn(rng, c[0], c[1], c[2], c[3]);
    float[] wv = Tensor.randn(rng, c[4], c[1], c[5], c[6]).toArray();
    // Output channel 0, input channel 0, kernel row 0: output row y reads input row y − 4 through it, so
    // rows 0..3 meet only padding there, in row pairs (16 lanes) and row by row (8 lanes) alike.
    wv[2] = Float.POSITIVE_INFINITY;
    Tensor w = Tensor.of(wv, wv.length).reshape(c[4], c[1], c[5], c[6]);
    ConvolutionGeometry geo = geometry(c, x, w);
    float[] out = new float[geo.o() * geo.l()];
    d.forward(x.data(), 0, w.data(), 0, new float[geo.o()], geo, 0, 1, out);
    for (int y = 0; y < geo.ho(); y++) {
      for (int col = 0; col < geo.wo(); col++) {
        float v = out[y * geo.wo() + col];
        assertThat(Float.isFinite(v)).as("row %d column %d: %s", y, col, v).isEqualTo(y < 4);
        assertThat(Float.isFinite(out[geo.l() + y * geo.wo() + col])).isTrue();
      }
    }
  }

  /** The forward's documented chain, scalar: fused multiply-adds over (c, i, j) from +0, then the bias. */
  private static float[] chain(float[] xs, float[] ws, float[] b, ConvolutionGeometry geo) {
    float[] out = new float[geo.n() * geo.o() * geo.l()];
    for (int n = 0; n < geo.n(); n++) {
      for (int o = 0; o < geo.o(); o++) {
        for (int y = 0; y < geo.ho(); y++) {
          for (int col = 0; col < geo.wo(); col++) {
            float acc = 0f;
            for (int ch = 0, t = 0; ch < geo.c(); ch++) {
              for (int i = 0; i < geo.kh(); i++) {
                for (int j = 0; j < geo.kw(); j++, t++) {
                  int iy = y + i - geo.pt();
                  int ix = col + j - geo.pl();
                  boolean inside = iy >= 0 && iy < geo.h() && ix >= 0 && ix < geo.w();
                  float xv = inside ? xs[((n * geo.c() + ch) * geo.h() + iy) * geo.w() + ix] : 0f;
                  acc = Math.fma(xv, ws[o * geo.k() + t], acc);
                }
              }
            }
            out[((n * geo.o() + o) * geo.ho() + y) * geo.wo() + col] = acc + b[o];
          }
        }
      }
    }
    return out;
  }

  @Test
  void weightGradientIsTheDocumentedChainBitForBit() {
    DirectConvolution d = direct();
    int xw = 2 * VectorizationProvider.get().lanes();
    Rng rng = new Rng(25);
    int checked = 0;
    for (int[] c : GEOMETRIES) {
      Tensor x = Tensor.randn(rng, c[0], c[1], c[2], c[3]);
      Tensor w = Tensor.randn(rng, c[4], c[1], c[5], c[6]);
      ConvolutionGeometry geo = geometry(c, x, w);
      if (geo.wo() <= xw / 2) {
        continue;
      }
      checked++;
      Tensor g = Tensor.randn(rng, geo.n(), geo.o(), geo.ho(), geo.wo());
      float[] xs = x.toArray();
      float[] gs = g.toArray();
      float[] expected = new float[geo.o() * geo.k()];
      float[] lanes = new float[xw];
      for (int o = 0; o < geo.o(); o++) {
        for (int ch = 0, t = 0; ch < geo.c(); ch++) {
          for (int i = 0; i < geo.kh(); i++) {
            for (int j = 0; j < geo.kw(); j++, t++) {
              java.util.Arrays.fill(lanes, 0f);
              for (int n = 0; n < geo.n(); n++) {
                for (int y = 0; y < geo.ho(); y++) {
                  for (int x0 = 0; x0 < geo.wo(); x0 += xw) {
                    for (int l = 0; l < xw; l++) {
                      int col = x0 + l;
                      float gv = col < geo.wo() ? gs[((n * geo.o() + o) * geo.ho() + y) * geo.wo() + col] : 0f;
                      int iy = y + i - geo.pt();
                      int ix = col + j - geo.pl();
                      boolean inside = iy >= 0 && iy < geo.h() && ix >= 0 && ix < geo.w();
                      float xv = inside ? xs[((n * geo.c() + ch) * geo.h() + iy) * geo.w() + ix] : 0f;
                      lanes[l] = Math.fma(gv, xv, lanes[l]);
                    }
                  }
                }
              }
              float[] p = new float[4];
              for (int l = 0; l < xw; l++) {
                p[l % 4] += lanes[l];
              }
              expected[o * geo.k() + t] = (p[0] + p[1]) + (p[2] + p[3]);
            }
          }
        }
      }
      float[] actual = new float[expected.length];
      d.weightGrad(x.data(), x.storageOffset(), g.data(), g.storageOffset(), geo, 0, geo.n(), 0, geo.k(), actual, 0);
      assertThat(actual).as(java.util.Arrays.toString(c)).containsExactly(expected);
      // Ranges of taps cut at multiples of the tap step, one call each, give the same bits, and a call
      // writes its own taps' entries only.
      int step = DirectConvolution.TAP_STEP;
      int steps = (geo.k() + step - 1) / step;
      for (int ways : new int[] {2, 3}) {
        float[] pieces = new float[expected.length];
        java.util.Arrays.fill(pieces, Float.NaN);
        for (int r = 0; r < ways; r++) {
          int t0 = steps * r / ways * step;
          int t1 = Math.min(geo.k(), steps * (r + 1) / ways * step);
          d.weightGrad(x.data(), x.storageOffset(), g.data(), g.storageOffset(), geo, 0, geo.n(), t0, t1, pieces, 0);
          for (int o = 0; o < geo.o(); o++) {
            for (int t = 0; t < geo.k(); t++) {
              float want = t < t1 ? expected[o * geo.k() + t] : Float.NaN;
              assertThat(Float.floatToIntBits(pieces[o * geo.k() + t])).as("%s, %d ways, after range %d, (%d, %d)",
                  java.util.Arrays.toString(c), ways, r, o, t).isEqualTo(Float.floatToIntBits(want));
            }
          }
        }
        assertThat(pieces).as("%s in %d ranges", java.util.Arrays.toString(c), ways).containsExactly(expected);
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(6);
  }

  /**
   * The weight gradient without unrolling, block by block, has the bits of im2col and SGEMM: LeNet's second
   * layer (6 -> 16 channels on 16x16, three samples a block), fewer output channels than a vector, one
   * input channel, a ragged last block, a block just above SGEMM's small-product bound. Geometries it does
   * not take (padding, 3x3 kernels, more output channels than a vector) it refuses.
   */
  @Test
  void weightGradientWithoutUnrollingHasTheBitsOfIm2colAndSgemm() {
    DirectConvolution d = direct();
    int lanes = VectorizationProvider.get().lanes();
    Rng rng = new Rng(26);
    int[][] geometries = {
        {64, 6, 16, 16, Math.min(16, lanes), 5, 5, 0, 0, 0, 0},
        {7, 3, 9, 13, Math.min(5, lanes), 5, 5, 0, 0, 0, 0},
        {5, 1, 12, 30, Math.min(12, lanes), 5, 5, 0, 0, 0, 0},
        {2, 2, 6, 9, 3, 5, 5, 0, 0, 0, 0},
    };
    int used = 0;
    for (int[] c : geometries) {
      Tensor x = Tensor.randn(rng, c[0], c[1], c[2], c[3]);
      Tensor w = Tensor.randn(rng, c[4], c[1], c[5], c[6]);
      ConvolutionGeometry geo = geometry(c, x, w);
      Tensor g = Tensor.randn(rng, geo.n(), geo.o(), geo.ho(), geo.wo());
      int bs = Convolution.blockSamples(geo);
      for (int n0 = 0; n0 < geo.n(); n0 += bs) {
        if (d.suitsWeightGradBlock(geo, Math.min(bs, geo.n() - n0))) {
          used++;
        }
      }
      float[] expected = new float[geo.o() * geo.k()];
      float[] actual = new float[expected.length];
      Convolution.unrolledWeightGrad(x, g, geo, expected, null);
      Convolution.unrolledWeightGrad(x, g, geo, actual, d);
      assertThat(actual).as(java.util.Arrays.toString(c)).containsExactly(expected);
    }
    // 22 blocks of LeNet's layer and one each of the next two; the last geometry's one block (3,000
    // multiply-adds) is SGEMM's small product, which this kernel leaves to it.
    assertThat(used).isEqualTo(24);
    Rng r = new Rng(27);
    Tensor x = Tensor.randn(r, 2, 3, 12, 12);
    for (int[] pad : new int[][] {{1, 1, 0, 0}, {0, 0, 1, 1}, {0, 1, 0, 0}}) {
      assertThat(d.suitsWeightGradBlock(Convolution.geometry(x, Tensor.zeros(4, 3, 5, 5), null, new int[] {1, 1},
          pad, new int[] {1, 1}, 1), 2)).as(java.util.Arrays.toString(pad)).isFalse();
    }
    // Kernels other than 5x5, some with the padding that gives the output a 5x5 kernel's size.
    int[][] kernels = {{3, 3, 0, 0}, {5, 3, 0, 0}, {3, 5, 0, 0}, {7, 7, 1, 1}, {7, 5, 1, 0}, {5, 7, 0, 1}};
    for (int[] kernel : kernels) {
      int[] pad = {kernel[2], kernel[2], kernel[3], kernel[3]};
      assertThat(d.suitsWeightGradBlock(Convolution.geometry(x, Tensor.zeros(4, 3, kernel[0], kernel[1]), null,
          new int[] {1, 1}, pad, new int[] {1, 1}, 1), 2)).as(java.util.Arrays.toString(kernel)).isFalse();
    }
    assertThat(d.suitsWeightGradBlock(Convolution.geometry(x, Tensor.zeros(4, 3, 5, 5), null, new int[] {1, 1},
        new int[4], new int[] {1, 1}, 1), 2)).isTrue();
    assertThat(d.suitsWeightGradBlock(Convolution.geometry(x, Tensor.zeros(lanes + 1, 3, 5, 5), null,
        new int[] {1, 1}, new int[4], new int[] {1, 1}, 1), 2)).isFalse();
  }

  @Test
  void inputGradientAsATransposedConvolutionEqualsCol2imUpToRounding() {
    DirectConvolution d = direct();
    Rng rng = new Rng(24);
    // LeNet's second layer (6 -> 16 channels, 5x5, on 16x16), a padded one, and the first layer.
    int[][] geometries = {{5, 6, 16, 16, 16, 5, 5, 0, 0, 0, 0}, {3, 2, 9, 40, 5, 3, 4, 1, 0, 2, 1}, GEOMETRIES[1]};
    for (int[] c : geometries) {
      Tensor x = Tensor.randn(rng, c[0], c[1], c[2], c[3]);
      Tensor w = Tensor.randn(rng, c[4], c[1], c[5], c[6]);
      ConvolutionGeometry geo = geometry(c, x, w);
      ConvolutionGeometry tg = Convolution.transposed(geo);
      assertThat(tg).isNotNull();
      assertThat(d.suits(tg)).as(java.util.Arrays.toString(c)).isTrue();
      Tensor g = Tensor.randn(rng, geo.n(), geo.o(), geo.ho(), geo.wo());
      float[] expected = Convolution.unrolledInputGrad(g, w, geo);
      float[] actual = new float[expected.length];
      d.forward(g.data(), g.storageOffset(), Convolution.flippedTranspose(w, geo), 0, null, tg, 0, geo.n(), actual);
      assertClose(java.util.Arrays.toString(c), Tensor.wrap(actual, expected.length), Tensor.wrap(expected, expected.length),
          1e-4, 1e-4);
    }
  }

  @Test
  void oneTwoAndThreeThreadsGiveTheSameBits() {
    direct();
    Rng rng = new Rng(23);
    int previous = Parallel.threads();
    try {
      for (int[] c : new int[][] {GEOMETRIES[1], GEOMETRIES[4]}) {
        Tensor x = Tensor.randn(rng, c[0], c[1], c[2], c[3]);
        Tensor w = Tensor.randn(rng, c[4], c[1], c[5], c[6]);
        Tensor b = Tensor.randn(rng, c[4]);
        int[] pad = {c[7], c[8], c[9], c[10]};
        Tensor r = Tensor.randn(rng, Convolution.conv2d(x, w, b, new int[] {1, 1}, pad, new int[] {1, 1}, 1).shape());
        float[][] first = null;
        for (int threads = 1; threads <= 3; threads++) {
          Parallel.setThreads(threads);
          Tensor xg = x.detach().requiresGrad_(true);
          Tensor wg = w.detach().requiresGrad_(true);
          Tensor y = Convolution.conv2d(xg, wg, b, new int[] {1, 1}, pad, new int[] {1, 1}, 1);
          y.mul(r).sum().backward();
          float[][] bits = {y.toArray(), wg.grad().toArray(), xg.grad().toArray()};
          if (first == null) {
            first = bits;
          } else {
            for (int i = 0; i < bits.length; i++) {
              assertThat(bits[i]).as("threads=" + threads + " result " + i).containsExactly(first[i]);
            }
          }
        }
      }
    } finally {
      Parallel.setThreads(previous);
    }
  }

  @Test
  void wideOrStridedLayersKeepIm2col() {
    DirectConvolution d = direct();
    Tensor x = Tensor.zeros(1, 3, 32, 32);
    assertThat(d.suits(Convolution.geometry(x, Tensor.zeros(32, 3, 5, 5), null, new int[] {1, 1}, new int[4],
        new int[] {1, 1}, 1))).isFalse();
    assertThat(d.suits(Convolution.geometry(x, Tensor.zeros(6, 3, 5, 5), null, new int[] {2, 2}, new int[4],
        new int[] {1, 1}, 1))).isFalse();
    assertThat(d.suits(Convolution.geometry(x, Tensor.zeros(6, 1, 5, 5), null, new int[] {1, 1}, new int[4],
        new int[] {1, 1}, 3))).isFalse();
    // Output rows narrower than half a vector: 7 columns at 16 lanes, 3 at 8.
    int narrow = Math.max(1, VectorizationProvider.get().lanes() / 2 - 1);
    assertThat(d.suits(Convolution.geometry(Tensor.zeros(1, 3, 4 + narrow, 4 + narrow), Tensor.zeros(6, 3, 5, 5), null,
        new int[] {1, 1}, new int[4], new int[] {1, 1}, 1))).isFalse();
    assertThat(d.suits(Convolution.geometry(Tensor.zeros(1, 3, 5 + narrow, 5 + narrow), Tensor.zeros(6, 3, 5, 5), null,
        new int[] {1, 1}, new int[4], new int[] {1, 1}, 1))).isTrue();
  }
}
