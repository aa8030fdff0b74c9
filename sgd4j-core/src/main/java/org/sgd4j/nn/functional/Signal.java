package org.sgd4j.nn.functional;

import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * Convolution as signal processing defines it (the kernel flipped, unlike the cross-correlation of
 * {@link Convolution}), the way the course notes introduce it:
 * <pre>
 *   (a ∗ v)[k] = Σᵢ a[i] · v[k − i]
 * </pre>
 * {@link #convolve} equals {@code numpy.convolve} and {@link #convolve2d} equals
 * {@code scipy.signal.convolve2d} (zero boundary) in the three modes: "full" (every overlap,
 * length N + M − 1), "same" (length max(N, M), centred on the full output) and "valid" (only
 * complete overlaps, length max(N, M) − min(N, M) + 1). Both are differentiable in both arguments,
 * since they are computed with the recorded ops of {@link Convolution}.
 */
public final class Signal {
  private Signal() {}

  /** The 1-D convolution of two vectors, as {@code numpy.convolve(a, v, mode)}. */
  public static Tensor convolve(Tensor a, Tensor v, String mode) {
    if (a.dim() != 1 || v.dim() != 1 || a.size(0) == 0 || v.size(0) == 0) {
      throw new IllegalArgumentException("convolve expects two non-empty 1-D tensors, got shapes " + Shape.format(a.shape())
          + " and " + Shape.format(v.shape()));
    }
    if (v.size(0) > a.size(0)) {
      // Convolution commutes; numpy slides the shorter one over the longer one.
      Tensor t = a;
      a = v;
      v = t;
    }
    int n = a.size(0);
    int m = v.size(0);
    Tensor full = Convolution.conv1d(a.reshape(1, 1, n), flip(v, 0).reshape(1, 1, m), null, 1, new int[] {m - 1, m - 1}, 1, 1)
        .reshape(n + m - 1);
    return switch (mode) {
      case "full" -> full;
      case "same" -> full.narrow(0, (m - 1) / 2, n);
      case "valid" -> full.narrow(0, m - 1, n - m + 1);
      default -> throw new IllegalArgumentException("convolve: mode must be 'full', 'same' or 'valid', got '" + mode + "'");
    };
  }

  /** The 2-D convolution of an image (H, W) with a filter (kh, kw), as {@code scipy.signal.convolve2d(image, filter, mode)}. */
  public static Tensor convolve2d(Tensor image, Tensor filter, String mode) {
    if (image.dim() != 2 || filter.dim() != 2) {
      throw new IllegalArgumentException("convolve2d expects a 2-D image and a 2-D filter, got shapes " + Shape.format(image.shape())
          + " and " + Shape.format(filter.shape()));
    }
    int h = image.size(0);
    int w = image.size(1);
    int kh = filter.size(0);
    int kw = filter.size(1);
    Tensor k = flip(flip(filter, 0), 1).reshape(1, 1, kh, kw);
    Tensor full = Convolution.conv2d(image.reshape(1, 1, h, w), k, null, new int[] {1, 1},
        new int[] {kh - 1, kh - 1, kw - 1, kw - 1}, new int[] {1, 1}, 1).reshape(h + kh - 1, w + kw - 1);
    return switch (mode) {
      case "full" -> full;
      case "same" -> full.narrow(0, (kh - 1) / 2, h).narrow(1, (kw - 1) / 2, w);
      case "valid" -> {
        if (kh > h || kw > w) {
          throw new IllegalArgumentException("convolve2d 'valid': the filter " + Shape.format(filter.shape())
              + " must not be larger than the image " + Shape.format(image.shape()));
        }
        yield full.narrow(0, kh - 1, h - kh + 1).narrow(1, kw - 1, w - kw + 1);
      }
      default -> throw new IllegalArgumentException("convolve2d: mode must be 'full', 'same' or 'valid', got '" + mode + "'");
    };
  }

  /**
   * The separable filter u ⊗ v (u as a column times v as a row): convolving with it equals
   * convolving the columns with u and then the rows with v.
   */
  public static Tensor separable(Tensor u, Tensor v) {
    return u.outer(v);
  }

  /** {@code t} reversed along {@code dim} (a recorded copy). */
  public static Tensor flip(Tensor t, int dim) {
    int n = t.size(dim);
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = n - 1 - i;
    }
    return t.indexSelect(dim, idx);
  }
}
