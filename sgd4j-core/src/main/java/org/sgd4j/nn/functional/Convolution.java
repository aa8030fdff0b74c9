package org.sgd4j.nn.functional;

import org.sgd4j.tensor.Graph;
import org.sgd4j.tensor.kernel.ArrayPool;
import org.sgd4j.tensor.kernel.ConvolutionGeometry;
import org.sgd4j.tensor.kernel.DirectConvolution;
import org.sgd4j.tensor.kernel.Kernels;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.kernel.VectorizationProvider;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * 2-D (and, through it, 1-D) cross-correlation as {@code torch.nn.functional.conv2d} computes it:
 * <pre>
 *   out[n, o, y, x] = b[o] + Σ_{c ∈ group(o)} Σ_{i,j} w[o, c, i, j] · in[n, c, y·sh − pt + i·dh, x·sw − pl + j·dw]
 * </pre>
 * with zeros outside the input. It is computed by im2col (Chellapilla et al., 2006): the receptive
 * fields of a block of samples are unrolled into the columns of one (C·kh·kw) × (B·Ho·Wo) matrix, and
 * each group's output is one SGEMM of its weights with its rows of that matrix (so is each group's
 * weight gradient, and its input gradient before col2im). The block is as many samples as keep that
 * matrix cache-sized ({@link #BLOCK_FLOATS}), so small late layers get one wide SGEMM for many samples
 * while a large first layer is not unrolled for the whole batch at once. The blocks are split over
 * threads; a weight gradient is one partial sum per block, added in block order, so the bits depend on
 * the shapes only, not on the thread count.
 *
 * <p>With the Vector API, stride-1 layers with few output channels (LeNet's) are computed directly
 * instead ({@link DirectConvolution}): the output, the weight gradient when rows are wider than a
 * vector, and the input gradient as the convolution of the output gradient with the flipped,
 * transposed weights. The bias gradient is a per-channel sum in 16 lanes.
 *
 * <p>Three recorded ops close under differentiation, so gradients of gradients work: the convolution
 * y = conv(x, W); its input gradient dx = T(g, W) (the transposed convolution, col2im of Wᵀ g); and
 * its weight gradient dW = G(x, g) (Σₙ g · colᵀ). Since ⟨h, T(g, W)⟩ = ⟨conv(h, W), g⟩ and
 * ⟨H, G(x, g)⟩ = ⟨conv(x, H), g⟩, each one's backward is written with the other two.
 */
public final class Convolution {
  private Convolution() {}


  /**
   * 2-D convolution of x (N, C, H, W) with w (O, C/groups, kh, kw) and optional bias b (O).
   *
   * @param stride {sh, sw}
   * @param padding {top, bottom, left, right} zero padding (may be asymmetric, as "same" needs), or
   *     {ph, pw} for the same padding on both sides, as {@code torch.nn.functional.conv2d}
   * @param dilation {dh, dw}
   */
  public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] dilation, int groups) {
    requireLength("stride", stride, 2);
    requireLength("dilation", dilation, 2);
    int[] pad = padding.length == 2 ? new int[] {padding[0], padding[0], padding[1], padding[1]} : padding;
    requireLength("padding", pad, 4);
    ConvolutionGeometry geo = geometry(x, w, b, stride, pad, dilation, groups);
    return forward(x, w, b, geo);
  }

  /**
   * 1-D convolution of x (N, C, L) with w (O, C/groups, k): {@link #conv2d} on a height of one.
   *
   * @param padding {left, right}
   */
  public static Tensor conv1d(Tensor x, Tensor w, Tensor b, int stride, int[] padding, int dilation, int groups) {
    requireLength("padding", padding, 2);
    if (x.dim() != 3 || w.dim() != 3) {
      throw new IllegalArgumentException("conv1d expects a 3-D input (N, C, L) and a 3-D weight (O, C/groups, k), got input "
          + Shape.format(x.shape()) + " and weight " + Shape.format(w.shape()));
    }
    Tensor y = conv2d(x.unsqueeze(2), w.unsqueeze(2), b, new int[] {1, stride},
        new int[] {0, 0, padding[0], padding[1]}, new int[] {1, dilation}, groups);
    return y.squeeze(2);
  }

  private static void requireLength(String name, int[] values, int expected) {
    if (values.length != expected) {
      throw new IllegalArgumentException("conv: " + name + " must have " + expected + " entries, got "
          + Shape.format(values) + (name.equals("padding") ? " (conv2d takes {ph, pw} or {top, bottom, left, right})" : ""));
    }
  }

  static ConvolutionGeometry geometry(Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] dilation, int groups) {
    if (x.dim() != 4 || w.dim() != 4) {
      throw new IllegalArgumentException("conv2d expects a 4-D input (N, C, H, W) and a 4-D weight (O, C/groups, kh, kw), got input "
          + Shape.format(x.shape()) + " and weight " + Shape.format(w.shape()));
    }
    if (groups < 1) {
      throw new IllegalArgumentException("non-positive groups is not supported, got groups=" + groups);
    }
    for (int v : stride) {
      if (v < 1) {
        throw new IllegalArgumentException("non-positive stride is not supported, got stride=" + Shape.format(stride));
      }
    }
    for (int v : dilation) {
      if (v < 1) {
        throw new IllegalArgumentException("dilation should be greater than zero, got dilation=" + Shape.format(dilation));
      }
    }
    for (int v : padding) {
      if (v < 0) {
        throw new IllegalArgumentException("negative padding is not supported, got padding=" + Shape.format(padding));
      }
    }
    int o = w.size(0);
    int c = x.size(1);
    if (o % groups != 0) {
      throw new IllegalArgumentException("Given groups=" + groups + ", expected weight " + Shape.format(w.shape())
          + " to be divisible by " + groups + " at dimension 0");
    }
    if (w.size(1) * groups != c) {
      throw new IllegalArgumentException("Given groups=" + groups + ", weight of size " + Shape.format(w.shape())
          + ", expected input" + Shape.format(x.shape()) + " to have " + (w.size(1) * groups) + " channels, but got "
          + c + " channels instead");
    }
    if (b != null && (b.dim() != 1 || b.size(0) != o)) {
      throw new IllegalArgumentException("conv2d: bias of shape " + Shape.format(b.shape()) + " does not match " + o + " output channels");
    }
    int h = x.size(2);
    int wd = x.size(3);
    int kh = w.size(2);
    int kw = w.size(3);
    int ho = (h + padding[0] + padding[1] - dilation[0] * (kh - 1) - 1);
    int wo = (wd + padding[2] + padding[3] - dilation[1] * (kw - 1) - 1);
    if (ho < 0 || wo < 0) {
      throw new IllegalArgumentException("Calculated padded input size per channel: (" + (h + padding[0] + padding[1]) + " x "
          + (wd + padding[2] + padding[3]) + "). Kernel size: (" + (dilation[0] * (kh - 1) + 1) + " x "
          + (dilation[1] * (kw - 1) + 1) + "). Kernel size can't be greater than actual input size (input "
          + Shape.format(x.shape()) + ", weight " + Shape.format(w.shape()) + ")");
    }
    return new ConvolutionGeometry(x.size(0), c, h, wd, o, kh, kw, stride[0], stride[1], padding[0], padding[2],
        dilation[0], dilation[1], groups, ho / stride[0] + 1, wo / stride[1] + 1);
  }

  /**
   * The number of samples unrolled together: as many as keep one block's column matrix within
   * {@link #BLOCK_FLOATS} floats (so it stays in the core's cache between im2col and SGEMM), at least one.
   */
  static int blockSamples(ConvolutionGeometry geo) {
    long perSample = (long) geo.groups() * geo.k() * geo.l();
    return (int) Math.max(1, Math.min(geo.n(), BLOCK_FLOATS / Math.max(perSample, 1)));
  }

  /** The target size, in floats, of one block's column matrix (256 KiB). */
  static final int BLOCK_FLOATS = 1 << 16;

  /** Multiply-adds per part below which a convolution stays on one thread. */
  static final long MIN_MACS_PER_PART = 1L << 20;

  /** Samples per chunk of a direct weight gradient: each chunk's sum is one term of a fixed-order total. */
  static final int DIRECT_CHUNK = 8;

  static Tensor forward(Tensor x, Tensor w, Tensor b, ConvolutionGeometry geo) {
    Tensor xc = x.detach().contiguous();
    Tensor wc = w.detach().contiguous();
    float[] bd = b == null ? null : b.detach().contiguous().toArray();
    // Both paths write every element.
    Tensor y = Tensor.empty(geo.n(), geo.o(), geo.ho(), geo.wo());
    float[] out = y.data();
    DirectConvolution direct = VectorizationProvider.get().convolution();
    if (direct != null && direct.suits(geo)) {
      // Samples are independent, so any split gives the same bits.
      int parts = Parallel.parts((long) geo.n() * geo.o() * geo.l() * geo.k(), MIN_MACS_PER_PART);
      Parallel.run(parts, part -> direct.forward(xc.data(), xc.storageOffset(), wc.data(), wc.storageOffset(), bd, geo,
          (int) ((long) geo.n() * part / parts), (int) ((long) geo.n() * (part + 1) / parts), out));
    } else {
      unrolledForward(xc, wc, bd, geo, out);
    }
    return Graph.record(y, "ConvolutionBackward", Graph.of(x, w, b), Graph.of(x, w), g -> new Tensor[] {
        x.requiresGrad() ? inputGrad(g, w, geo) : null,
        w.requiresGrad() ? weightGrad(x, g, geo) : null,
        b != null && b.requiresGrad() ? biasGrad(g, geo) : null});
  }

  /** Lanes of the per-channel partial sums of the bias gradient: those of {@link VectorizationProvider#addLanes}. */
  private static final int LANES = VectorizationProvider.ADD_LANES;

  /**
   * The bias gradient Σ_{n,y,x} g[n, o, y, x]: for each channel, {@link #LANES} partial sums (element i
   * of a plane goes to lane i mod LANES, planes in sample order), then the lanes added in order. The
   * order depends only on the shape; the channels are split over threads. Its backward spreads the
   * incoming gradient over (N, Ho, Wo).
   */
  static Tensor biasGrad(Tensor g, ConvolutionGeometry geo) {
    Tensor gc = g.detach().contiguous();
    float[] gv = gc.data();
    int off = gc.storageOffset();
    int l = geo.l();
    float[] db = new float[geo.o()];
    int parts = Parallel.parts((long) geo.n() * geo.o() * l, 1 << 16);
    VectorizationProvider simd = VectorizationProvider.get();
    Parallel.run(parts, part -> {
      float[] lanes = new float[LANES];
      for (int oc = geo.o() * part / parts; oc < geo.o() * (part + 1) / parts; oc++) {
        java.util.Arrays.fill(lanes, 0f);
        int full = l / LANES * LANES;
        for (int n = 0; n < geo.n(); n++) {
          int base = off + (n * geo.o() + oc) * l;
          simd.addLanes(gv, base, full / LANES, lanes);
          for (int i = full; i < l; i++) {
            lanes[i - full] += gv[base + i];
          }
        }
        float sum = 0f;
        for (float v : lanes) {
          sum += v;
        }
        db[oc] = sum;
      }
    });
    return Graph.record(Tensor.wrap(db, geo.o()), "SumBackward", Graph.of(g),
        h -> new Tensor[] {h.reshape(1, geo.o(), 1, 1).expand(geo.n(), geo.o(), geo.ho(), geo.wo())});
  }

  /** The work of one block of samples n0 .. n0+cn−1, given this thread's scratch arrays. */
  private interface BlockWork {
    void run(int block, int n0, int cn, float[] col, float[] ol);
  }

  /** Per-thread scratch for the unrolled path: the column matrix of a block and its (O, cn, L) slab. */
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

  /**
   * Runs {@code work} for every block of {@link #blockSamples} samples, the blocks split over threads in
   * contiguous ranges (kernels called inside a part then run on its thread alone). The blocks depend
   * only on the geometry, so a result built per block has the same bits for every thread count.
   */
  private static void eachBlock(ConvolutionGeometry geo, BlockWork work) {
    int bs = blockSamples(geo);
    int blocks = (geo.n() + bs - 1) / bs;
    int colSize = geo.groups() * geo.k() * bs * geo.l();
    int olSize = geo.o() * bs * geo.l();
    int parts = Math.min(blocks, Parallel.parts((long) geo.n() * geo.o() * geo.l() * geo.k(), MIN_MACS_PER_PART));
    Parallel.run(parts, part -> {
      float[][] scratch = SCRATCH.get();
      if (scratch[0].length < colSize) {
        scratch[0] = new float[colSize];
      }
      if (scratch[1].length < olSize) {
        scratch[1] = new float[olSize];
      }
      try (Parallel.Limit limit = parts > 1 ? Parallel.limitThisThread(1) : null) {
        for (int blk = blocks * part / parts; blk < blocks * (part + 1) / parts; blk++) {
          int n0 = blk * bs;
          work.run(blk, n0, Math.min(bs, geo.n() - n0), scratch[0], scratch[1]);
        }
      }
    });
  }

  /** The forward by im2col and one SGEMM per group per block of samples, into {@code out}. */
  static void unrolledForward(Tensor xc, Tensor wc, float[] bd, ConvolutionGeometry geo, float[] out) {
    int l = geo.l();
    int k = geo.k();
    int og = geo.og();
    int chw = geo.c() * geo.h() * geo.w();
    Kernels kernels = Kernels.get();
    eachBlock(geo, (blk, n0, cn, col, ol) -> {
      int bl = cn * l;
      for (int s = 0; s < cn; s++) {
        im2col(xc.data(), xc.storageOffset() + (n0 + s) * chw, geo, col, s * l, bl);
      }
      // One SGEMM per group over the block: (og × k) · (k × cn·L), laid out (O, cn, L).
      for (int g = 0; g < geo.groups(); g++) {
        kernels.sgemm(false, false, og, bl, k, 1f, wc.data(), wc.storageOffset() + g * og * k, k,
            col, g * k * bl, bl, 0f, ol, g * og * bl, bl);
      }
      for (int s = 0; s < cn; s++) {
        for (int oc = 0; oc < geo.o(); oc++) {
          int from = (oc * cn + s) * l;
          int to = ((n0 + s) * geo.o() + oc) * l;
          float bv = bd == null ? 0f : bd[oc];
          for (int i = 0; i < l; i++) {
            out[to + i] = ol[from + i] + bv;
          }
        }
      }
    });
  }

  /** T(gy, W): the gradient with respect to the input, of shape (N, C, H, W). */
  static Tensor inputGrad(Tensor gy, Tensor w, ConvolutionGeometry geo) {
    Tensor gc = gy.detach().contiguous();
    Tensor wc = w.detach().contiguous();
    DirectConvolution direct = VectorizationProvider.get().convolution();
    ConvolutionGeometry tg = direct == null ? null : transposed(geo);
    Tensor out;
    if (tg != null && direct.suits(tg)) {
      // The direct kernel writes every element.
      out = Tensor.empty(geo.n(), geo.c(), geo.h(), geo.w());
      float[] dx = out.data();
      float[] wt = flippedTranspose(wc, geo);
      int parts = Parallel.parts((long) geo.n() * geo.o() * geo.l() * geo.k(), MIN_MACS_PER_PART);
      Parallel.run(parts, part -> direct.forward(gc.data(), gc.storageOffset(), wt, 0, null, tg,
          (int) ((long) geo.n() * part / parts), (int) ((long) geo.n() * (part + 1) / parts), dx));
      ArrayPool.giveBack(wt);
    } else {
      out = Tensor.wrap(unrolledInputGrad(gc, wc, geo), geo.n(), geo.c(), geo.h(), geo.w());
    }
    return Graph.record(out, "ConvolutionBackwardInput", Graph.of(gy, w), Graph.of(w), h -> new Tensor[] {
        gy.requiresGrad() ? forward(h, w, null, geo) : null,
        w.requiresGrad() ? weightGrad(h, gy, geo) : null});
  }

  /**
   * For stride 1, no dilation and one group, the input gradient as a convolution: dx = g ⋆ W', the
   * cross-correlation of the output gradient, zero-padded by kh−1−pt above (and so on), with
   * W'[c, o, i, j] = W[o, c, kh−1−i, kw−1−j]. Null for other convolutions, or padding wider than the kernel.
   */
  static ConvolutionGeometry transposed(ConvolutionGeometry g) {
    int pb = g.ho() - 1 + g.kh() - g.h() - g.pt();
    int pr = g.wo() - 1 + g.kw() - g.w() - g.pl();
    if (g.groups() != 1 || g.sh() != 1 || g.sw() != 1 || g.dh() != 1 || g.dw() != 1
        || Math.max(g.pt(), pb) > g.kh() - 1 || Math.max(g.pl(), pr) > g.kw() - 1) {
      return null;
    }
    return new ConvolutionGeometry(g.n(), g.o(), g.ho(), g.wo(), g.c(), g.kh(), g.kw(), 1, 1, g.kh() - 1 - g.pt(), g.kw() - 1 - g.pl(), 1, 1, 1, g.h(), g.w());
  }

  /** W'[c, o, i, j] = W[o, c, kh−1−i, kw−1−j], dense. */
  static float[] flippedTranspose(Tensor wc, ConvolutionGeometry g) {
    float[] w = wc.data();
    int off = wc.storageOffset();
    int taps = g.kh() * g.kw();
    float[] wt = ArrayPool.scratch(g.o() * g.c() * taps);
    for (int o = 0; o < g.o(); o++) {
      for (int c = 0; c < g.c(); c++) {
        int from = off + (o * g.c() + c) * taps;
        int to = (c * g.o() + o) * taps;
        for (int t = 0; t < taps; t++) {
          wt[to + t] = w[from + taps - 1 - t];
        }
      }
    }
    return wt;
  }

  /** The input gradient by one SGEMM per group per block of samples (Wᵀ g) and col2im. */
  static float[] unrolledInputGrad(Tensor gc, Tensor wc, ConvolutionGeometry geo) {
    int l = geo.l();
    int k = geo.k();
    int og = geo.og();
    int chw = geo.c() * geo.h() * geo.w();
    float[] dx = new float[geo.n() * chw];
    Kernels kernels = Kernels.get();
    eachBlock(geo, (blk, n0, cn, dcol, gl) -> {
      int bl = cn * l;
      gatherBlock(gc.data(), gc.storageOffset(), geo, n0, cn, gl);
      for (int g = 0; g < geo.groups(); g++) {
        kernels.sgemm(true, false, k, bl, og, 1f, wc.data(), wc.storageOffset() + g * og * k, k,
            gl, g * og * bl, bl, 0f, dcol, g * k * bl, bl);
      }
      for (int s = 0; s < cn; s++) {
        col2im(dcol, s * l, bl, geo, dx, (n0 + s) * chw);
      }
    });
    return dx;
  }

  /** G(x, gy): the gradient with respect to the weight, of shape (O, C/groups, kh, kw). */
  static Tensor weightGrad(Tensor x, Tensor gy, ConvolutionGeometry geo) {
    Tensor xc = x.detach().contiguous();
    Tensor gc = gy.detach().contiguous();
    DirectConvolution direct = VectorizationProvider.get().convolution();
    Tensor out = Tensor.empty(geo.o(), geo.cg(), geo.kh(), geo.kw());
    if (direct != null && direct.suitsWeightGrad(geo)) {
      directWeightGrad(direct, xc, gc, geo, out.data());
    } else {
      unrolledWeightGrad(xc, gc, geo, out.data());
    }
    return Graph.record(out, "ConvolutionBackwardWeight", Graph.of(x, gy), Graph.of(x, gy), hh -> new Tensor[] {
        x.requiresGrad() ? inputGrad(gy, hh, geo) : null,
        gy.requiresGrad() ? forward(x, hh, null, geo) : null});
  }

  /**
   * The direct weight gradient: one partial sum per chunk of {@link #DIRECT_CHUNK} samples (the chunks
   * split over threads), then the partials added in chunk order, so the bits depend on the batch size
   * only, not on the thread count. Where there are more threads than chunks, each chunk's taps are cut
   * into ranges too ({@link #tapWays}), which the kernel computes with the bits of the whole.
   */
  static void directWeightGrad(DirectConvolution direct, Tensor xc, Tensor gc, ConvolutionGeometry geo, float[] dw) {
    int k = geo.k();
    int size = geo.o() * k;
    int chunks = (geo.n() + DIRECT_CHUNK - 1) / DIRECT_CHUNK;
    float[] partial = ArrayPool.scratch(chunks * size);
    long chunkWork = (long) DIRECT_CHUNK * geo.o() * geo.l() * k;
    int chunkParts = Parallel.parts((long) geo.n() * geo.o() * geo.l() * k, Math.max(MIN_MACS_PER_PART, chunkWork));
    int tapWays = chunkParts == chunks ? tapWays(Parallel.threads(), chunks, k, chunkWork) : 1;
    int steps = (k + DirectConvolution.TAP_STEP - 1) / DirectConvolution.TAP_STEP;
    Parallel.run(chunkParts * tapWays, part -> {
      int cp = part / tapWays;
      int tw = part % tapWays;
      int t0 = steps * tw / tapWays * DirectConvolution.TAP_STEP;
      int t1 = Math.min(k, steps * (tw + 1) / tapWays * DirectConvolution.TAP_STEP);
      for (int ch = chunks * cp / chunkParts; ch < chunks * (cp + 1) / chunkParts; ch++) {
        direct.weightGrad(xc.data(), xc.storageOffset(), gc.data(), gc.storageOffset(), geo, ch * DIRECT_CHUNK,
            Math.min(geo.n(), (ch + 1) * DIRECT_CHUNK), t0, t1, partial, ch * size);
      }
    });
    sumBlocks(partial, chunks, size, dw);
    ArrayPool.giveBack(partial);
  }

  /**
   * How many ranges of taps each of {@code chunks} chunks of a direct weight gradient is cut into on
   * {@code threads} threads: as many as fill the threads the chunks leave idle, at most one per
   * {@link DirectConvolution#TAP_STEP} of the {@code k} taps and one per {@link #MIN_MACS_PER_PART} of a chunk's
   * {@code chunkWork} multiply-adds; 1 where the chunks are enough. LeNet's first layer at batch 64 on 16 threads:
   * 8 chunks of 3.7 million multiply-adds, each cut in 2.
   */
  static int tapWays(int threads, int chunks, int k, long chunkWork) {
    long ways = Math.min(Math.min(threads / chunks, (k + DirectConvolution.TAP_STEP - 1) / DirectConvolution.TAP_STEP),
        chunkWork / MIN_MACS_PER_PART);
    return (int) Math.max(1, ways);
  }

  /**
   * The weight gradient by im2col and one SGEMM per group per block of samples: each block's product
   * is a partial sum of its own, and the partials are added in block order, so the bits do not depend
   * on the thread count. Blocks that the SIMD provider's direct convolution takes
   * ({@link DirectConvolution#suitsWeightGradBlock}: LeNet's second layer) it computes without the column
   * matrix, with the same bits.
   */
  static void unrolledWeightGrad(Tensor xc, Tensor gc, ConvolutionGeometry geo, float[] dw) {
    unrolledWeightGrad(xc, gc, geo, dw, VectorizationProvider.get().convolution());
  }

  /**
   * {@link #unrolledWeightGrad} with the blocks that {@code implicit} (if not null) suits computed by it
   * without unrolling ({@link DirectConvolution#weightGradBlock}: the same bits).
   */
  static void unrolledWeightGrad(Tensor xc, Tensor gc, ConvolutionGeometry geo, float[] dw, DirectConvolution implicit) {
    int l = geo.l();
    int k = geo.k();
    int og = geo.og();
    int chw = geo.c() * geo.h() * geo.w();
    int size = geo.o() * k;
    int bs = blockSamples(geo);
    int blocks = (geo.n() + bs - 1) / bs;
    float[] partial = ArrayPool.scratch(blocks * size);
    Kernels kernels = Kernels.get();
    eachBlock(geo, (blk, n0, cn, col, gl) -> {
      if (implicit != null && implicit.suitsWeightGradBlock(geo, cn)) {
        implicit.weightGradBlock(xc.data(), xc.storageOffset(), gc.data(), gc.storageOffset(), geo, n0, cn, partial,
            blk * size);
        return;
      }
      int bl = cn * l;
      for (int s = 0; s < cn; s++) {
        im2col(xc.data(), xc.storageOffset() + (n0 + s) * chw, geo, col, s * l, bl);
      }
      gatherBlock(gc.data(), gc.storageOffset(), geo, n0, cn, gl);
      for (int g = 0; g < geo.groups(); g++) {
        kernels.sgemm(false, true, og, k, bl, 1f, gl, g * og * bl, bl, col, g * k * bl, bl, 0f,
            partial, blk * size + g * og * k, k);
      }
    });
    sumBlocks(partial, blocks, size, dw);
    ArrayPool.giveBack(partial);
  }

  /** The sum of {@code blocks} consecutive arrays of {@code size} floats, added in order, into {@code total}. */
  private static void sumBlocks(float[] partial, int blocks, int size, float[] total) {
    if (blocks == 0) {
      java.util.Arrays.fill(total, 0, size, 0f);
      return;
    }
    VectorizationProvider.get().sumBlocks(partial, blocks, size, 0, size, total);
  }

  /** Copies samples n0 .. n0+cn−1 of a dense (N, O, L) array starting at off to dst laid out (O, cn, L). */
  private static void gatherBlock(float[] src, int off, ConvolutionGeometry geo, int n0, int cn, float[] dst) {
    int l = geo.l();
    for (int s = 0; s < cn; s++) {
      for (int oc = 0; oc < geo.o(); oc++) {
        System.arraycopy(src, off + ((n0 + s) * geo.o() + oc) * l, dst, (oc * cn + s) * l, l);
      }
    }
  }

  /**
   * Unrolls one sample's receptive fields: row (c, i, j), column (y, x) holds
   * in[c, y·sh − pt + i·dh, x·sw − pl + j·dw], stored at col[colOff + row · ld + column].
   */
  static void im2col(float[] in, int inOff, ConvolutionGeometry g, float[] col, int colOff, int ld) {
    VectorizationProvider provider = VectorizationProvider.get();
    int h = g.h();
    int w = g.w();
    int ho = g.ho();
    int wo = g.wo();
    for (int c = 0; c < g.c(); c++) {
      int plane = inOff + c * h * w;
      for (int i = 0; i < g.kh(); i++) {
        // The output rows oy in [first, last) read the input row iy = oy·sh − pt + i·dh inside the input;
        // the others read padding.
        int top = g.pt() - i * g.dh();
        int first = Math.min(ho, Math.max(0, -Math.floorDiv(-top, g.sh())));
        int last = Math.max(first, Math.min(ho, Math.floorDiv(h + top - 1, g.sh()) + 1));
        for (int j = 0; j < g.kw(); j++) {
          int row = colOff + ((c * g.kh() + i) * g.kw() + j) * ld;
          // Whole rows of padding: plain loops, as Arrays.fill costs a call each.
          for (int q = row; q < row + first * wo; q++) {
            col[q] = 0f;
          }
          for (int q = row + last * wo; q < row + ho * wo; q++) {
            col[q] = 0f;
          }
          int ix0 = j * g.dw() - g.pl();
          // At unit stride, an output row's in-range columns are one contiguous run of the input row.
          int lo = Math.min(wo, Math.max(0, -ix0));
          int hi = Math.max(lo, Math.min(wo, w - ix0));
          if (g.sw() == 1 && lo == 0 && hi == wo) {
            provider.copyRows(in, plane + (first * g.sh() - top) * w + ix0, g.sh() * w, last - first, wo, col,
                row + first * wo);
            continue;
          }
          for (int oy = first; oy < last; oy++) {
            int src = plane + (oy * g.sh() - top) * w;
            int dst = row + oy * wo;
            if (g.sw() == 1) {
              // The zero edges are a padding's width: plain loops, as Arrays.fill costs a call each.
              for (int q = dst; q < dst + lo; q++) {
                col[q] = 0f;
              }
              System.arraycopy(in, src + ix0 + lo, col, dst + lo, hi - lo);
              for (int q = dst + hi; q < dst + wo; q++) {
                col[q] = 0f;
              }
              continue;
            }
            for (int ox = 0; ox < wo; ox++) {
              int ix = ix0 + ox * g.sw();
              col[dst + ox] = ix >= 0 && ix < w ? in[src + ix] : 0f;
            }
          }
        }
      }
    }
  }

  /** The adjoint of {@link #im2col}: adds each column entry back to the input position it was read from. */
  static void col2im(float[] col, int colOff, int ld, ConvolutionGeometry g, float[] out, int outOff) {
    for (int c = 0; c < g.c(); c++) {
      int plane = outOff + c * g.h() * g.w();
      for (int i = 0; i < g.kh(); i++) {
        for (int j = 0; j < g.kw(); j++) {
          int row = colOff + ((c * g.kh() + i) * g.kw() + j) * ld;
          for (int oy = 0; oy < g.ho(); oy++) {
            int iy = oy * g.sh() - g.pt() + i * g.dh();
            if (iy < 0 || iy >= g.h()) {
              continue;
            }
            int src = row + oy * g.wo();
            int dst = plane + iy * g.w();
            int ix0 = j * g.dw() - g.pl();
            if (g.sw() == 1) {
              int lo = Math.min(g.wo(), Math.max(0, -ix0));
              int hi = Math.max(lo, Math.min(g.wo(), g.w() - ix0));
              for (int ox = lo, o = dst + ix0 + lo, q = src + lo; ox < hi; ox++, o++, q++) {
                out[o] += col[q];
              }
              continue;
            }
            for (int ox = 0; ox < g.wo(); ox++) {
              int ix = ix0 + ox * g.sw();
              if (ix >= 0 && ix < g.w()) {
                out[dst + ix] += col[src + ox];
              }
            }
          }
        }
      }
    }
  }
}
