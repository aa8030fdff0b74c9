package org.sgd4j.nn.functional;

import org.sgd4j.autograd.Graph;
import org.sgd4j.tensor.Kernels;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * The affine map of a fully connected layer, {@code torch.nn.functional.linear}: y = x Wᵀ + b for x
 * of shape (*, in), W of shape (out, in) and b of shape (out). The forward is one SGEMM with W read
 * transposed in place and the bias preloaded into the output; the backward is written with tensor
 * ops (dx = g W, dW = gᵀ x, db = Σ g), so gradients of gradients work.
 */
public final class Affine {
  private Affine() {}

  /** {@code x @ w.T + b}; {@code b} may be null. */
  public static Tensor linear(Tensor x, Tensor w, Tensor b) {
    if (x.dim() < 1 || w.dim() != 2 || x.size(-1) != w.size(1)) {
      throw new IllegalArgumentException("linear: input of shape " + Shape.format(x.shape()) + " cannot be multiplied by weight of shape "
          + Shape.format(w.shape()) + " (expected input (*, " + (w.dim() == 2 ? w.size(1) : "?") + "))");
    }
    int in = w.size(1);
    int outF = w.size(0);
    if (b != null && (b.dim() != 1 || b.size(0) != outF)) {
      throw new IllegalArgumentException("linear: bias of shape " + Shape.format(b.shape()) + " does not match weight of shape "
          + Shape.format(w.shape()) + " (expected [" + outF + "])");
    }
    Tensor xc = x.detach().contiguous();
    Tensor wc = w.detach().contiguous();
    int m = x.numel() / Math.max(in, 1);
    if (in == 0) {
      m = x.numel() == 0 ? Shape.numel(java.util.Arrays.copyOf(x.shape(), x.dim() - 1)) : m;
    }
    float[] out = new float[m * outF];
    float beta = 0f;
    if (b != null) {
      float[] bd = b.detach().contiguous().toArray();
      for (int i = 0; i < m; i++) {
        System.arraycopy(bd, 0, out, i * outF, outF);
      }
      beta = 1f;
    }
    if (m > 0 && outF > 0 && in > 0) {
      Kernels.get().sgemm(false, true, m, outF, in, 1f, xc.data(), xc.storageOffset(), in,
          wc.data(), wc.storageOffset(), in, beta, out, 0, outF);
    }
    int[] outShape = x.shape();
    outShape[outShape.length - 1] = outF;
    Tensor y = Tensor.wrap(out, outShape);
    int rows = m;
    int[] xShape = x.shape();
    return Graph.record(y, "AddmmBackward", Graph.of(x, w, b), Graph.of(x, w), g -> {
      Tensor g2 = g.reshape(rows, outF);
      return new Tensor[] {
          x.requiresGrad() ? g2.matmul(w).reshape(xShape) : null,
          w.requiresGrad() ? g2.t().matmul(x.reshape(rows, in)) : null,
          b != null && b.requiresGrad() ? g2.sum(0) : null};
    });
  }
}
