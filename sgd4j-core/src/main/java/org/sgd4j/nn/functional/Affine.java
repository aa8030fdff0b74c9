package org.sgd4j.nn.functional;

import org.sgd4j.tensor.GradTarget;
import org.sgd4j.tensor.Graph;
import org.sgd4j.tensor.kernel.ColumnSums;
import org.sgd4j.tensor.kernel.Kernels;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * The affine map of a fully connected layer, {@code torch.nn.functional.linear}: y = x Wᵀ + b for x
 * of shape (*, in), W of shape (out, in) and b of shape (out). The forward is one
 * {@link Kernels#linear} (an SGEMM with W read transposed in place, the bias its starting value); the
 * backward is written with tensor
 * ops (dx = g W, dW = gᵀ x, db = Σ g), so gradients of gradients work.
 *
 * <p>When the engine offers the weight's or the bias's gradient buffer (a leaf that gets only this
 * gradient, in a backward pass that records no graph: see
 * {@link org.sgd4j.tensor.DirectBackwardFunction}), dW is one SGEMM straight into
 * {@code w.grad()} and db a column sum straight into {@code b.grad()}: the same kernel calls and
 * the same float operations as the tensor ops, so the same bits, without a temporary per step.
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
    Tensor xc = x.isContiguous() ? x : x.detach().contiguous();
    Tensor wc = w.isContiguous() ? w : w.detach().contiguous();
    int m = x.numel() / Math.max(in, 1);
    if (in == 0) {
      m = x.numel() == 0 ? Shape.numel(java.util.Arrays.copyOf(x.shape(), x.dim() - 1)) : m;
    }
    int[] outShape = x.shape();
    outShape[outShape.length - 1] = outF;
    // Every element is written: bias + product (the bias rows, or zeros, when in = 0).
    Tensor y = Tensor.empty(outShape);
    Tensor bc = b == null ? null : b.isContiguous() ? b : b.detach().contiguous();
    Kernels.get().linear(m, outF, in, xc.data(), xc.storageOffset(), wc.data(), wc.storageOffset(),
        bc == null ? null : bc.data(), bc == null ? 0 : bc.storageOffset(), y.data(), 0);
    int rows = m;
    int[] xShape = x.shape();
    return Graph.record(y, "AddmmBackward", Graph.of(x, w, b), Graph.of(x, w), (g, targets) -> {
      Tensor g2 = g.reshape(rows, outF);
      return new Tensor[] {
          x.requiresGrad() ? g2.matmul(w).reshape(xShape) : null,
          w.requiresGrad() ? weightGrad(g2, x, rows, in, targets.get(1)) : null,
          b != null && b.requiresGrad() ? biasGrad(g2, targets.get(2)) : null};
    });
  }

  /**
   * dW = gᵀ x, of shape (out, in): into {@code target} when there is one ({@code addmm_}, the bits of
   * the tensor product), else as the tensor product.
   */
  private static Tensor weightGrad(Tensor g2, Tensor x, int rows, int in, GradTarget target) {
    Tensor x2 = x.reshape(rows, in);
    return target == null ? g2.t().matmul(x2) : target.tensor().addmm_(g2.t(), x2, 0f);
  }

  /**
   * db = Σ_rows g, of shape (out): into {@code target} when there is one and g is dense, else as the
   * tensor sum. Both are {@link ColumnSums}, the kernel {@code Tensor.sum(0)} of a matrix runs.
   */
  private static Tensor biasGrad(Tensor g2, GradTarget target) {
    if (target == null || !g2.isContiguous()) {
      return g2.sum(0);
    }
    int rows = g2.size(0);
    int outF = g2.size(1);
    ColumnSums.sum(g2.data(), g2.storageOffset(), rows, outF, false, target.data(), target.offset());
    return target.tensor();
  }
}
