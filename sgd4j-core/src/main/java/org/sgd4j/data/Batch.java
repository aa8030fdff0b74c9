package org.sgd4j.data;

import org.sgd4j.tensor.Tensor;

/**
 * A mini-batch from a {@link DataLoader}: the inputs stacked along a new first dimension
 * ({@code (B, ...)}, e.g. {@code (B, 1, 28, 28)} for images), the targets likewise ({@code (B)} class
 * indices as floats for classification), and the dataset indices of the examples, in batch order.
 *
 * @param x inputs, shape {@code (B, ...xShape)}
 * @param y targets, shape {@code (B, ...yShape)}
 * @param indices the dataset index of each row
 */
public record Batch(Tensor x, Tensor y, int[] indices) {

  /** The targets rounded to int, row-major: class labels as an {@code int[]}. */
  public int[] labels() {
    return y.toIntArray();
  }

  /** The number of examples in the batch. */
  public int size() {
    return indices.length;
  }
}
