package org.sgd4j.nn.functional;

import org.sgd4j.tensor.kernel.ArrayPool;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.kernel.VectorizationProvider;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * 2-D pooling over the last two dimensions of a (N, C, H, W) or (C, H, W) tensor, as
 * {@code torch.nn.functional.max_pool2d}, {@code avg_pool2d} and {@code adaptive_avg_pool2d}
 * (ceil_mode off). Output size per dimension: ⌊(H + 2p − d(k − 1) − 1) / s⌋ + 1.
 *
 * <p>Every pooling is a sparse linear map of the input once the window (and for max pooling the
 * arg-max of each window) is known, so the backward routes the gradient to the window's inputs:
 * to the first maximal element for max pooling, in equal shares for averages.
 */
public final class Pooling {
  private Pooling() {}

  /** Max pooling; padding counts as −∞ and must be at most half the (dilated) kernel size. */
  public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
    checkRank(x, "max_pool2d");
    checkWindow("max_pool2d", kernel, stride, padding, dilation);
    int h = x.size(-2);
    int w = x.size(-1);
    int ho = outSize(h, kernel[0], stride[0], padding[0], dilation[0], x, "max_pool2d");
    int wo = outSize(w, kernel[1], stride[1], padding[1], dilation[1], x, "max_pool2d");
    Tensor xc = x.detach().contiguous();
    float[] in = xc.data();
    int inOff = xc.storageOffset();
    int planes = xc.numel() / Math.max(h * w, 1);
    int windows = ho * wo;
    int[] arg = ArrayPool.takeInts(planes * windows);
    // Every window's maximum is written.
    Tensor y = Tensor.empty(outShape(x, ho, wo));
    float[] out = y.data();
    Window win = new Window(h, w, ho, wo, kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1],
        dilation[0], dilation[1]);
    VectorizationProvider simd = VectorizationProvider.get();
    Parallel.runRanges(planes, Parallel.parts((long) arg.length * kernel[0] * kernel[1], MIN_PER_PART), (p0, p1) -> {
      float[] scratch = new float[2 * simd.lanes()];
      for (int p = p0; p < p1; p++) {
        win.maxPlane(in, inOff, p, arg, out, simd, scratch);
      }
    });
    // The indices are read only by the backward rule (and by the rules of its own backward when that is
    // recorded): without a node they are done with now, with one once a pass frees it.
    Gather gather = new Gather(arg, windows, h * w);
    return gather.recycleIndicesWith(gather.record(x, y, "MaxPool2DWithIndicesBackward"));
  }

  /** Window elements per part below which max pooling stays on one thread. */
  private static final long MIN_PER_PART = 1 << 14;

  /**
   * The windows of max pooling over one (H, W) plane. Each window's arg-max is its first maximal
   * element in row-major window order, or its first NaN if it has one (padding is never chosen); the
   * output is the input element there, as {@code torch.nn.functional.max_pool2d} gives it.
   */
  private record Window(int h, int w, int ho, int wo, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw) {

    /** Arg-max (flat index into the whole input) and maximum of every window of plane {@code p}. */
    void maxPlane(float[] in, int inOff, int p, int[] arg, float[] out, VectorizationProvider simd, float[] scratch) {
      int base = p * h * w;
      int a = p * ho * wo;
      if (ph != 0 || pw != 0 || dh != 1 || dw != 1) {
        general(in, inOff, base, a, arg, out);
      } else if (kh == 2 && kw == 2) {
        twoByTwo(in, inOff, base, a, arg, out, simd, scratch);
      } else {
        unpadded(in, inOff, base, a, arg, out);
      }
    }

    /** 2x2 windows inside the input; those two columns apart go by {@link #twoByTwoStride2}. */
    private void twoByTwo(float[] in, int inOff, int base, int a, int[] arg, float[] out, VectorizationProvider simd,
                          float[] scratch) {
      if (sw == 2) {
        twoByTwoStride2(in, inOff, base, a, arg, out, simd, scratch);
        return;
      }
      for (int oy = 0; oy < ho; oy++) {
        int row = base + oy * sh * w;
        for (int ox = 0; ox < wo; ox++, a++) {
          int q = row + ox * sw;
          int s = inOff + q;
          int best = argMax(in[s], in[s + 1], in[s + w], in[s + w + 1], q, w);
          arg[a] = best;
          out[a] = in[inOff + best];
        }
      }
    }

    /**
     * {@link #twoByTwo} for windows two columns apart (the usual {@code MaxPool2d(2)}): the leading rows the
     * SIMD provider takes (rows of whole vectors of windows or of at most half a vector, up to one with a
     * NaN), the rest by this loop, whose constant step lets C2 remove the range checks of the window's loads
     * and of the stores.
     */
    private void twoByTwoStride2(float[] in, int inOff, int base, int a, int[] arg, float[] out,
                                 VectorizationProvider simd, float[] scratch) {
      int done = simd.maxPoolRows(in, inOff + base, sh * w, w, ho, wo, base, arg, out, a, scratch);
      for (int oy = done, o = a + done * wo; oy < ho; oy++, o += wo) {
        int row = base + oy * sh * w;
        int s0 = inOff + row;
        for (int ox = 0; ox < wo; ox++) {
          int q = row + 2 * ox;
          int s = s0 + 2 * ox;
          int best = argMax(in[s], in[s + 1], in[s + w], in[s + w + 1], q, w);
          arg[o + ox] = best;
          out[o + ox] = in[inOff + best];
        }
      }
    }

    /**
     * The arg-max of the 2x2 window (v0, v1; v2, v3) whose first element is at q in rows w apart: the
     * maximum by {@link Math#max} (NaN if any is NaN), then the first element equal to it by conditional
     * moves on integers (a float select compiles to a branch, mispredicted half the time on random
     * data); a window holding a NaN takes the rare branch.
     */
    private static int argMax(float v0, float v1, float v2, float v3, int q, int w) {
      float m = Math.max(Math.max(v0, v1), Math.max(v2, v3));
      int best = q + w + 1;
      if (m == m) {
        // Below no NaN, "equal to the maximum" is "not below it": one flag per conditional move.
        best = v2 < m ? best : q + w;
        best = v1 < m ? best : q + 1;
        best = v0 < m ? best : q;
      } else {
        best = v2 != v2 ? q + w : best;
        best = v1 != v1 ? q + 1 : best;
        best = v0 != v0 ? q : best;
      }
      return best;
    }

    /** Any window inside the input (no padding, no dilation): as {@link #twoByTwo}, walking each window back. */
    private void unpadded(float[] in, int inOff, int base, int a, int[] arg, float[] out) {
      for (int oy = 0; oy < ho; oy++) {
        int row = base + oy * sh * w;
        for (int ox = 0; ox < wo; ox++, a++) {
          int start = inOff + row + ox * sw;
          float m = in[start];
          for (int i = 0; i < kh; i++) {
            for (int j = 0, q = start + i * w; j < kw; j++, q++) {
              m = Math.max(m, in[q]);
            }
          }
          int best = start;
          if (m == m) {
            for (int i = kh - 1; i >= 0; i--) {
              for (int j = kw - 1, q = start + i * w + j; j >= 0; j--, q--) {
                best = in[q] < m ? best : q;
              }
            }
          } else {
            for (int i = kh - 1; i >= 0; i--) {
              for (int j = kw - 1, q = start + i * w + j; j >= 0; j--, q--) {
                best = in[q] != in[q] ? q : best;
              }
            }
          }
          arg[a] = best - inOff;
          out[a] = in[best];
        }
      }
    }

    /** Padded or dilated windows: skips the positions outside the input. */
    private void general(float[] in, int inOff, int base, int a, int[] arg, float[] out) {
      for (int oy = 0; oy < ho; oy++) {
        for (int ox = 0; ox < wo; ox++, a++) {
          float best = Float.NEGATIVE_INFINITY;
          int bestIdx = -1;
          for (int i = 0; i < kh; i++) {
            int iy = oy * sh - ph + i * dh;
            if (iy < 0 || iy >= h) {
              continue;
            }
            for (int j = 0; j < kw; j++) {
              int ix = ox * sw - pw + j * dw;
              if (ix < 0 || ix >= w) {
                continue;
              }
              int idx = base + iy * w + ix;
              float v = in[inOff + idx];
              if (bestIdx < 0 || v > best || (v != v && best == best)) {
                best = v;
                bestIdx = idx;
              }
            }
          }
          arg[a] = bestIdx;
          out[a] = bestIdx < 0 ? 0f : best;
        }
      }
    }
  }

  /**
   * Average pooling; with {@code countIncludePad} (PyTorch's default) every window divides by kh·kw,
   * otherwise by the number of input elements it covers.
   */
  public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
    checkRank(x, "avg_pool2d");
    int[] one = {1, 1};
    checkWindow("avg_pool2d", kernel, stride, padding, one);
    int h = x.size(-2);
    int w = x.size(-1);
    int ho = outSize(h, kernel[0], stride[0], padding[0], 1, x, "avg_pool2d");
    int wo = outSize(w, kernel[1], stride[1], padding[1], 1, x, "avg_pool2d");
    int[] ptr = new int[ho * wo + 1];
    int[] cols = new int[ho * wo * kernel[0] * kernel[1]];
    float[] vals = new float[cols.length];
    int nnz = 0;
    for (int oy = 0; oy < ho; oy++) {
      for (int ox = 0; ox < wo; ox++) {
        int y0 = oy * stride[0] - padding[0];
        int x0 = ox * stride[1] - padding[1];
        int y1 = Math.min(y0 + kernel[0], h + padding[0]);
        int x1 = Math.min(x0 + kernel[1], w + padding[1]);
        int padded = (y1 - y0) * (x1 - x0);
        int start = nnz;
        for (int iy = Math.max(y0, 0); iy < Math.min(y1, h); iy++) {
          for (int ix = Math.max(x0, 0); ix < Math.min(x1, w); ix++) {
            cols[nnz++] = iy * w + ix;
          }
        }
        float divisor = countIncludePad ? padded : nnz - start;
        for (int k = start; k < nnz; k++) {
          vals[k] = 1f / divisor;
        }
        ptr[oy * wo + ox + 1] = nnz;
      }
    }
    return new SparseMap(ho * wo, h * w, ptr, cols, vals).apply(x, outShape(x, ho, wo), "AvgPool2DBackward");
  }

  /** Adaptive average pooling to (oh, ow): window i spans ⌊i·H/oh⌋ to ⌈(i+1)·H/oh⌉. */
  public static Tensor adaptiveAvgPool2d(Tensor x, int oh, int ow) {
    checkRank(x, "adaptive_avg_pool2d");
    if (oh < 1 || ow < 1) {
      throw new IllegalArgumentException("adaptive_avg_pool2d: output size must be positive, got (" + oh + ", " + ow + ")");
    }
    int h = x.size(-2);
    int w = x.size(-1);
    if (h == 0 || w == 0) {
      throw new IllegalArgumentException("adaptive_avg_pool2d: empty spatial input " + Shape.format(x.shape()));
    }
    int[] ptr = new int[oh * ow + 1];
    int nnz = 0;
    int[] cols = new int[0];
    float[] vals = new float[0];
    for (int oy = 0; oy < oh; oy++) {
      int y0 = (int) Math.floor((double) oy * h / oh);
      int y1 = (int) Math.ceil((double) (oy + 1) * h / oh);
      for (int ox = 0; ox < ow; ox++) {
        int x0 = (int) Math.floor((double) ox * w / ow);
        int x1 = (int) Math.ceil((double) (ox + 1) * w / ow);
        int count = (y1 - y0) * (x1 - x0);
        if (nnz + count > cols.length) {
          cols = java.util.Arrays.copyOf(cols, Math.max(2 * cols.length, nnz + count));
          vals = java.util.Arrays.copyOf(vals, cols.length);
        }
        for (int iy = y0; iy < y1; iy++) {
          for (int ix = x0; ix < x1; ix++) {
            cols[nnz] = iy * w + ix;
            vals[nnz++] = 1f / count;
          }
        }
        ptr[oy * ow + ox + 1] = nnz;
      }
    }
    return new SparseMap(oh * ow, h * w, ptr, cols, vals).apply(x, outShape(x, oh, ow), "AdaptiveAvgPool2DBackward");
  }

  private static void checkRank(Tensor x, String op) {
    if (x.dim() != 3 && x.dim() != 4) {
      throw new IllegalArgumentException(op + " expects a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape " + Shape.format(x.shape()));
    }
  }

  private static void checkWindow(String op, int[] kernel, int[] stride, int[] padding, int[] dilation) {
    for (int d = 0; d < 2; d++) {
      if (kernel[d] < 1 || stride[d] < 1 || dilation[d] < 1) {
        throw new IllegalArgumentException(op + ": kernel size, stride and dilation must be positive, got kernel_size="
            + Shape.format(kernel) + ", stride=" + Shape.format(stride) + ", dilation=" + Shape.format(dilation));
      }
      int eff = dilation[d] * (kernel[d] - 1) + 1;
      if (padding[d] < 0 || padding[d] > (op.startsWith("max") ? eff : kernel[d]) / 2) {
        throw new IllegalArgumentException(op + ": pad should be at most half of effective kernel size, but got pad="
            + padding[d] + ", kernel_size=" + kernel[d] + " and dilation=" + dilation[d]);
      }
    }
  }

  private static int outSize(int in, int k, int s, int p, int d, Tensor x, String op) {
    int num = in + 2 * p - d * (k - 1) - 1;
    if (num < 0) {
      throw new IllegalArgumentException(op + ": output size is too small for input " + Shape.format(x.shape())
          + " with kernel " + k + ", stride " + s + ", padding " + p + ", dilation " + d);
    }
    return num / s + 1;
  }

  private static int[] outShape(Tensor x, int ho, int wo) {
    int[] s = x.shape();
    s[s.length - 2] = ho;
    s[s.length - 1] = wo;
    return s;
  }
}
