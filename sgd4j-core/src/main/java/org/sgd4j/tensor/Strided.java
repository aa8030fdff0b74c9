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
    copy(a, out, 0);
    for (int i = 0; i < out.length; i++) {
      out[i] = f.apply(out[i]);
    }
    return out;
  }

  /** {@code t[i] = f(t[i])} in place over every element of {@code t}, whatever its strides. */
  static void mapInPlace(Tensor t, Unary f) {
    zip(t.shape, t.storage.data, t.offset, t.strides, t, Tensor.scalar(0f), (x, unused) -> f.apply(x));
  }

  /** {@code out = f(a, b)} with {@code a} and {@code b} broadcast to {@code shape}, as a new row-major array. */
  static float[] zip(int[] shape, Tensor a, Tensor b, Binary f) {
    float[] out = new float[Shape.numel(shape)];
    zip(shape, out, 0, Shape.contiguousStrides(shape), a, b, f);
    return out;
  }

  /**
   * {@code d = f(a, b)} with {@code a} and {@code b} broadcast to {@code shape} and the destination at
   * {@code dOff} with strides {@code dStrides}: the innermost dimension as a counted loop, the outer
   * ones by odometers. {@code a} may be the destination itself (in place); {@code b} must not overlap it.
   */
  static void zip(int[] shape, float[] d, int dOff, int[] dStrides, Tensor a, Tensor b, Binary f) {
    int n = Shape.numel(shape);
    if (n == 0) {
      return;
    }
    float[] ad = a.storage.data;
    float[] bd = b.storage.data;
    int nd = shape.length;
    if (nd == 0) {
      d[dOff] = f.apply(ad[a.offset], bd[b.offset]);
      return;
    }
    int[] sa = broadcastStrides(a, shape);
    int[] sb = broadcastStrides(b, shape);
    int inner = shape[nd - 1];
    int id = dStrides[nd - 1];
    int ia = sa[nd - 1];
    int ib = sb[nd - 1];
    int[] idxD = new int[nd];
    int[] idxA = new int[nd];
    int[] idxB = new int[nd];
    int od = dOff;
    int oa = a.offset;
    int ob = b.offset;
    for (int o = 0; o < n; o += inner) {
      for (int j = 0, pd = od, pa = oa, pb = ob; j < inner; j++, pd += id, pa += ia, pb += ib) {
        d[pd] = f.apply(ad[pa], bd[pb]);
      }
      od = advance(idxD, shape, dStrides, od, nd - 2);
      oa = advance(idxA, shape, sa, oa, nd - 2);
      ob = advance(idxB, shape, sb, ob, nd - 2);
    }
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
