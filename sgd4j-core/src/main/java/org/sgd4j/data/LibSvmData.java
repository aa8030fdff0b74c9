package org.sgd4j.data;

import org.sgd4j.tensor.Tensor;

/**
 * The content of a LIBSVM/svmlight file: one label per row and the features as a sparse
 * {@link CsrMatrix} with 0-based columns (the file's index {@code k} is column {@code k-1}).
 *
 * @param labels the label of each row, {@code labels.length == features.rows()}
 * @param features the feature matrix, {@code n x dim}
 */
public record LibSvmData(double[] labels, CsrMatrix features) {

  /** Checks that there is one label per row. */
  public LibSvmData {
    if (labels.length != features.rows()) {
      throw new IllegalArgumentException("LibSvmData: " + labels.length + " labels for " + features.rows() + " rows");
    }
  }

  /** Number of examples. */
  public int n() {
    return labels.length;
  }

  /** Number of features. */
  public int dim() {
    return features.cols();
  }

  /** The features as a dense row-major {@code n x dim} array of doubles (row i at {@code i * dim}). */
  public double[] denseFeatures() {
    long size = (long) n() * dim();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("LibSvmData: dense " + n() + " x " + dim() + " matrix has " + size
          + " entries, more than a Java array holds; use the sparse features()");
    }
    double[] d = new double[(int) size];
    int[] rowPtr = features.rowPtr();
    int[] col = features.colIdx();
    double[] val = features.values();
    int dim = dim();
    for (int i = 0; i < n(); i++) {
      for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        d[i * dim + col[k]] = val[k];
      }
    }
    return d;
  }

  /** A dense float dataset: x of shape {@code (dim)} per example, y the label as a scalar tensor. */
  public TensorDataset toTensorDataset() {
    double[] d = denseFeatures();
    float[] x = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      x[i] = (float) d[i];
    }
    float[] y = new float[labels.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) labels[i];
    }
    return new TensorDataset(Tensor.wrap(x, n(), dim()), Tensor.wrap(y, n()));
  }
}
