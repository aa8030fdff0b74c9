package org.sgd4j.spark;

import java.io.Serializable;
import org.sgd4j.tensor.Tensor;

/**
 * The examples {@code [from, to)} of the dataset, held by one cached partition as two flat arrays
 * (inputs and targets, row-major), so that a step's part of the global batch is a few array copies.
 */
final class DataShard implements Serializable {
  private static final long serialVersionUID = 1L;

  final int partition;
  final int from;
  final int to;
  final int[] xShape;
  final int[] yShape;
  final float[] x;
  final float[] y;

  DataShard(int partition, int from, int to, int[] xShape, int[] yShape, float[] x, float[] y) {
    this.partition = partition;
    this.from = from;
    this.to = to;
    this.xShape = xShape;
    this.yShape = yShape;
    this.x = x;
    this.y = y;
  }

  boolean holds(int index) {
    return index >= from && index < to;
  }

  /** The inputs of the given dataset indices (all held here), stacked: shape (k, ...xShape). */
  Tensor inputs(int[] indices) {
    return stack(x, xShape, indices);
  }

  /** The targets of the given dataset indices, stacked: shape (k, ...yShape). */
  Tensor targets(int[] indices) {
    return stack(y, yShape, indices);
  }

  private Tensor stack(float[] src, int[] shape, int[] indices) {
    int numel = 1;
    for (int d : shape) {
      numel *= d;
    }
    float[] out = new float[indices.length * numel];
    for (int j = 0; j < indices.length; j++) {
      System.arraycopy(src, (indices[j] - from) * numel, out, j * numel, numel);
    }
    int[] full = new int[shape.length + 1];
    full[0] = indices.length;
    System.arraycopy(shape, 0, full, 1, shape.length);
    return Tensor.wrap(out, full);
  }
}
