package org.sgd4j.data;

import org.sgd4j.tensor.Shape;

/**
 * A finite, indexable collection of examples, as {@code torch.utils.data.Dataset} (a map-style
 * dataset): {@link #size()} and {@link #get(int)}. Every example has inputs of shape
 * {@link #xShape()} and targets of shape {@link #yShape()} ({@code []} for a class index or a scalar
 * regression target).
 *
 * <p>The {@link DataLoader} assembles batches with {@link #copyX} and {@link #copyY}, which write one
 * example straight into the batch's preallocated array; implementations over flat arrays override
 * them with {@code System.arraycopy} so that a batch costs no per-example objects.
 */
public interface Dataset {
  /** Number of examples. */
  int size();

  /** Example {@code i}, {@code 0 <= i < size()}. */
  Example get(int i);

  /** Shape of one input (a copy). */
  int[] xShape();

  /** Shape of one target (a copy); {@code []} for scalars. */
  int[] yShape();

  /** Writes the input of example {@code i} in row-major order into {@code dst[offset ..]}. */
  default void copyX(int i, float[] dst, int offset) {
    float[] x = get(i).x().toArray();
    System.arraycopy(x, 0, dst, offset, x.length);
  }

  /** Writes the target of example {@code i} in row-major order into {@code dst[offset ..]}. */
  default void copyY(int i, float[] dst, int offset) {
    float[] y = get(i).y().toArray();
    System.arraycopy(y, 0, dst, offset, y.length);
  }

  /** Number of floats in one input. */
  default int xNumel() {
    return Shape.numel(xShape());
  }

  /** Number of floats in one target. */
  default int yNumel() {
    return Shape.numel(yShape());
  }
}
