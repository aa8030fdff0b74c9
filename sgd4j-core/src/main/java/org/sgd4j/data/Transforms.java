package org.sgd4j.data;

import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * Eager transforms of whole datasets, as torchvision's: pixel scaling ({@code ToTensor}),
 * per-channel {@link #normalize} ({@code transforms.Normalize}), {@link #flatten}, {@link #oneHot}
 * ({@code torch.nn.functional.one_hot}). Per-feature standardisation with training-split statistics is
 * {@link Standardizer}. Each returns new tensors; the input is unchanged.
 */
public final class Transforms {
  private Transforms() {}

  /** {@code x / 255}: raw pixel values 0..255 to [0, 1] (the IDX and CIFAR readers already do this). */
  public static Tensor scalePixels(Tensor x) {
    float[] v = x.contiguous().toArray();
    for (int i = 0; i < v.length; i++) {
      v[i] /= 255f;
    }
    return Tensor.wrap(v, x.shape());
  }

  /**
   * {@code (x[:, c] - mean[c]) / std[c]} for each channel {@code c} of inputs shaped {@code (N, C, ...)},
   * as {@code torchvision.transforms.Normalize(mean, std)} applied to every example.
   */
  public static Tensor normalize(Tensor x, float[] mean, float[] std) {
    if (x.dim() < 2 || x.size(1) != mean.length || mean.length != std.length) {
      throw new IllegalArgumentException("normalize: expected x of shape (N, " + mean.length + ", ...) and "
          + mean.length + " means and stds, got x " + Shape.format(x.shape()) + ", " + mean.length + " means, "
          + std.length + " stds");
    }
    for (int c = 0; c < std.length; c++) {
      if (!(std[c] != 0) || !Float.isFinite(std[c])) {
        throw new IllegalArgumentException("normalize: std evaluated to zero or non-finite at channel " + c + ": "
            + std[c]);
      }
    }
    float[] v = x.contiguous().toArray();
    int n = x.size(0);
    int channels = x.size(1);
    int plane = n == 0 ? 0 : v.length / (n * channels);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < channels; c++) {
        int base = (i * channels + c) * plane;
        for (int k = 0; k < plane; k++) {
          v[base + k] = (v[base + k] - mean[c]) / std[c];
        }
      }
    }
    return Tensor.wrap(v, x.shape());
  }

  /** The dataset with per-channel normalised inputs. */
  public static TensorDataset normalize(TensorDataset d, float[] mean, float[] std) {
    return new TensorDataset(normalize(d.x(), mean, std), d.y());
  }

  /** The dataset with each input flattened to a vector: {@code (N, ...)} to {@code (N, prod(...))}. */
  public static TensorDataset flatten(TensorDataset d) {
    return new TensorDataset(d.x().reshape(d.size(), d.xNumel()), d.y());
  }

  /**
   * {@code (N)} class indices to {@code (N, numClasses)} one-hot rows.
   *
   * @throws IllegalArgumentException naming the position of a label that is not an integer in
   *     {@code [0, numClasses)}
   */
  public static Tensor oneHot(Tensor labels, int numClasses) {
    if (labels.dim() != 1) {
      throw new IllegalArgumentException("oneHot: expected labels of shape (N), got " + Shape.format(labels.shape()));
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException("oneHot: numClasses must be positive, got " + numClasses);
    }
    float[] y = labels.toArray();
    float[] out = new float[y.length * numClasses];
    for (int i = 0; i < y.length; i++) {
      float c = y[i];
      if (c != Math.rint(c) || c < 0 || c >= numClasses) {
        throw new IllegalArgumentException("oneHot: label " + c + " at position " + i + " is not a class index in [0, "
            + numClasses + ")");
      }
      out[i * numClasses + (int) c] = 1f;
    }
    return Tensor.wrap(out, y.length, numClasses);
  }

  /** The dataset with one-hot targets of shape {@code (numClasses)}. */
  public static TensorDataset oneHot(TensorDataset d, int numClasses) {
    return new TensorDataset(d.x(), oneHot(d.y(), numClasses));
  }
}
