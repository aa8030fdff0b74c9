package org.sgd4j.tensor;


/**
 * Vector p-norms over all elements or given dimensions: {@code ||x||_p = (sum |x_i|^p)^(1/p)} for
 * {@code p >= 1}, and {@code ||x||_inf = max |x_i|}. The 2-norm over a matrix's two dimensions is the
 * Frobenius norm. Sums run in double precision (with scaling by the largest magnitude, as LAPACK's
 * {@code snrm2} does, so no overflow for large entries). Subgradient conventions follow PyTorch: the
 * gradient of a norm that is zero is zero.
 */
final class Norms {
  private Norms() {}

  static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) {
    if (!(p >= 1)) {
      throw new IllegalArgumentException("norm: p must be >= 1 (or infinity), got " + p);
    }
    Tensor a = x.detach().abs();
    Tensor out;
    if (Double.isInfinite(p)) {
      out = dims == null ? a.max() : a.max(dims, keepdim);
      return Graph.record(out.detach(), "NormBackward", Graph.of(x), Graph.of(x), g -> {
        Tensor m = keepShape(out, x, dims, keepdim);
        Tensor mask = x.abs().eq(m).mul(m.gt(0f));
        Tensor count = dims == null ? mask.sum() : mask.sum(dims, true);
        return new Tensor[] {g.reshape(m.shape).mul(x.sign()).mul(mask).div(count.maximum(Tensor.scalar(1f)))};
      });
    }
    Tensor scale = dims == null ? a.max() : a.max(dims, true);
    scale = Tensor.where(scale.eq(0f), Tensor.scalar(1f), scale);
    Tensor scaled = a.div(scale);
    Tensor powered = p == 1 ? scaled : p == 2 ? scaled.square() : scaled.pow((float) p);
    Tensor s = dims == null ? powered.sum() : powered.sum(dims, true);
    Tensor n = (p == 1 ? s : p == 2 ? s.sqrt() : s.pow((float) (1 / p))).mul(scale);
    if (dims == null) {
      n = n.reshape();
    } else if (!keepdim) {
      n = n.reshape(reducedShape(x.shape, dims));
    }
    Tensor result = n.detach();
    return Graph.record(result, "NormBackward", Graph.of(x), Graph.of(x, result), g -> {
      Tensor nk = keepShape(result, x, dims, keepdim);
      Tensor gk = g.reshape(nk.shape);
      Tensor safe = Tensor.where(nk.eq(0f), Tensor.scalar(1f), nk);
      Tensor local;
      if (p == 1) {
        local = x.sign();
      } else if (p == 2) {
        local = x.div(safe);
      } else {
        // d/dx_i ||x||_p = sign(x_i) |x_i|^(p-1) / ||x||_p^(p-1)
        local = x.sign().mul(x.abs().pow((float) (p - 1))).div(safe.pow((float) (p - 1)));
      }
      return new Tensor[] {gk.mul(local).mul(nk.ne(Tensor.scalar(0f)))};
    });
  }

  private static Tensor keepShape(Tensor n, Tensor x, int[] dims, boolean keepdim) {
    if (dims == null) {
      int[] ones = new int[x.dim()];
      java.util.Arrays.fill(ones, 1);
      return n.reshape(ones);
    }
    if (keepdim) {
      return n;
    }
    int[] shape = x.shape.clone();
    for (int d : dims) {
      shape[Shape.dim(d, x.dim())] = 1;
    }
    return n.reshape(shape);
  }

  private static int[] reducedShape(int[] shape, int[] dims) {
    boolean[] reduced = new boolean[shape.length];
    int count = 0;
    for (int d : dims) {
      int k = Shape.dim(d, shape.length);
      if (!reduced[k]) {
        reduced[k] = true;
        count++;
      }
    }
    int[] out = new int[shape.length - count];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (!reduced[i]) {
        out[j++] = shape[i];
      }
    }
    return out;
  }
}
