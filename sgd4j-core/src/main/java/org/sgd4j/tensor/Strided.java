package org.sgd4j.tensor;

/**
 * Loops over strided, broadcast operands in row-major order of an output shape. The innermost
 * dimension runs as a plain counted loop; the outer ones advance an odometer of offsets.
 */
final class Strided {
  private Strided() {}

  @FunctionalInterface
  interface Unary {
    float apply(float a);
  }

  @FunctionalInterface
  interface Binary {
    float apply(float a, float b);
  }

  @FunctionalInterface
  interface Ternary {
    float apply(float a, float b, float c);
  }

  /** Strides of {@code t} viewed as broadcast to {@code outShape} (0 along broadcast dimensions). */
  static int[] broadcastStrides(Tensor t, int[] outShape) {
    int[] s = new int[outShape.length];
    int lead = outShape.length - t.shape.length;
    for (int i = 0; i < t.shape.length; i++) {
      s[lead + i] = t.shape[i] == 1 && outShape[lead + i] != 1 ? 0 : t.strides[i];
    }
    return s;
  }

  /** Copies {@code src} in row-major order into {@code dst} starting at {@code dstOff}. */
  static void copy(Tensor src, float[] dst, int dstOff) {
    int n = src.numel();
    if (n == 0) {
      return;
    }
    float[] s = src.storage.data;
    if (src.isContiguous()) {
      System.arraycopy(s, src.offset, dst, dstOff, n);
      return;
    }
    int[] shape = src.shape;
    int nd = shape.length;
    int inner = shape[nd - 1];
    int is = src.strides[nd - 1];
    int[] idx = new int[nd];
    int off = src.offset;
    for (int o = dstOff; o < dstOff + n; o += inner) {
      for (int j = 0, p = off; j < inner; j++, p += is) {
        dst[o + j] = s[p];
      }
      off = advance(idx, shape, src.strides, off, nd - 2);
    }
  }

  /** One odometer step over dimensions {@code 0..top}; returns the new offset. */
  static int advance(int[] idx, int[] shape, int[] strides, int off, int top) {
    for (int d = top; d >= 0; d--) {
      idx[d]++;
      off += strides[d];
      if (idx[d] < shape[d]) {
        return off;
      }
      off -= strides[d] * shape[d];
      idx[d] = 0;
    }
    return off;
  }

  /** {@code out[i] = f(a[i])} over all elements of {@code a}, row-major; {@code out} is contiguous. */
  static float[] map(Tensor a, Unary f) {
    float[] out = new float[a.numel()];
    if (a.isContiguous()) {
      float[] d = a.storage.data;
      int off = a.offset;
      for (int i = 0; i < out.length; i++) {
        out[i] = f.apply(d[off + i]);
      }
    } else {
      copy(a, out, 0);
      for (int i = 0; i < out.length; i++) {
        out[i] = f.apply(out[i]);
      }
    }
    return out;
  }

  /** {@code out = f(a, b)} with {@code a} and {@code b} broadcast to {@code shape}. */
  static float[] zip(int[] shape, Tensor a, Tensor b, Binary f) {
    int n = Shape.numel(shape);
    float[] out = new float[n];
    if (n == 0) {
      return out;
    }
    float[] ad = a.storage.data;
    float[] bd = b.storage.data;
    if (a.isContiguous() && b.isContiguous() && a.numel() == n && b.numel() == n) {
      int ao = a.offset;
      int bo = b.offset;
      for (int i = 0; i < n; i++) {
        out[i] = f.apply(ad[ao + i], bd[bo + i]);
      }
      return out;
    }
    if (b.numel() == 1 && a.isContiguous() && a.numel() == n) {
      float bv = bd[b.offset];
      int ao = a.offset;
      for (int i = 0; i < n; i++) {
        out[i] = f.apply(ad[ao + i], bv);
      }
      return out;
    }
    int nd = shape.length;
    if (nd == 0) {
      out[0] = f.apply(ad[a.offset], bd[b.offset]);
      return out;
    }
    int[] sa = broadcastStrides(a, shape);
    int[] sb = broadcastStrides(b, shape);
    int inner = shape[nd - 1];
    int ia = sa[nd - 1];
    int ib = sb[nd - 1];
    int[] idxA = new int[nd];
    int[] idxB = new int[nd];
    int oa = a.offset;
    int ob = b.offset;
    for (int o = 0; o < n; o += inner) {
      for (int j = 0, pa = oa, pb = ob; j < inner; j++, pa += ia, pb += ib) {
        out[o + j] = f.apply(ad[pa], bd[pb]);
      }
      oa = advance(idxA, shape, sa, oa, nd - 2);
      ob = advance(idxB, shape, sb, ob, nd - 2);
    }
    return out;
  }

  /** {@code out = f(a, b, c)} with all three broadcast to {@code shape}. */
  static float[] zip3(int[] shape, Tensor a, Tensor b, Tensor c, Ternary f) {
    float[] av = materialize(a, shape);
    float[] bv = materialize(b, shape);
    float[] cv = materialize(c, shape);
    float[] out = new float[av.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.apply(av[i], bv[i], cv[i]);
    }
    return out;
  }

  /** {@code t} broadcast to {@code shape}, as a new row-major array. */
  static float[] materialize(Tensor t, int[] shape) {
    float[] out = new float[Shape.numel(shape)];
    copy(new Tensor(t.storage, t.offset, shape, broadcastStrides(t, shape)), out, 0);
    return out;
  }
}
