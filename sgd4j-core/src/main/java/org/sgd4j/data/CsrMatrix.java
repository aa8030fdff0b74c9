package org.sgd4j.data;

import java.util.Arrays;

/**
 * A sparse matrix in compressed sparse row (CSR) form, double precision: row {@code i} holds the
 * entries {@code values[k]} at columns {@code colIdx[k]} for {@code k} in
 * {@code rowPtr[i] .. rowPtr[i+1]-1}, with column indices strictly increasing within a row
 * (the layout of SciPy's {@code csr_matrix} with sorted indices).
 *
 * <p>Produced by the LIBSVM reader; used by the finite-sum problems so that an epoch costs O(nnz).
 */
public record CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, double[] values) {

  /** Validates the structure; every error names the row and position that is wrong. */
  public CsrMatrix {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("CsrMatrix: negative size " + rows + " x " + cols);
    }
    if (rowPtr.length != rows + 1) {
      throw new IllegalArgumentException("CsrMatrix: rowPtr has length " + rowPtr.length + ", expected rows + 1 = " + (rows + 1));
    }
    if (rowPtr[0] != 0 || rowPtr[rows] != colIdx.length || colIdx.length != values.length) {
      throw new IllegalArgumentException("CsrMatrix: rowPtr[0] = " + rowPtr[0] + ", rowPtr[rows] = " + rowPtr[rows]
          + ", colIdx.length = " + colIdx.length + ", values.length = " + values.length + " are inconsistent");
    }
    for (int i = 0; i < rows; i++) {
      if (rowPtr[i + 1] < rowPtr[i]) {
        throw new IllegalArgumentException("CsrMatrix: rowPtr decreases at row " + i);
      }
      for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        int c = colIdx[k];
        if (c < 0 || c >= cols) {
          throw new IllegalArgumentException("CsrMatrix: column " + c + " out of range [0, " + cols + ") in row " + i);
        }
        if (k > rowPtr[i] && c <= colIdx[k - 1]) {
          throw new IllegalArgumentException("CsrMatrix: column indices not strictly increasing in row " + i
              + " (" + colIdx[k - 1] + " then " + c + ")");
        }
      }
    }
  }

  /** Number of stored entries. */
  public int nnz() {
    return values.length;
  }

  /** {@code <row i, x>}. */
  public double dot(int i, double[] x) {
    double s = 0;
    for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      s += values[k] * x[colIdx[k]];
    }
    return s;
  }

  /** {@code y += alpha * row i}. */
  public void axpy(int i, double alpha, double[] y) {
    for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      y[colIdx[k]] += alpha * values[k];
    }
  }

  /** Squared Euclidean norm of row {@code i}. */
  public double rowNormSquared(int i) {
    double s = 0;
    for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      s += values[k] * values[k];
    }
    return s;
  }

  /** The dense row-major {@code rows x cols} copy. */
  public double[][] toDense() {
    double[][] d = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        d[i][colIdx[k]] = values[k];
      }
    }
    return d;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CsrMatrix m && rows == m.rows && cols == m.cols && Arrays.equals(rowPtr, m.rowPtr)
        && Arrays.equals(colIdx, m.colIdx) && Arrays.equals(values, m.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(rowPtr) + Arrays.hashCode(colIdx);
  }

  @Override
  public String toString() {
    return "CsrMatrix[" + rows + " x " + cols + ", nnz=" + nnz() + "]";
  }
}
