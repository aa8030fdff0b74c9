package org.sgd4j.data;

import java.util.Arrays;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * A dataset over two tensors whose first dimension indexes the examples, as
 * {@code torch.utils.data.TensorDataset(x, y)}: example {@code i} is {@code (x[i], y[i])}. Both
 * tensors are made contiguous once, so {@link #copyX}/{@link #copyY} are single array copies.
 */
public final class TensorDataset implements Dataset {
  private final Tensor x;
  private final Tensor y;
  private final int n;
  private final int[] xShape;
  private final int[] yShape;
  private final int xNumel;
  private final int yNumel;

  /**
   * @param x inputs, shape {@code (n, ...)}
   * @param y targets, shape {@code (n, ...)}
   * @throws IllegalArgumentException if a tensor is 0-dimensional or the first dimensions differ
   */
  public TensorDataset(Tensor x, Tensor y) {
    if (x.dim() == 0 || y.dim() == 0) {
      throw new IllegalArgumentException("TensorDataset: tensors need a first (example) dimension, got shapes "
          + Shape.format(x.shape()) + " and " + Shape.format(y.shape()));
    }
    if (x.size(0) != y.size(0)) {
      throw new IllegalArgumentException("TensorDataset: size mismatch between tensors: x has " + x.size(0)
          + " examples (shape " + Shape.format(x.shape()) + "), y has " + y.size(0) + " (shape "
          + Shape.format(y.shape()) + ")");
    }
    this.x = x.contiguous();
    this.y = y.contiguous();
    this.n = x.size(0);
    int[] xs = x.shape();
    int[] ys = y.shape();
    this.xShape = Arrays.copyOfRange(xs, 1, xs.length);
    this.yShape = Arrays.copyOfRange(ys, 1, ys.length);
    this.xNumel = Shape.numel(xShape);
    this.yNumel = Shape.numel(yShape);
  }

  /** The input tensor, shape {@code (n, ...)}. */
  public Tensor x() {
    return x;
  }

  /** The target tensor, shape {@code (n, ...)}. */
  public Tensor y() {
    return y;
  }

  @Override
  public int size() {
    return n;
  }

  @Override
  public Example get(int i) {
    java.util.Objects.checkIndex(i, n);
    return new Example(x.select(0, i), y.select(0, i));
  }

  @Override
  public int[] xShape() {
    return xShape.clone();
  }

  @Override
  public int[] yShape() {
    return yShape.clone();
  }

  @Override
  public int xNumel() {
    return xNumel;
  }

  @Override
  public int yNumel() {
    return yNumel;
  }

  @Override
  public void copyX(int i, float[] dst, int offset) {
    java.util.Objects.checkIndex(i, n);
    System.arraycopy(x.data(), x.storageOffset() + i * xNumel, dst, offset, xNumel);
  }

  @Override
  public void copyY(int i, float[] dst, int offset) {
    java.util.Objects.checkIndex(i, n);
    System.arraycopy(y.data(), y.storageOffset() + i * yNumel, dst, offset, yNumel);
  }

  @Override
  public String toString() {
    return "TensorDataset[n=" + n + ", x " + Shape.format(xShape) + ", y " + Shape.format(yShape) + "]";
  }
}
