package org.sgd4j.data;

import java.util.Arrays;

/**
 * The content of an IDX file of unsigned bytes: the dimensions from its header and the values in
 * row-major order.
 *
 * @param shape the dimensions, e.g. {@code [60000, 28, 28]} for the MNIST training images
 * @param data the values, {@code data[i] & 0xff} is element {@code i}
 */
public record IdxArray(int[] shape, byte[] data) {

  /** Checks that the data fills the shape. */
  public IdxArray {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException("IdxArray: " + data.length + " values for shape " + Arrays.toString(shape));
    }
  }

  /** The number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Element {@code i} in row-major order, 0..255. */
  public int unsigned(int i) {
    return data[i] & 0xff;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdxArray a && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "IdxArray" + Arrays.toString(shape);
  }
}
