package org.sgd4j.data;

import java.util.Arrays;
import java.util.Objects;
import org.sgd4j.tensor.Tensor;

/**
 * A dataset over sparse rows: example {@code i} is row {@code i} of a {@link CsrMatrix} as a dense
 * float vector of length {@code cols} and its label as a scalar. Only the batches are dense: the
 * {@link DataLoader} scatters each row's stored entries into the batch array, O(nnz) per example, so
 * a wide sparse dataset (LIBSVM) never needs its {@code n x d} dense copy.
 */
public final class CsrDataset implements Dataset {
  private final CsrMatrix x;
  private final double[] y;

  /**
   * @param x the features, one row per example
   * @param y the labels, {@code y.length == x.rows()}
   */
  public CsrDataset(CsrMatrix x, double[] y) {
    if (y.length != x.rows()) {
      throw new IllegalArgumentException("CsrDataset: " + y.length + " labels for " + x.rows() + " rows");
    }
    this.x = x;
    this.y = y.clone();
  }

  /** The dataset of a LIBSVM file's content. */
  public static CsrDataset of(LibSvmData data) {
    return new CsrDataset(data.features(), data.labels());
  }

  @Override
  public int size() {
    return y.length;
  }

  @Override
  public Example get(int i) {
    float[] row = new float[x.cols()];
    copyX(i, row, 0);
    return new Example(Tensor.wrap(row, x.cols()), Tensor.scalar((float) y[i]));
  }

  @Override
  public int[] xShape() {
    return new int[] {x.cols()};
  }

  @Override
  public int[] yShape() {
    return new int[0];
  }

  @Override
  public int xNumel() {
    return x.cols();
  }

  @Override
  public int yNumel() {
    return 1;
  }

  @Override
  public void copyX(int i, float[] dst, int offset) {
    Objects.checkIndex(i, y.length);
    Arrays.fill(dst, offset, offset + x.cols(), 0f);
    int[] rowPtr = x.rowPtr();
    int[] col = x.colIdx();
    double[] val = x.values();
    for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      dst[offset + col[k]] = (float) val[k];
    }
  }

  @Override
  public void copyY(int i, float[] dst, int offset) {
    Objects.checkIndex(i, y.length);
    dst[offset] = (float) y[i];
  }
}
