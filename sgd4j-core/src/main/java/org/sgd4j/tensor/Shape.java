package org.sgd4j.tensor;

import java.util.Arrays;

/**
 * Static helpers for tensor shapes: element counts, row-major strides, NumPy/PyTorch broadcasting
 * and dimension normalisation.
 *
 * <p>Broadcasting (NumPy's rule, also PyTorch's): align the shapes from the last dimension; two sizes
 * are compatible when they are equal or one of them is 1; a missing leading dimension counts as 1.
 * So {@code (5,3,4,1) + (3,1,1) -> (5,3,4,1)} while {@code (4,3,2) * (4,3)} fails.
 */
public final class Shape {
  private Shape() {}

  /** Number of elements of a tensor of this shape (1 for a scalar shape {@code []}). */
  public static int numel(int... shape) {
    long n = 1;
    for (int s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException("negative dimension " + s + " in shape " + format(shape));
      }
      n *= s;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + format(shape) + " has more than 2^31-1 elements");
      }
    }
    return (int) n;
  }

  /** Row-major (C-order) strides of a contiguous tensor of this shape. */
  public static int[] contiguousStrides(int... shape) {
    int[] strides = new int[shape.length];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= Math.max(shape[i], 1);
    }
    return strides;
  }

  /**
   * The broadcast shape of {@code a} and {@code b}.
   *
   * @throws IllegalArgumentException naming both shapes, the operation and the dimension that disagrees
   */
  public static int[] broadcast(String op, int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    // Scan from the right, as PyTorch does, so the reported dimension is the first mismatch it would name.
    for (int i = n - 1; i >= 0; i--) {
      int ai = i - (n - a.length);
      int bi = i - (n - b.length);
      int sa = ai >= 0 ? a[ai] : 1;
      int sb = bi >= 0 ? b[bi] : 1;
      if (sa == sb || sb == 1) {
        out[i] = sa;
      } else if (sa == 1) {
        out[i] = sb;
      } else {
        throw new IllegalArgumentException(
            op + ": shapes " + format(a) + " and " + format(b) + " cannot be broadcast: size " + sa
                + " of the first and size " + sb + " of the second disagree at dimension " + i
                + " (of the " + n + "-d broadcast shape; sizes must be equal or 1)");
      }
    }
    return out;
  }

  /** Whether {@code from} can be broadcast (expanded) to {@code to}. */
  public static boolean broadcastableTo(int[] from, int[] to) {
    if (from.length > to.length) {
      return false;
    }
    for (int i = 0; i < from.length; i++) {
      int f = from[from.length - 1 - i];
      int t = to[to.length - 1 - i];
      if (f != t && f != 1) {
        return false;
      }
    }
    return true;
  }

  /** Normalises a possibly negative dimension index ({@code -1} is the last) against {@code rank}. */
  public static int dim(int dim, int rank) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) {
      throw new IndexOutOfBoundsException(
          "Dimension out of range (expected to be in range of [" + (-r) + ", " + (r - 1) + "], but got " + dim + ")");
    }
    return dim < 0 ? dim + r : dim;
  }

  /** Formats a shape like PyTorch's {@code torch.Size}: {@code [2, 3]}. */
  public static String format(int... shape) {
    return Arrays.toString(shape);
  }

  static int[] remove(int[] shape, int dim) {
    int[] out = new int[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i != dim) {
        out[j++] = shape[i];
      }
    }
    return out;
  }

  static int[] insert(int[] shape, int dim, int value) {
    int[] out = new int[shape.length + 1];
    for (int i = 0, j = 0; i < out.length; i++) {
      out[i] = i == dim ? value : shape[j++];
    }
    return out;
  }
}
