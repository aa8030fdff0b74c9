package org.sgd4j.tensor;

import org.sgd4j.tensor.kernel.ElementSplit;

/**
 * The loops of the elementwise ops, below autograd ({@link ElementwiseFunctions} records the
 * derivatives; in-place ops come here through {@link InPlace}): each op is an enum constant that
 * carries its name and its scalar function, and one dispatcher per arity picks the operands'
 * {@link Layout} once and runs that layout's loop. The layouts: contiguous operands of one shape, a
 * scalar operand, a row repeated along the leading dimensions (a bias added to every row), a column
 * repeated along the trailing ones (a per-row value, e.g. a keepdim sum), and the general strided walk
 * ({@link Strided}) for everything else.
 *
 * <p>Every layout but the strided one runs the op's own plain counted loop over plain indices (no
 * per-element functional call, no offset inside the index expression), so C2 compiles it to SIMD code;
 * operands at other offsets go through small scratch copies. The strided walk calls the op's scalar
 * function. The loops compute exactly the scalar function's float operation per element
 * ({@code ElementwiseOpsTest} checks each against it), so every layout gives the same bits, and
 * work of {@link ElementSplit} size is split over the kernel threads without changing them.
 */
final class ElementwiseLoops {
  private ElementwiseLoops() {}

  /** Length of the scratch buffers used to realign operands at other offsets. */
  private static final int CHUNK = 2048;

  /** A binary arithmetic op: its name and its scalar function; {@link #kernelVV} and friends hold its loops. */
  enum Op implements Strided.Binary {
    ADD("add", (a, b) -> a + b),
    SUB("sub", (a, b) -> a - b),
    MUL("mul", (a, b) -> a * b),
    DIV("div", (a, b) -> a / b);

    /** The op's name, as {@code torch} names it ({@code "add"}). */
    final String opName;
    /** The in-place form's name ({@code "add_"}). */
    final String inPlaceName;
    private final Strided.Binary f;

    Op(String opName, Strided.Binary f) {
      this.opName = opName;
      this.inPlaceName = opName + "_";
      this.f = f;
    }

    @Override
    public float apply(float a, float b) {
      return f.apply(a, b);
    }
  }

  /** A unary function: its name and its scalar function; {@link #kernelFn} holds its loop. */
  enum Fn implements Strided.Unary {
    EXP("exp", x -> (float) Math.exp(x)),
    LOG("log", x -> (float) Math.log(x)),
    LOG1P("log1p", x -> (float) Math.log1p(x)),
    SQRT("sqrt", x -> (float) Math.sqrt(x)),
    RSQRT("rsqrt", x -> (float) (1.0 / Math.sqrt(x))),
    ABS("abs", Math::abs),
    SIGN("sign", Math::signum),
    /** max(x, 0), NaN kept. */
    RELU("relu", x -> x > 0 ? x : (x == x ? 0f : x)),
    /** 1 / (1 + e^-x) in float, as PyTorch's CPU kernel: e^-x overflows to inf for x < -88.7, giving exactly 0. */
    SIGMOID("sigmoid", x -> 1f / (1f + (float) Math.exp(-x))),
    /** x σ(x) = x / (1 + e^-x), in float as PyTorch's CPU kernel. */
    SILU("silu", x -> x / (1f + (float) Math.exp(-x))),
    TANH("tanh", x -> (float) Math.tanh(x)),
    SIN("sin", x -> (float) Math.sin(x)),
    COS("cos", x -> (float) Math.cos(x));

    /** The function's name, as {@code torch} names it. */
    final String fnName;
    private final Strided.Unary f;

    Fn(String fnName, Strided.Unary f) {
      this.fnName = fnName;
      this.f = f;
    }

    @Override
    public float apply(float x) {
      return f.apply(x);
    }
  }

  /** A comparison: 1 where it holds, else 0 (NaN compares false, except for NE). */
  enum Cmp implements Strided.Binary {
    EQ("eq"), NE("ne"), LT("lt"), LE("le"), GT("gt"), GE("ge");

    /** The comparison's name, as {@code torch} names it. */
    final String cmpName;

    Cmp(String cmpName) {
      this.cmpName = cmpName;
    }

    @Override
    public float apply(float a, float b) {
      boolean holds = switch (this) {
        case EQ -> a == b;
        case NE -> a != b;
        case LT -> a < b;
        case LE -> a <= b;
        case GT -> a > b;
        case GE -> a >= b;
      };
      return holds ? 1f : 0f;
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

  /** How two operands lie against the output shape; picked once per op, one loop per layout. */
  enum Layout {
    /** Both contiguous with the output's element count. */
    SAME,
    /** The left operand full and contiguous, the right one a single value (and the mirror image). */
    SCALAR_RIGHT, SCALAR_LEFT,
    /** The left operand full and contiguous, the right one a contiguous row repeated over the leading dims. */
    ROW_RIGHT, ROW_LEFT,
    /** The left operand full and contiguous, the right one a contiguous value per leading index. */
    COLUMN_RIGHT, COLUMN_LEFT,
    /** Anything else: the strided walk. */
    STRIDED;

    /** The layout of {@code a} and {@code b} broadcast to {@code shape}. */
    static Layout of(int[] shape, Tensor a, Tensor b) {
      int n = Shape.numel(shape);
      if (n == 0 || !a.isContiguous() || !b.isContiguous()) {
        return STRIDED;
      }
      int na = a.numel();
      int nb = b.numel();
      if (na == n && nb == n) {
        return SAME;
      } else if (na == n && nb == 1) {
        return SCALAR_RIGHT;
      } else if (nb == n && na == 1) {
        return SCALAR_LEFT;
      } else if (na == n && isRow(b.shape, shape)) {
        return ROW_RIGHT;
      } else if (nb == n && isRow(a.shape, shape)) {
        return ROW_LEFT;
      } else if (na == n && isColumn(b.shape, shape)) {
        return COLUMN_RIGHT;
      } else if (nb == n && isColumn(a.shape, shape)) {
        return COLUMN_LEFT;
      }
      return STRIDED;
    }
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

  // ---- binary -------------------------------------------------------------------------------------

  /** {@code a op b} broadcast to {@code shape}, as a new row-major array. */
  static float[] zip(Op op, int[] shape, Tensor a, Tensor b) {
    float[] out = new float[Shape.numel(shape)];
    zip(op, Layout.of(shape, a, b), shape, out, 0, Shape.contiguousStrides(shape), a, b);
    return out;
  }

  /**
   * {@code t = t op other} in place, {@code other} broadcast to {@code t}'s shape. An {@code other}
   * that shares {@code t}'s storage is read in full before anything is written.
   */
  static void zipInPlace(Op op, Tensor t, Tensor other) {
    Tensor o = snapshotIfShared(t, other);
    Layout layout = t.isContiguous() ? Layout.of(t.shape, t, o) : Layout.STRIDED;
    zip(op, layout, t.shape, t.storage.data, t.offset, t.strides, t, o);
  }

  /** {@code t = f(t, other)} in place for a function without a loop of its own: the strided walk. */
  static void zipInPlace(Strided.Binary f, Tensor t, Tensor other) {
    Tensor o = snapshotIfShared(t, other);
    Strided.zip(t.shape, t.storage.data, t.offset, t.strides, t, o, f);
  }

  /** {@code other}, or a copy broadcast to {@code t}'s shape when it shares {@code t}'s storage. */
  private static Tensor snapshotIfShared(Tensor t, Tensor other) {
    return other.storage != t.storage ? other : Tensor.wrap(Strided.materialize(other, t.shape), t.shape.clone());
  }

  /**
   * The dispatcher: {@code d = a op b} over {@code shape}, the destination at {@code dOff} with strides
   * {@code dStrides} (dense unless the layout is strided). In place, {@code a} is the destination.
   */
  private static void zip(Op op, Layout layout, int[] shape, float[] d, int dOff, int[] dStrides, Tensor a, Tensor b) {
    int n = Shape.numel(shape);
    switch (layout) {
      case SAME -> ElementSplit.run(n, (from, to) ->
          vv(op, d, dOff + from, a.storage.data, a.offset + from, b.storage.data, b.offset + from, to - from));
      case SCALAR_RIGHT -> {
        float s = b.storage.data[b.offset];
        ElementSplit.run(n, (from, to) -> vs(op, d, dOff + from, a.storage.data, a.offset + from, s, to - from));
      }
      case SCALAR_LEFT -> {
        float s = a.storage.data[a.offset];
        ElementSplit.run(n, (from, to) -> sv(op, d, dOff + from, s, b.storage.data, b.offset + from, to - from));
      }
      case ROW_RIGHT -> rows(op, n, d, dOff, a, b, false);
      case ROW_LEFT -> rows(op, n, d, dOff, b, a, true);
      case COLUMN_RIGHT -> columns(op, n, d, dOff, a, b, false);
      case COLUMN_LEFT -> columns(op, n, d, dOff, b, a, true);
      case STRIDED -> Strided.zip(shape, d, dOff, dStrides, a, b, op);
      default -> throw new AssertionError(layout);
    }
  }

  /** {@code full op row} (or {@code row op full} when {@code rowFirst}) with the row repeated, into dense {@code d}. */
  private static void rows(Op op, int n, float[] d, int dOff, Tensor full, Tensor row, boolean rowFirst) {
    int inner = row.numel();
    float[] f = full.storage.data;
    float[] r = row.storage.data;
    int ro = row.offset;
    float[] rowCopy = ro == 0 ? r : java.util.Arrays.copyOfRange(r, ro, ro + inner);
    ElementSplit.runRows(n / inner, inner, (r0, r1) -> {
      float[] x = new float[inner];
      for (int i = r0; i < r1; i++) {
        System.arraycopy(f, full.offset + i * inner, x, 0, inner);
        if (rowFirst) {
          kernelVV(op, x, rowCopy, x, 0, inner);
        } else {
          kernelVV(op, x, x, rowCopy, 0, inner);
        }
        System.arraycopy(x, 0, d, dOff + i * inner, inner);
      }
    });
  }

  /** {@code full op col} (or {@code col op full} when {@code colFirst}) with one value per row, into dense {@code d}. */
  private static void columns(Op op, int n, float[] d, int dOff, Tensor full, Tensor col, boolean colFirst) {
    int rows = col.numel();
    int inner = n / rows;
    float[] f = full.storage.data;
    float[] c = col.storage.data;
    ElementSplit.runRows(rows, inner, (r0, r1) -> {
      for (int i = r0; i < r1; i++) {
        float s = c[col.offset + i];
        if (colFirst) {
          sv(op, d, dOff + i * inner, s, f, full.offset + i * inner, inner);
        } else {
          vs(op, d, dOff + i * inner, f, full.offset + i * inner, s, inner);
        }
      }
    });
  }

  /** {@code a cmp b ? 1 : 0} broadcast to {@code shape}, as a new row-major array. */
  static float[] compare(Cmp cmp, int[] shape, Tensor a, Tensor b) {
    int n = Shape.numel(shape);
    Layout layout = Layout.of(shape, a, b);
    if (layout != Layout.SAME && layout != Layout.SCALAR_RIGHT && layout != Layout.SCALAR_LEFT) {
      return Strided.zip(shape, a, b, cmp);
    }
    float[] out = new float[n];
    switch (layout) {
      case SAME -> {
        float[] x = a.dataFromZero();
        float[] y = b.dataFromZero();
        ElementSplit.run(n, (from, to) -> kernelCmpVV(cmp, out, x, y, from, to));
      }
      case SCALAR_RIGHT -> {
        float[] x = a.dataFromZero();
        float s = b.storage.data[b.offset];
        ElementSplit.run(n, (from, to) -> kernelCmpVS(cmp, out, x, s, from, to));
      }
      default -> {
        float[] y = b.dataFromZero();
        float s = a.storage.data[a.offset];
        Cmp f = cmp.flipped();
        ElementSplit.run(n, (from, to) -> kernelCmpVS(f, out, y, s, from, to));
      }
    }
    return out;
  }

  /** {@code cond != 0 ? x : y} broadcast to {@code shape}, as a new row-major array. */
  static float[] where(int[] shape, Tensor cond, Tensor x, Tensor y) {
    int n = Shape.numel(shape);
    if (n == 0 || cond.numel() != n || !cond.isContiguous() || !fullOrScalar(x, n) || !fullOrScalar(y, n)) {
      return Strided.zip3(shape, cond, x, y, (c, a, b) -> c != 0 ? a : b);
    }
    float[] c = cond.dataFromZero();
    float[] out = new float[n];
    if (x.numel() == n && y.numel() == n) {
      float[] xv = x.dataFromZero();
      float[] yv = y.dataFromZero();
      ElementSplit.run(n, (from, to) -> {
        for (int i = from; i < to; i++) {
          out[i] = c[i] != 0 ? xv[i] : yv[i];
        }
      });
    } else if (x.numel() == n) {
      float[] xv = x.dataFromZero();
      float ys = y.storage.data[y.offset];
      ElementSplit.run(n, (from, to) -> {
        for (int i = from; i < to; i++) {
          out[i] = c[i] != 0 ? xv[i] : ys;
        }
      });
    } else if (y.numel() == n) {
      float xs = x.storage.data[x.offset];
      float[] yv = y.dataFromZero();
      ElementSplit.run(n, (from, to) -> {
        for (int i = from; i < to; i++) {
          out[i] = c[i] != 0 ? xs : yv[i];
        }
      });
    } else {
      float xs = x.storage.data[x.offset];
      float ys = y.storage.data[y.offset];
      ElementSplit.run(n, (from, to) -> {
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

  // ---- with a scalar --------------------------------------------------------------------------------

  /** {@code a op s} as a new row-major array. */
  static float[] mapScalar(Op op, Tensor a, float s) {
    int n = a.numel();
    if (!a.isContiguous()) {
      return Strided.map(a, x -> op.apply(x, s));
    }
    float[] out = new float[n];
    ElementSplit.run(n, (from, to) -> vs(op, out, from, a.storage.data, a.offset + from, s, to - from));
    return out;
  }

  /** {@code t = t op s} in place. */
  static void mapScalarInPlace(Op op, Tensor t, float s) {
    if (!t.isContiguous()) {
      Strided.mapInPlace(t, x -> op.apply(x, s));
      return;
    }
    float[] d = t.storage.data;
    ElementSplit.run(t.numel(), (from, to) -> vs(op, d, t.offset + from, d, t.offset + from, s, to - from));
  }

  /** Copies {@code src} (broadcast to {@code t}'s shape) into {@code t}, raw: no grad checks, no version bump. */
  static void copy(Tensor t, Tensor src) {
    int n = t.numel();
    if (t.isContiguous() && src.isContiguous() && src.numel() == n) {
      System.arraycopy(src.storage.data, src.offset, t.storage.data, t.offset, n);
    } else {
      zipInPlace((a, b) -> b, t, src);
    }
  }

  // ---- unary ------------------------------------------------------------------------------------

  /** {@code fn(a)} as a new row-major array. */
  static float[] map(Fn fn, Tensor a) {
    if (!a.isContiguous()) {
      return Strided.map(a, fn);
    }
    int n = a.numel();
    float[] out = new float[n];
    float[] d = a.storage.data;
    int ao = a.offset;
    ElementSplit.run(n, cost(fn), (from, to) -> {
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

  // ---- realignment -------------------------------------------------------------------------------

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

  // ---- the loops: one per op, plain indices, each the op's scalar function -----------------------

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

  /** An element's cost in {@link ElementSplit}'s units: a call of a {@code Math} function, or a plain loop's. */
  private static int cost(Fn fn) {
    return switch (fn) {
      case EXP, LOG, LOG1P, SIGMOID, SILU, TANH, SIN, COS -> ElementSplit.TRANSCENDENTAL;
      default -> 1;
    };
  }

  /**
   * The loop of each unary function. Where a loop calls a {@code Math} function on each element, it
   * passes {@code -(-x[i])}, which is {@code x[i]} in every bit: JDK 17's C2 converts a float loaded from
   * memory to double with {@code vcvtss2sd}, which merges into the register that holds the previous
   * call's result, so every call waits for the one before it (a false dependency, fixed in JDK 23 by
   * JDK-8323116). A float operation first puts the element in a register of its own and the calls
   * overlap again; {@code bench/results/2026-12-05-false-dependency.md} has the loops this helps.
   */
  static void kernelFn(Fn fn, float[] d, float[] x, int from, int to) {
    switch (fn) {
      case EXP -> {
        for (int i = from; i < to; i++) {
          d[i] = (float) Math.exp(-(-x[i]));
        }
      }
      case LOG -> {
        for (int i = from; i < to; i++) {
          d[i] = (float) Math.log(-(-x[i]));
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
          d[i] = (float) Math.sin(-(-x[i]));
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
          // max(v, 0) is v for v > 0, v for NaN and +0 for ±0 and negatives: the scalar function's values,
          // branch-free (the select above was a mispredicted branch on random signs, and no SIMD).
          d[i] = Math.max(x[i], 0f);
        }
      }
      case SIGMOID -> {
        for (int i = from; i < to; i++) {
          d[i] = 1f / (1f + (float) Math.exp(-x[i]));
        }
      }
      case SILU -> {
        for (int i = from; i < to; i++) {
          float v = x[i];
          d[i] = v / (1f + (float) Math.exp(-v));
        }
      }
      case TANH -> {
        for (int i = from; i < to; i++) {
          d[i] = (float) Math.tanh(-(-x[i]));
        }
      }
      default -> throw new AssertionError(fn);
    }
  }
}
