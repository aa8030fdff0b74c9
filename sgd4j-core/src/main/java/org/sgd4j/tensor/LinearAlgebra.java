package org.sgd4j.tensor;

import org.sgd4j.tensor.kernel.Kernels;

/**
 * Matrix products with {@code torch.matmul}'s rules. The one primitive is a batched product of
 * operands with at least two dimensions and broadcast batch dimensions, done by {@link Kernels#sgemm}
 * on each batch slice; transposed views are passed to the kernel as transposition flags, not copied.
 */
final class LinearAlgebra {
  private LinearAlgebra() {}

  static Tensor matmul(Tensor a, Tensor b) {
    if (a.dim() == 0 || b.dim() == 0) {
      throw new IllegalArgumentException("matmul: both arguments need to be at least 1-D, got shapes "
          + Shape.format(a.shape) + " and " + Shape.format(b.shape));
    }
    if (a.dim() == 1 && b.dim() == 1) {
      return dot(a, b);
    }
    if (a.dim() == 1) {
      return product(a.unsqueeze(0), b, "matmul").squeeze(-2);
    }
    if (b.dim() == 1) {
      return product(a, b.unsqueeze(-1), "matmul").squeeze(-1);
    }
    return product(a, b, "matmul");
  }

  static Tensor mm(Tensor a, Tensor b) {
    if (a.dim() != 2 || b.dim() != 2) {
      throw new IllegalArgumentException("mm: expects two matrices, got shapes " + Shape.format(a.shape) + " and " + Shape.format(b.shape));
    }
    return product(a, b, "mm");
  }

  static Tensor mv(Tensor a, Tensor v) {
    if (a.dim() != 2 || v.dim() != 1) {
      throw new IllegalArgumentException("mv: expects a matrix and a vector, got shapes " + Shape.format(a.shape) + " and " + Shape.format(v.shape));
    }
    return product(a, v.unsqueeze(-1), "mv").squeeze(-1);
  }

  static Tensor bmm(Tensor a, Tensor b) {
    if (a.dim() != 3 || b.dim() != 3 || a.shape[0] != b.shape[0]) {
      throw new IllegalArgumentException("bmm: expects (b, n, m) and (b, m, p) with equal b, got shapes "
          + Shape.format(a.shape) + " and " + Shape.format(b.shape));
    }
    return product(a, b, "bmm");
  }

  static Tensor dot(Tensor a, Tensor b) {
    if (a.dim() != 1 || b.dim() != 1 || a.shape[0] != b.shape[0]) {
      throw new IllegalArgumentException("dot: expects two 1-D tensors of equal size, got shapes "
          + Shape.format(a.shape) + " and " + Shape.format(b.shape));
    }
    return a.mul(b).sum();
  }

  static Tensor outer(Tensor a, Tensor b) {
    if (a.dim() != 1 || b.dim() != 1) {
      throw new IllegalArgumentException("outer: expects two 1-D tensors, got shapes " + Shape.format(a.shape) + " and " + Shape.format(b.shape));
    }
    return a.unsqueeze(1).mul(b.unsqueeze(0));
  }

  /** {@code a @ b} for operands of rank >= 2 with broadcast batch dimensions. */
  static Tensor product(Tensor a, Tensor b, String op) {
    int n = a.shape[a.dim() - 2];
    int k = a.shape[a.dim() - 1];
    int k2 = b.shape[b.dim() - 2];
    int p = b.shape[b.dim() - 1];
    if (k != k2) {
      throw new IllegalArgumentException(op + ": shapes " + Shape.format(a.shape) + " and " + Shape.format(b.shape)
          + " cannot be multiplied (" + n + "x" + k + " and " + k2 + "x" + p + ": inner dimensions " + k + " and " + k2 + " differ)");
    }
    int[] batchA = java.util.Arrays.copyOf(a.shape, a.dim() - 2);
    int[] batchB = java.util.Arrays.copyOf(b.shape, b.dim() - 2);
    int[] batch = Shape.broadcast(op + " (batch dimensions)", batchA, batchB);
    int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
    outShape[batch.length] = n;
    outShape[batch.length + 1] = p;
    // Every element is written: sgemm with beta = 0 stores zeros when k = 0.
    Tensor result = Tensor.empty(outShape);
    float[] out = result.storage.data;
    Operand ma = Operand.of(a);
    Operand mb = Operand.of(b);
    int batches = Shape.numel(batch);
    if (batches > 0 && n > 0 && p > 0) {
      int[] sa = batchStrides(ma.t, batch);
      int[] sb = batchStrides(mb.t, batch);
      int[] idxA = new int[batch.length];
      int[] idxB = new int[batch.length];
      int oa = ma.t.offset;
      int ob = mb.t.offset;
      Kernels kernels = Kernels.get();
      for (int i = 0; i < batches; i++) {
        kernels.sgemm(ma.trans, mb.trans, n, p, k, 1f, ma.t.storage.data, oa, ma.ld, mb.t.storage.data, ob, mb.ld,
            0f, out, i * n * p, p);
        oa = Strided.advance(idxA, batch, sa, oa, batch.length - 1);
        ob = Strided.advance(idxB, batch, sb, ob, batch.length - 1);
      }
    }
    return Graph.record(result, "MmBackward", Graph.of(a, b), Graph.of(a, b), g -> new Tensor[] {
        a.requiresGrad() ? g.matmul(b.mT()) : null,
        b.requiresGrad() ? a.mT().matmul(g) : null});
  }

  /**
   * {@code out = beta * out + a @ b} in place for matrices, {@code torch.Tensor.addmm_} (alpha 1):
   * one SGEMM with the operands handed to the kernel as {@link #product} hands them, so the product
   * has the same bits as {@code a.mm(b)}; with {@code beta == 0} out is not read (NaN in it does not
   * propagate), as in PyTorch.
   */
  static Tensor addmmInPlace(Tensor out, Tensor a, Tensor b, float beta) {
    InPlace.check(out, "addmm_");
    if (a.dim() != 2 || b.dim() != 2 || out.dim() != 2 || a.shape[1] != b.shape[0] || out.shape[0] != a.shape[0]
        || out.shape[1] != b.shape[1]) {
      throw new IllegalArgumentException("addmm_: expects a (n, p) tensor and (n, k), (k, p) matrices, got shapes "
          + Shape.format(out.shape) + ", " + Shape.format(a.shape) + " and " + Shape.format(b.shape));
    }
    if (!out.isContiguous()) {
      throw new IllegalArgumentException("addmm_: the output of shape " + Shape.format(out.shape)
          + " must be contiguous (row-major), its strides are " + java.util.Arrays.toString(out.strides));
    }
    int n = a.shape[0];
    int k = a.shape[1];
    int p = b.shape[1];
    if (n > 0 && p > 0) {
      Operand ma = Operand.of(a);
      Operand mb = Operand.of(b);
      Kernels.get().sgemm(ma.trans, mb.trans, n, p, k, 1f, ma.t.storage.data, ma.t.offset, ma.ld, mb.t.storage.data,
          mb.t.offset, mb.ld, beta, out.storage.data, out.offset, p);
    }
    out.storage.bump();
    return out;
  }

  private static int[] batchStrides(Tensor t, int[] batch) {
    int lead = batch.length - (t.dim() - 2);
    int[] s = new int[batch.length];
    for (int i = 0; i < t.dim() - 2; i++) {
      s[lead + i] = t.shape[i] == 1 ? 0 : t.strides[i];
    }
    return s;
  }

  /** A matrix operand as the kernel sees it: its tensor (possibly a contiguous copy), transposition and leading dimension. */
  private record Operand(Tensor t, boolean trans, int ld) {
    static Operand of(Tensor t) {
      int r = t.dim();
      int rows = t.shape[r - 2];
      int cols = t.shape[r - 1];
      int rs = t.strides[r - 2];
      int cs = t.strides[r - 1];
      if ((cs == 1 || cols == 1) && (rows == 1 || rs >= Math.max(cols, 1))) {
        return new Operand(t, false, rows == 1 ? Math.max(cols, 1) : rs);
      }
      if ((rs == 1 || rows == 1) && (cols == 1 || cs >= Math.max(rows, 1))) {
        return new Operand(t, true, cols == 1 ? Math.max(rows, 1) : cs);
      }
      Tensor c = Tensor.wrap(t.detach().toArray(), t.shape.clone());
      return new Operand(c, false, Math.max(cols, 1));
    }
  }
}
