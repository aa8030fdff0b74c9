package org.sgd4j.nn.functional;

import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * Padding of the last two dimensions of a tensor, as {@code torch.nn.functional.pad(x, (left, right,
 * top, bottom), mode)}. Each output element reads one input element (or none, for zeros), so the op
 * is a fixed gather whose backward adds the gradient back to where it was read from.
 */
public final class Padding {
  private Padding() {}

  /** Pads the last two dimensions of {@code x} (at least 2-D). */
  public static Tensor pad2d(Tensor x, int top, int bottom, int left, int right, PaddingMode mode) {
    if (x.dim() < 2) {
      throw new IllegalArgumentException("pad2d expects at least 2 dimensions, got shape " + Shape.format(x.shape()));
    }
    int h = x.size(-2);
    int w = x.size(-1);
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      throw new IllegalArgumentException("pad2d: negative padding (" + left + ", " + right + ", " + top + ", " + bottom + ")");
    }
    if (mode == PaddingMode.REFLECT && (top >= h || bottom >= h || left >= w || right >= w)) {
      throw new IllegalArgumentException("reflect padding (" + left + ", " + right + ", " + top + ", " + bottom
          + ") must be smaller than the input size " + h + "x" + w);
    }
    if (mode == PaddingMode.CIRCULAR && (top > h || bottom > h || left > w || right > w)) {
      throw new IllegalArgumentException("circular padding (" + left + ", " + right + ", " + top + ", " + bottom
          + ") must not exceed the input size " + h + "x" + w);
    }
    if (mode != PaddingMode.ZEROS && (h == 0 || w == 0)) {
      throw new IllegalArgumentException(mode.torchName() + " padding needs a non-empty input, got shape " + Shape.format(x.shape()));
    }
    int hp = h + top + bottom;
    int wp = w + left + right;
    int[] src = new int[hp * wp];
    for (int i = 0; i < hp; i++) {
      int si = source(i - top, h, mode);
      for (int j = 0; j < wp; j++) {
        int sj = source(j - left, w, mode);
        src[i * wp + j] = si < 0 || sj < 0 ? -1 : si * w + sj;
      }
    }
    int[] outShape = x.shape();
    outShape[outShape.length - 2] = hp;
    outShape[outShape.length - 1] = wp;
    return SparseMap.gather(h * w, src).apply(x, outShape, mode == PaddingMode.ZEROS ? "ConstantPadNdBackward"
        : mode == PaddingMode.REFLECT ? "ReflectionPad2DBackward" : mode == PaddingMode.REPLICATE
        ? "ReplicationPad2DBackward" : "CircularPad2DBackward");
  }

  /** {@link #pad2d} of a 1-D signal held in the last dimension. */
  public static Tensor pad1d(Tensor x, int left, int right, PaddingMode mode) {
    return pad2d(x.unsqueeze(-2), 0, 0, left, right, mode).squeeze(-2);
  }

  /** The source index of padded position {@code i} (relative to the first real element), or -1 for a zero. */
  static int source(int i, int n, PaddingMode mode) {
    if (i >= 0 && i < n) {
      return i;
    }
    return switch (mode) {
      case ZEROS -> -1;
      case REPLICATE -> i < 0 ? 0 : n - 1;
      case CIRCULAR -> Math.floorMod(i, n);
      case REFLECT -> {
        if (n == 1) {
          yield 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        yield m < n ? m : period - m;
      }
    };
  }
}
