package org.sgd4j.tensor;

import org.sgd4j.tensor.kernel.Parallel;

/**
 * Fast paths of the elementwise ops for the common layouts: contiguous operands of one shape, a
 * scalar operand, a row broadcast along the leading dimensions (a bias added to every row) and a
 * column broadcast along the trailing ones (a per-row value, e.g. a keepdim sum). Each op has its own
 * plain counted loop over plain indices (no per-element functional call, no offset inside the index
 * expression), so C2 compiles it to SIMD code; operands at other offsets go through small scratch
 * copies. Each element gets exactly the float operation of the general path, so the results are
 * bit-identical to it and do not depend on the thread count. Inputs of {@link #PARALLEL_MIN} elements
 * or more are split in contiguous ranges over {@link Parallel}.
 *
 * <p>Every entry returns {@code null} (or {@code false}) when its layout does not apply; the caller
 * then takes the general strided path.
 */
final class Elementwise {
  private Elementwise() {}

  /** Elements from which a loop is split over threads. */
  static final int PARALLEL_MIN = 1 << 16;

  /** Elements per part of a split loop, at least. */
  private static final int PART_MIN = 1 << 15;

  /** Length of the scratch buffers used to realign operands at other offsets. */
  private static final int CHUNK = 2048;

  /** A binary op with a loop of its own. */
  enum Op {
    ADD, SUB, MUL, DIV
  }

  /** A unary op with a loop of its own. */
  enum Fn {
    EXP, LOG, LOG1P, SQRT, RSQRT, ABS, SIGN, RELU, SIGMOID, TANH, SIN, COS
  }

  // ---- out-of-place binary ----------------------------------------------------------------------

  /**
   * {@code a op b} broadcast to {@code shape} as a new row-major array, or null when the operands'
   * layout has no fast path.
   */
  static float[] zip(Op op, int[] shape, Tensor a, Tensor b) {
    int n = Shape.numel(shape);
    if (n == 0 || !a.isContiguous() || !b.isContiguous()) {
      return null;
    }
    int na = a.numel();
    int nb = b.numel();
    if (na == n && nb == n) {
      float[] out = new float[n];
      split(n, (from, to) -> vv(op, out, from, a.storage.data, a.offset + from, b.storage.data, b.offset + from, to - from));
      return out;
    }
    if (na == n && nb == 1) {
      float s = b.storage.data[b.offset];
      float[] out = new float[n];
      split(n, (from, to) -> vs(op, out, from, a.storage.data, a.offset + from, s, to - from));
      return out;
    }
    if (nb == n && na == 1) {
      float s = a.storage.data[a.offset];
      float[] out = new float[n];
      split(n, (from, to) -> sv(op, out, from, s, b.storage.data, b.offset + from, to - from));
      return out;
    }
    if (na == n && isRow(b.shape, shape)) {
      return rows(op, n, a, b, false);
    }
    if (nb == n && isRow(a.shape, shape)) {
      return rows(op, n, b, a, true);
    }
    if (na == n && isColumn(b.shape, shape)) {
      return columns(op, n, a, b, false);
    }
    if (nb == n && isColumn(a.shape, shape)) {
      return columns(op, n, b, a, true);
    }
    return null;
  }

  /** Whether {@code s} without its leading 1s is a suffix of {@code shape} (a row repeated over the leading dims). */
  static boolean isRow(int[] s, int[] shape) {
    int k = 0;
    while (k < s.length && s[k] == 1) {
      k++;
    }
    int len = s.length - k;
    if (len == 0 || len > shape.length) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (s[k + i] != shape[shape.length - len + i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code s} has the rank of {@code shape}, equals it on leading dims and is 1 on the others
   * (one value per leading index, repeated along the trailing dims).
   */
  static boolean isColumn(int[] s, int[] shape) {
    if (s.length != shape.length) {
      return false;
    }
    int k = 0;
    while (k < s.length && s[k] == shape[k]) {
      k++;
    }
    for (int i = k; i < s.length; i++) {
      if (s[i] != 1) {
        return false;
      }
    }
    return true;
  }

  /** {@code full op row} (or {@code row op full} when {@code rowFirst}) with the row repeated. */
  private static float[] rows(Op op, int n, Tensor full, Tensor row, boolean rowFirst) {
    int inner = row.numel();
    int rows = n / inner;
    float[] out = new float[n];
    float[] f = full.storage.data;
    float[] r = row.storage.data;
    int ro = row.offset;
    float[] rowCopy = ro == 0 ? r : java.util.Arrays.copyOfRange(r, ro, ro + inner);
    splitRows(rows, inner, (r0, r1) -> {
      float[] x = new float[inner];
      for (int i = r0; i < r1; i++) {
        System.arraycopy(f, full.offset + i * inner, x, 0, inner);
        if (rowFirst) {
          kernelVV(op, x, rowCopy, x, 0, inner);
        } else {
          kernelVV(op, x, x, rowCopy, 0, inner);
        }
        System.arraycopy(x, 0, out, i * inner, inner);
      }
    });
    return out;
  }

  /** {@code full op col} (or {@code col op full} when {@code colFirst}) with one value per row. */
  private static float[] columns(Op op, int n, Tensor full, Tensor col, boolean colFirst) {
    int rows = col.numel();
    int inner = n / rows;
    float[] out = new float[n];
    float[] f = full.storage.data;
    float[] c = col.storage.data;
    splitRows(rows, inner, (r0, r1) -> {
      for (int i = r0; i < r1; i++) {
        float s = c[col.offset + i];
        if (colFirst) {
          sv(op, out, i * inner, s, f, full.offset + i * inner, inner);
        } else {
          vs(op, out, i * inner, f, full.offset + i * inner, s, inner);
        }
      }
    });
    return out;
  }

  /** A comparison with a loop of its own; the result is 1 where it holds, else 0 (NaN compares false, except NE). */
  enum Cmp {
    EQ, NE, LT, LE, GT, GE;

    /** The comparison named {@code op} ("eq", "ne", "lt", "le", "gt", "ge"), or null. */
    static Cmp of(String op) {
      return switch (op) {
        case "eq" -> EQ;
        case "ne" -> NE;
        case "lt" -> LT;
        case "le" -> LE;
        case "gt" -> GT;
        case "ge" -> GE;
        default -> null;
      };
    }

    /** The comparison with the operands swapped: {@code a < b} is {@code b > a}, NaN included. */
    Cmp flipped() {
      return switch (this) {
        case LT -> GT;
        case LE -> GE;
        case GT -> LT;
        case GE -> LE;
        default -> this;
      };
    }
  }

  /**
   * {@code a cmp b ? 1 : 0} broadcast to {@code shape}, or null when neither both operands are
   * contiguous with the shape's element count nor one of them is a scalar and the other contiguous.
   */
  static float[] compare(Cmp cmp, int[] shape, Tensor a, Tensor b) {
    int n = Shape.numel(shape);
    if (cmp == null || n == 0 || !a.isContiguous() || !b.isContiguous()) {
      return null;
    }
    int na = a.numel();
    int nb = b.numel();
    float[] out = new float[n];
    if (na == n && nb == n) {
      float[] x = dense(a);
      float[] y = dense(b);
      split(n, (from, to) -> kernelCmpVV(cmp, out, x, y, from, to));
      return out;
    }
    if (na == n && nb == 1) {
      float[] x = dense(a);
      float s = b.storage.data[b.offset];
      split(n, (from, to) -> kernelCmpVS(cmp, out, x, s, from, to));
      return out;
    }
    if (nb == n && na == 1) {
      float[] y = dense(b);
      float s = a.storage.data[a.offset];
      Cmp f = cmp.flipped();
      split(n, (from, to) -> kernelCmpVS(f, out, y, s, from, to));
      return out;
    }
    return null;
  }

  /**
   * {@code cond != 0 ? x : y} broadcast to {@code shape}, or null unless {@code cond} is contiguous
   * with the shape's element count and {@code x}, {@code y} are each that or a scalar.
   */
  static float[] where(int[] shape, Tensor cond, Tensor x, Tensor y) {
    int n = Shape.numel(shape);
    if (n == 0 || cond.numel() != n || !cond.isContiguous() || !fullOrScalar(x, n) || !fullOrScalar(y, n)) {
      return null;
    }
    float[] c = dense(cond);
    float[] out = new float[n];
    if (x.numel() == n && y.numel() == n) {
      float[] xv = dense(x);
      float[] yv = dense(y);
      split(n, (from, to) -> {
        for (int i = from; i < to; i++) {
          out[i] = c[i] != 0 ? xv[i] : yv[i];
        }
      });
    } else if (x.numel() == n) {
      float[] xv = dense(x);
      float ys = y.storage.data[y.offset];
      split(n, (from, to) -> {
        for (int i = from; i < to; i++) {
          out[i] = c[i] != 0 ? xv[i] : ys;
        }
      });
    } else if (y.numel() == n) {
      float xs = x.storage.data[x.offset];
      float[] yv = dense(y);
      split(n, (from, to) -> {
        for (int i = from; i < to; i++) {
          out[i] = c[i] != 0 ? xs : yv[i];
        }
      });
    } else {
      float xs = x.storage.data[x.offset];
      float ys = y.storage.data[y.offset];
      split(n, (from, to) -> {
        for (int i = from; i < to; i++) {
          out[i] = c[i] != 0 ? xs : ys;
        }
      });
    }
    return out;
  }

  private static boolean fullOrScalar(Tensor t, int n) {
    return t.numel() == 1 || (t.numel() == n && t.isContiguous());
  }

  /** The storage of contiguous {@code t} when it starts at offset 0, else a copy of its elements. */
  private static float[] dense(Tensor t) {
    return t.offset == 0 ? t.storage.data : java.util.Arrays.copyOfRange(t.storage.data, t.offset, t.offset + t.numel());
  }

  // ---- in place ---------------------------------------------------------------------------------

  /**
   * {@code t = t op other} in place when both are contiguous in distinct storages and {@code other}
   * has the shape's element count, is a scalar, or is a row repeated over the leading dims. Returns
   * false (nothing written) otherwise.
   */
  static boolean inPlace(Op op, Tensor t, Tensor other) {
    int n = t.numel();
    if (n == 0 || !t.isContiguous() || !other.isContiguous() || other.storage == t.storage
        || !Shape.broadcastableTo(other.shape, t.shape)) {
      return false;
    }
    float[] d = t.storage.data;
    float[] o = other.storage.data;
    int no = other.numel();
    if (no == n) {
      split(n, (from, to) -> vv(op, d, t.offset + from, d, t.offset + from, o, other.offset + from, to - from));
      return true;
    }
    if (no == 1) {
      inPlace(op, t, o[other.offset]);
      return true;
    }
    if (isRow(other.shape, t.shape)) {
      int inner = no;
      float[] row = other.offset == 0 ? o : java.util.Arrays.copyOfRange(o, other.offset, other.offset + inner);
      splitRows(n / inner, inner, (r0, r1) -> {
        float[] x = new float[inner];
        for (int i = r0; i < r1; i++) {
          int at = t.offset + i * inner;
          System.arraycopy(d, at, x, 0, inner);
          kernelVV(op, x, x, row, 0, inner);
          System.arraycopy(x, 0, d, at, inner);
        }
      });
      return true;
    }
    return false;
  }

  /** {@code t = t op s} in place when {@code t} is contiguous; false (nothing written) otherwise. */
  static boolean inPlace(Op op, Tensor t, float s) {
    int n = t.numel();
    if (n == 0 || !t.isContiguous()) {
      return false;
    }
    float[] d = t.storage.data;
    split(n, (from, to) -> vs(op, d, t.offset + from, d, t.offset + from, s, to - from));
    return true;
  }

  /** Copies contiguous {@code src} into contiguous {@code t} of the same element count; false otherwise. */
  static boolean copy(Tensor t, Tensor src) {
    int n = t.numel();
    if (!t.isContiguous() || !src.isContiguous() || src.numel() != n || !Shape.broadcastableTo(src.shape, t.shape)) {
      return false;
    }
    System.arraycopy(src.storage.data, src.offset, t.storage.data, t.offset, n);
    return true;
  }

  // ---- unary ------------------------------------------------------------------------------------

  /** {@code fn(a)} as a new row-major array, or null when {@code a} is not contiguous. */
  static float[] map(Fn fn, Tensor a) {
    if (!a.isContiguous()) {
      return null;
    }
    int n = a.numel();
    float[] out = new float[n];
    if (n == 0) {
      return out;
    }
    float[] d = a.storage.data;
    int ao = a.offset;
    split(n, (from, to) -> {
      if (ao == 0) {
        kernelFn(fn, out, d, from, to);
      } else {
        float[] x = new float[Math.min(CHUNK, to - from)];
        for (int c = from; c < to; c += CHUNK) {
          int len = Math.min(CHUNK, to - c);
          System.arraycopy(d, ao + c, x, 0, len);
          kernelFn(fn, x, x, 0, len);
          System.arraycopy(x, 0, out, c, len);
        }
      }
    });
    return out;
  }

  /** {@code a op s} for contiguous {@code a} as a new row-major array, or null when {@code a} is not contiguous. */
  static float[] mapScalar(Op op, Tensor a, float s) {
    if (!a.isContiguous()) {
      return null;
    }
    int n = a.numel();
    float[] out = new float[n];
    split(n, (from, to) -> vs(op, out, from, a.storage.data, a.offset + from, s, to - from));
    return out;
  }

  // ---- ranges and realignment -------------------------------------------------------------------

  /** Runs {@code body} over {@code [0, n)}, split in fixed contiguous ranges when {@code n} is large. */
  static void split(int n, Parallel.Range body) {
    Parallel.runRanges(n, n < PARALLEL_MIN ? 1 : Parallel.parts(n, PART_MIN), body);
  }

  /** Runs {@code body} over rows {@code [0, rows)} of {@code inner} elements, split when large. */
  static void splitRows(int rows, int inner, Parallel.Range body) {
    long n = (long) rows * inner;
    Parallel.runRanges(rows, n < PARALLEL_MIN ? 1 : (int) Math.min(rows, Parallel.parts(n, PART_MIN)), body);
  }

  /** {@code dst[do+i] = x[xo+i] op y[yo+i]} for {@code i < n}; {@code dst} may be {@code x}. */
  static void vv(Op op, float[] dst, int dOff, float[] x, int xOff, float[] y, int yOff, int n) {
    if (dOff == xOff && xOff == yOff) {
      kernelVV(op, dst, x, y, dOff, dOff + n);
      return;
    }
    float[] cx = new float[Math.min(CHUNK, n)];
    float[] cy = new float[cx.length];
    for (int c = 0; c < n; c += CHUNK) {
      int len = Math.min(CHUNK, n - c);
      System.arraycopy(x, xOff + c, cx, 0, len);
      System.arraycopy(y, yOff + c, cy, 0, len);
      kernelVV(op, cx, cx, cy, 0, len);
      System.arraycopy(cx, 0, dst, dOff + c, len);
    }
  }

  /** {@code dst[do+i] = x[xo+i] op s} for {@code i < n}; {@code dst} may be {@code x}. */
  static void vs(Op op, float[] dst, int dOff, float[] x, int xOff, float s, int n) {
    if (dOff == xOff) {
      kernelVS(op, dst, x, s, dOff, dOff + n);
      return;
    }
    float[] cx = new float[Math.min(CHUNK, n)];
    for (int c = 0; c < n; c += CHUNK) {
      int len = Math.min(CHUNK, n - c);
      System.arraycopy(x, xOff + c, cx, 0, len);
      kernelVS(op, cx, cx, s, 0, len);
      System.arraycopy(cx, 0, dst, dOff + c, len);
    }
  }

  /** {@code dst[do+i] = s op y[yo+i]} for {@code i < n}. */
  static void sv(Op op, float[] dst, int dOff, float s, float[] y, int yOff, int n) {
    if (dOff == yOff) {
      kernelSV(op, dst, s, y, dOff, dOff + n);
      return;
    }
    float[] cy = new float[Math.min(CHUNK, n)];
    for (int c = 0; c < n; c += CHUNK) {
      int len = Math.min(CHUNK, n - c);
      System.arraycopy(y, yOff + c, cy, 0, len);
      kernelSV(op, cy, s, cy, 0, len);
      System.arraycopy(cy, 0, dst, dOff + c, len);
    }
  }

  // ---- the loops: one per op, plain indices ---------------------------------------------------------

  static void kernelVV(Op op, float[] d, float[] x, float[] y, int from, int to) {
    switch (op) {
      case ADD -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] + y[i];
        }
      }
      case SUB -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] - y[i];
        }
      }
      case MUL -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] * y[i];
        }
      }
      case DIV -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] / y[i];
        }
      }
      default -> throw new AssertionError(op);
    }
  }

  static void kernelVS(Op op, float[] d, float[] x, float s, int from, int to) {
    switch (op) {
      case ADD -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] + s;
        }
      }
      case SUB -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] - s;
        }
      }
      case MUL -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] * s;
        }
      }
      case DIV -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] / s;
        }
      }
      default -> throw new AssertionError(op);
    }
  }

  static void kernelSV(Op op, float[] d, float s, float[] y, int from, int to) {
    switch (op) {
      case ADD -> {
        for (int i = from; i < to; i++) {
          d[i] = s + y[i];
        }
      }
      case SUB -> {
        for (int i = from; i < to; i++) {
          d[i] = s - y[i];
        }
      }
      case MUL -> {
        for (int i = from; i < to; i++) {
          d[i] = s * y[i];
        }
      }
      case DIV -> {
        for (int i = from; i < to; i++) {
          d[i] = s / y[i];
        }
      }
      default -> throw new AssertionError(op);
    }
  }

  static void kernelCmpVV(Cmp cmp, float[] d, float[] x, float[] y, int from, int to) {
    switch (cmp) {
      case EQ -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] == y[i] ? 1f : 0f;
        }
      }
      case NE -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] != y[i] ? 1f : 0f;
        }
      }
      case LT -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] < y[i] ? 1f : 0f;
        }
      }
      case LE -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] <= y[i] ? 1f : 0f;
        }
      }
      case GT -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] > y[i] ? 1f : 0f;
        }
      }
      case GE -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] >= y[i] ? 1f : 0f;
        }
      }
      default -> throw new AssertionError(cmp);
    }
  }

  static void kernelCmpVS(Cmp cmp, float[] d, float[] x, float s, int from, int to) {
    switch (cmp) {
      case EQ -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] == s ? 1f : 0f;
        }
      }
      case NE -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] != s ? 1f : 0f;
        }
      }
      case LT -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] < s ? 1f : 0f;
        }
      }
      case LE -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] <= s ? 1f : 0f;
        }
      }
      case GT -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] > s ? 1f : 0f;
        }
      }
      case GE -> {
        for (int i = from; i < to; i++) {
          d[i] = x[i] >= s ? 1f : 0f;
        }
      }
      default -> throw new AssertionError(cmp);
    }
  }

  static void kernelFn(Fn fn, float[] d, float[] x, int from, int to) {
    switch (fn) {
      case EXP -> {
        for (int i = from; i < to; i++) {
          d[i] = (float) Math.exp(x[i]);
        }
      }
      case LOG -> {
        for (int i = from; i < to; i++) {
          d[i] = (float) Math.log(x[i]);
        }
      }
      case LOG1P -> {
        for (int i = from; i < to; i++) {
          d[i] = (float) Math.log1p(x[i]);
        }
      }
      case RSQRT -> {
        for (int i = from; i < to; i++) {
          d[i] = (float) (1.0 / Math.sqrt(x[i]));
        }
      }
      case SIGN -> {
        for (int i = from; i < to; i++) {
          d[i] = Math.signum(x[i]);
        }
      }
      case SIN -> {
        for (int i = from; i < to; i++) {
          d[i] = (float) Math.sin(x[i]);
        }
      }
      case COS -> {
        for (int i = from; i < to; i++) {
          d[i] = (float) Math.cos(x[i]);
        }
      }
      case SQRT -> {
        for (int i = from; i < to; i++) {
          d[i] = (float) Math.sqrt(x[i]);
        }
      }
      case ABS -> {
        for (int i = from; i < to; i++) {
          d[i] = Math.abs(x[i]);
        }
      }
      case RELU -> {
        for (int i = from; i < to; i++) {
          float v = x[i];
          d[i] = v > 0 ? v : (v == v ? 0f : v);
        }
      }
      case SIGMOID -> {
        for (int i = from; i < to; i++) {
          d[i] = 1f / (1f + (float) Math.exp(-x[i]));
        }
      }
      case TANH -> {
        for (int i = from; i < to; i++) {
          d[i] = (float) Math.tanh(x[i]);
        }
      }
      default -> throw new AssertionError(fn);
    }
  }
}
