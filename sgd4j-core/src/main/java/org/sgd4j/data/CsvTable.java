package org.sgd4j.data;

import java.util.Arrays;
import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * A numeric table read by {@link Csv}: column names and a row-major {@code rows x cols} array of
 * doubles.
 *
 * @param columns the column names (from the header, or {@code c0, c1, ...} without one)
 * @param rows the number of data rows
 * @param values the entries, row {@code i} at {@code values[i * cols .. (i+1) * cols)}
 */
public record CsvTable(List<String> columns, int rows, double[] values) {

  /** Checks the sizes. */
  public CsvTable {
    columns = List.copyOf(columns);
    if ((long) rows * columns.size() != values.length) {
      throw new IllegalArgumentException("CsvTable: " + values.length + " values for " + rows + " rows x "
          + columns.size() + " columns");
    }
  }

  /** The number of columns. */
  public int cols() {
    return columns.size();
  }

  /** Entry {@code (i, j)}. */
  public double get(int i, int j) {
    return values[i * cols() + j];
  }

  /** Column {@code j} as a new array. */
  public double[] column(int j) {
    java.util.Objects.checkIndex(j, cols());
    double[] c = new double[rows];
    for (int i = 0; i < rows; i++) {
      c[i] = values[i * cols() + j];
    }
    return c;
  }

  /**
   * A float dataset with column {@code target} as y (shape {@code (n)}) and the other columns, in
   * order, as x (shape {@code (n, cols - 1)}). A negative index counts from the end (-1 is the last).
   */
  public TensorDataset toDataset(int target) {
    int c = cols();
    int t = target < 0 ? target + c : target;
    if (t < 0 || t >= c) {
      throw new IndexOutOfBoundsException("target column " + target + " out of range for " + c + " columns");
    }
    float[] x = new float[rows * (c - 1)];
    float[] y = new float[rows];
    int k = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < c; j++) {
        float v = (float) values[i * c + j];
        if (j == t) {
          y[i] = v;
        } else {
          x[k++] = v;
        }
      }
    }
    return new TensorDataset(Tensor.wrap(x, rows, c - 1), Tensor.wrap(y, rows));
  }

  /** The first {@code n} rows. */
  public CsvTable head(int n) {
    int m = Math.min(n, rows);
    return new CsvTable(columns, m, Arrays.copyOf(values, m * cols()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CsvTable t && columns.equals(t.columns) && rows == t.rows && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return columns.hashCode() * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "CsvTable[" + rows + " x " + cols() + ", columns " + columns + "]";
  }
}
