package org.sgd4j.tensor;

import org.sgd4j.tensor.kernel.ElementSplit;

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

  /** {@code t = f(t)} elementwise. */
  static Tensor unary(Tensor t, String op, Strided.Unary f) {
    check(t, op);
    Strided.mapInPlace(t, f);
    t.storage.bump();
    return t;
  }

  /** {@code t = t op s}. */
  static Tensor scalar(Tensor t, ElementwiseLoops.Op op, float s) {
    check(t, op.inPlaceName);
    ElementwiseLoops.mapScalarInPlace(op, t, s);
    t.storage.bump();
    return t;
  }

  /** {@code t = t op other}, {@code other} broadcast to {@code t}'s shape. */
  static Tensor binary(Tensor t, Tensor other, ElementwiseLoops.Op op) {
    String name = op.inPlaceName;
    check(t, name);
    requireBroadcastable(t, other, name);
    ElementwiseLoops.zipInPlace(op, t, other);
    t.storage.bump();
    return t;
  }

  /** {@code t = f(t, other)} for an update without a loop of its own ({@code lerp_}, {@code add_} with alpha). */
  static Tensor binary(Tensor t, Tensor other, String op, Strided.Binary f) {
    check(t, op);
    requireBroadcastable(t, other, op);
    ElementwiseLoops.zipInPlace(f, t, other);
    t.storage.bump();
    return t;
  }

  /** Sets every element of {@code t} to {@code value}; one {@code Arrays.fill} when contiguous. */
  static Tensor fill(Tensor t, float value) {
    check(t, "fill_");
    if (!t.isContiguous()) {
      return unary(t, "fill_", a -> value);
    }
    float[] d = t.storage.data;
    int off = t.offset;
    ElementSplit.run(t.numel(), (from, to) -> java.util.Arrays.fill(d, off + from, off + to, value));
    t.storage.bump();
    return t;
  }

  /** Copies {@code src} (same shape or broadcastable) into {@code t}. */
  static Tensor copy(Tensor t, Tensor src) {
    check(t, "copy_");
    requireBroadcastable(t, src, "copy_");
    write(t, src);
    return t;
  }

  static Tensor ternary(Tensor t, Tensor b, Tensor c, String op, Strided.Ternary f) {
    check(t, op);
    requireBroadcastable(t, b, op);
    requireBroadcastable(t, c, op);
    float[] bv = Strided.materialize(b, t.shape);
    float[] cv = Strided.materialize(c, t.shape);
    float[] tv = Strided.materialize(t, t.shape);
    for (int i = 0; i < tv.length; i++) {
      tv[i] = f.apply(tv[i], bv[i], cv[i]);
    }
    ElementwiseLoops.copy(t, Tensor.wrap(tv, t.shape.clone()));
    t.storage.bump();
    return t;
  }

  /** Raw copy of {@code src} (same shape or broadcastable) into {@code t}, without grad checks. */
  static void write(Tensor t, Tensor src) {
    ElementwiseLoops.copy(t, src);
    t.storage.bump();
  }

  /** Raw {@code t += src} without grad checks. */
  static void accumulate(Tensor t, Tensor src) {
    ElementwiseLoops.zipInPlace(ElementwiseLoops.Op.ADD, t, src);
    t.storage.bump();
  }

  private static void requireBroadcastable(Tensor t, Tensor other, String op) {
    if (!Shape.broadcastableTo(other.shape, t.shape)) {
      throw new IllegalArgumentException(op + ": the shape " + Shape.format(other.shape)
          + " of the other operand cannot be broadcast to the shape " + Shape.format(t.shape) + " of the tensor written in place");
    }
  }
}
