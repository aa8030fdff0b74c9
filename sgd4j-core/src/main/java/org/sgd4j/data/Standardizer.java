package org.sgd4j.data;

import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * Per-feature standardisation {@code z_j = (x_j - mu_j) / sigma_j} (the notes' "data whitening" in its
 * diagonal form; {@code sklearn.preprocessing.StandardScaler}), with {@code mu_j} the mean and
 * {@code sigma_j} the population standard deviation (divisor n, NumPy's default {@code ddof=0}) of
 * feature {@code j} over the data it was {@link #fit fitted} on. Fit on the training split only and
 * apply the same statistics to the test split, so no information leaks from the test data. A constant
 * feature ({@code sigma_j = 0}) gets {@code sigma_j = 1}, as scikit-learn does, so it becomes 0.
 * Statistics are accumulated in double precision (two passes).
 */
public final class Standardizer {
  private final double[] mean;
  private final double[] std;

  private Standardizer(double[] mean, double[] std) {
    this.mean = mean;
    this.std = std;
  }

  /** Statistics of the columns of a row-major {@code rows x cols} array. */
  public static Standardizer fit(double[] data, int rows, int cols) {
    if ((long) rows * cols != data.length) {
      throw new IllegalArgumentException("Standardizer.fit: " + data.length + " values for " + rows + " x " + cols);
    }
    if (rows == 0) {
      throw new IllegalArgumentException("Standardizer.fit: no rows to compute statistics from");
    }
    double[] mean = new double[cols];
    double[] std = new double[cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        mean[j] += data[i * cols + j];
      }
    }
    for (int j = 0; j < cols; j++) {
      mean[j] /= rows;
    }
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double d = data[i * cols + j] - mean[j];
        std[j] += d * d;
      }
    }
    for (int j = 0; j < cols; j++) {
      std[j] = Math.sqrt(std[j] / rows);
      if (std[j] == 0) {
        std[j] = 1;
      }
    }
    return new Standardizer(mean, std);
  }

  /** Statistics of the features of a dataset's inputs {@code x} of shape {@code (n, d)}. */
  public static Standardizer fit(Tensor x) {
    if (x.dim() != 2) {
      throw new IllegalArgumentException("Standardizer.fit: expected x of shape (n, d), got " + Shape.format(x.shape()));
    }
    return fit(x.toDoubleArray(), x.size(0), x.size(1));
  }

  /** The feature means. */
  public double[] mean() {
    return mean.clone();
  }

  /** The feature standard deviations (1 for constant features). */
  public double[] std() {
    return std.clone();
  }

  /** The standardised copy of a row-major {@code rows x d} array. */
  public double[] apply(double[] data, int rows) {
    int d = mean.length;
    if ((long) rows * d != data.length) {
      throw new IllegalArgumentException("Standardizer.apply: " + data.length + " values are not " + rows + " rows of "
          + d + " features");
    }
    double[] z = new double[data.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < d; j++) {
        z[i * d + j] = (data[i * d + j] - mean[j]) / std[j];
      }
    }
    return z;
  }

  /** The standardised copy of {@code x} of shape {@code (n, d)}. */
  public Tensor apply(Tensor x) {
    if (x.dim() != 2 || x.size(1) != mean.length) {
      throw new IllegalArgumentException("Standardizer.apply: expected x of shape (n, " + mean.length + "), got "
          + Shape.format(x.shape()));
    }
    float[] in = x.contiguous().toArray();
    float[] out = new float[in.length];
    int d = mean.length;
    for (int i = 0; i < in.length; i++) {
      int j = i % d;
      out[i] = (float) ((in[i] - mean[j]) / std[j]);
    }
    return Tensor.wrap(out, x.shape());
  }

  /** The dataset with standardised inputs and the same targets. */
  public TensorDataset apply(TensorDataset data) {
    return new TensorDataset(apply(data.x()), data.y());
  }
}
