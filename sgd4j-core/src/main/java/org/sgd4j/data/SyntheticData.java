package org.sgd4j.data;

import org.sgd4j.tensor.Tensor;

/**
 * A generated dataset in double precision together with the parameters that generated it, so that
 * an estimate can be compared with the truth.
 *
 * @param n the number of examples
 * @param d the number of features
 * @param x the features, row-major {@code n x d}
 * @param y the targets (real values, or ±1 labels)
 * @param trueWeights the generating weight vector {@code w*}
 * @param trueBias the generating intercept {@code b*}
 */
public record SyntheticData(int n, int d, double[] x, double[] y, double[] trueWeights, double trueBias) {

  /** Checks the sizes. */
  public SyntheticData {
    if ((long) n * d != x.length || y.length != n || trueWeights.length != d) {
      throw new IllegalArgumentException("SyntheticData: inconsistent sizes n=" + n + ", d=" + d + ", x.length="
          + x.length + ", y.length=" + y.length + ", w.length=" + trueWeights.length);
    }
  }

  /** The float dataset: x of shape {@code (n, d)}, y of shape {@code (n)}. */
  public TensorDataset toTensorDataset() {
    float[] xf = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      xf[i] = (float) x[i];
    }
    float[] yf = new float[n];
    for (int i = 0; i < n; i++) {
      yf[i] = (float) y[i];
    }
    return new TensorDataset(Tensor.wrap(xf, n, d), Tensor.wrap(yf, n));
  }

  /** The features as a (dense-content) CSR matrix, for the finite-sum problems. */
  public CsrMatrix toCsr() {
    int[] rowPtr = new int[n + 1];
    int[] col = new int[n * d];
    for (int i = 0; i < n; i++) {
      rowPtr[i + 1] = (i + 1) * d;
      for (int j = 0; j < d; j++) {
        col[i * d + j] = j;
      }
    }
    return new CsrMatrix(n, d, rowPtr, col, x.clone());
  }
}
