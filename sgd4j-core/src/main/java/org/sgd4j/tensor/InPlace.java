package org.sgd4j.tensor;

import org.sgd4j.autograd.GradMode;

/**
 * In-place operations. They write through views into the shared storage and bump its version. While
 * grad mode records, they are refused on tensors that require grad (a leaf's value is needed by the
 * graph, a non-leaf's history would be lost); run optimizer updates under {@link GradMode#noGrad()}.
 */
final class InPlace {
  private InPlace() {}

  static void check(Tensor t, String op) {
    if (GradMode.isEnabled() && t.requiresGrad()) {
      throw new IllegalStateException(t.isLeaf()
          ? "a leaf tensor that requires grad (shape " + Shape.format(t.shape) + ") is being used in an in-place operation "
              + op + "; wrap the update in GradMode.noGrad() or use the out-of-place op"
          : "in-place operation " + op + " on a tensor that requires grad (shape " + Shape.format(t.shape)
              + ", produced by " + t.gradFn().name() + ") is not supported; use the out-of-place op");
    }
  }

  static Tensor unary(Tensor t, String op, Strided.Unary f) {
    check(t, op);
    float[] d = t.storage.data;
    if (t.isContiguous()) {
      int n = t.numel();
      for (int i = t.offset; i < t.offset + n; i++) {
        d[i] = f.apply(d[i]);
      }
    } else {
      forEachOffset(t, off -> d[off] = f.apply(d[off]));
    }
    t.storage.bump();
    return t;
  }

  /** {@code t = t op s}: the op's own loop when {@code t} is contiguous, else {@code f} per element. */
  static Tensor scalar(Tensor t, String name, Elementwise.Op op, float s, Strided.Unary f) {
    check(t, name);
    if (!Elementwise.inPlace(op, t, s)) {
      return unary(t, name, f);
    }
    t.storage.bump();
    return t;
  }

  /** {@code t = t op other}: the op's own loop when the layout allows ({@link Elementwise}), else {@code f} per element. */
  static Tensor binary(Tensor t, Tensor other, String name, Elementwise.Op op, Strided.Binary f) {
    check(t, name);
    requireBroadcastable(t, other, name);
    if (!Elementwise.inPlace(op, t, other)) {
      return binary(t, other, name, f);
    }
    t.storage.bump();
    return t;
  }

  /** Sets every element of {@code t} to {@code value}; one {@code Arrays.fill} when contiguous. */
  static Tensor fill(Tensor t, float value) {
    check(t, "fill_");
    if (!t.isContiguous()) {
      return unary(t, "fill_", a -> value);
    }
    java.util.Arrays.fill(t.storage.data, t.offset, t.offset + t.numel(), value);
    t.storage.bump();
    return t;
  }

  /** Copies {@code src} (same shape or broadcastable) into {@code t}. */
  static Tensor copy(Tensor t, Tensor src) {
    check(t, "copy_");
    requireBroadcastable(t, src, "copy_");
    if (!Elementwise.copy(t, src)) {
      return binary(t, src, "copy_", (a, b) -> b);
    }
    t.storage.bump();
    return t;
  }

  static Tensor binary(Tensor t, Tensor other, String op, Strided.Binary f) {
    check(t, op);
    requireBroadcastable(t, other, op);
    float[] d = t.storage.data;
    if (t.isContiguous() && other.isContiguous() && other.numel() == t.numel() && other.storage != t.storage) {
      float[] o = other.storage.data;
      int n = t.numel();
      int to = t.offset;
      int oo = other.offset;
      for (int i = 0; i < n; i++) {
        d[to + i] = f.apply(d[to + i], o[oo + i]);
      }
    } else {
      float[] o = Strided.materialize(other, t.shape);
      int[] k = {0};
      forEachOffset(t, off -> d[off] = f.apply(d[off], o[k[0]++]));
    }
    t.storage.bump();
    return t;
  }

  static Tensor ternary(Tensor t, Tensor b, Tensor c, String op, Strided.Ternary f) {
    check(t, op);
    requireBroadcastable(t, b, op);
    requireBroadcastable(t, c, op);
    float[] d = t.storage.data;
    float[] bv = Strided.materialize(b, t.shape);
    float[] cv = Strided.materialize(c, t.shape);
    int[] k = {0};
    forEachOffset(t, off -> {
      d[off] = f.apply(d[off], bv[k[0]], cv[k[0]]);
      k[0]++;
    });
    t.storage.bump();
    return t;
  }

  /** Raw copy of {@code src} (same shape or broadcastable) into {@code t}, without grad checks. */
  static void write(Tensor t, Tensor src) {
    if (Elementwise.copy(t, src)) {
      t.storage.bump();
      return;
    }
    float[] d = t.storage.data;
    float[] s = Strided.materialize(src, t.shape);
    int[] k = {0};
    forEachOffset(t, off -> d[off] = s[k[0]++]);
    t.storage.bump();
  }

  /** Raw {@code t += src} without grad checks. */
  static void accumulate(Tensor t, Tensor src) {
    if (Elementwise.inPlace(Elementwise.Op.ADD, t, src)) {
      t.storage.bump();
      return;
    }
    float[] d = t.storage.data;
    float[] s = Strided.materialize(src, t.shape);
    int[] k = {0};
    forEachOffset(t, off -> d[off] += s[k[0]++]);
    t.storage.bump();
  }

  private static void requireBroadcastable(Tensor t, Tensor other, String op) {
    if (!Shape.broadcastableTo(other.shape, t.shape)) {
      throw new IllegalArgumentException(op + ": the shape " + Shape.format(other.shape)
          + " of the other operand cannot be broadcast to the shape " + Shape.format(t.shape) + " of the tensor written in place");
    }
  }

  @FunctionalInterface
  private interface OffsetVisitor {
    void visit(int offset);
  }

  /** Visits the storage offsets of {@code t} in row-major order. */
  private static void forEachOffset(Tensor t, OffsetVisitor v) {
    int n = t.numel();
    if (n == 0) {
      return;
    }
    int nd = t.dim();
    if (nd == 0) {
      v.visit(t.offset);
      return;
    }
    int inner = t.shape[nd - 1];
    int is = t.strides[nd - 1];
    int[] idx = new int[nd];
    int off = t.offset;
    for (int o = 0; o < n; o += inner) {
      for (int j = 0, p = off; j < inner; j++, p += is) {
        v.visit(p);
      }
      off = Strided.advance(idx, t.shape, t.strides, off, nd - 2);
    }
  }
}
