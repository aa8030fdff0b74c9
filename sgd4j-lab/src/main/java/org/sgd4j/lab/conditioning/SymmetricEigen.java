package org.sgd4j.lab.conditioning;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method (Jacobi 1846;
 * Golub and Van Loan, <i>Matrix Computations</i>, 4th ed., §8.5; the rotation formulas of Rutishauser
 * as in <i>Numerical Recipes</i> §11.1), in double precision: sweeps of plane rotations
 * A ← JᵀAJ that zero one off-diagonal pair each, until the off-diagonal mass is below
 * 1e-15·‖A‖_F (convergence is quadratic). A = V diag(λ) Vᵀ with V orthogonal.
 *
 * <p>The values come sorted ascending, the columns of {@link #vectors()} in the same order.
 */
public final class SymmetricEigen {
  private static final int MAX_SWEEPS = 100;
  private final double[] values;
  private final double[][] vectors;
  private final int sweeps;

  private SymmetricEigen(double[] values, double[][] vectors, int sweeps) {
    this.values = values;
    this.vectors = vectors;
    this.sweeps = sweeps;
  }

  /** The decomposition of the symmetric matrix {@code a} (not modified). */
  public static SymmetricEigen of(double[][] a) {
    int n = a.length;
    double norm = 0;
    for (int i = 0; i < n; i++) {
      if (a[i].length != n) {
        throw new IllegalArgumentException("Jacobi eigenvalues need a square matrix: row " + i + " has " + a[i].length
            + " entries, expected " + n);
      }
      for (int j = 0; j < n; j++) {
        if (!Double.isFinite(a[i][j])) {
          throw new IllegalArgumentException("matrix entry (" + i + ", " + j + ") is " + a[i][j]);
        }
        norm += a[i][j] * a[i][j];
      }
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        if (Math.abs(a[i][j] - a[j][i]) > 1e-12 * Math.max(norm, Double.MIN_NORMAL)) {
          throw new IllegalArgumentException("matrix is not symmetric: entry (" + i + ", " + j + ") = " + a[i][j]
              + " but (" + j + ", " + i + ") = " + a[j][i]);
        }
      }
    }
    double[][] m = new double[n][];
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
      v[i][i] = 1;
    }
    int sweep = 0;
    while (offDiagonal(m) > 1e-15 * norm && norm > 0) {
      if (++sweep > MAX_SWEEPS) {
        throw new ArithmeticException("Jacobi did not converge in " + MAX_SWEEPS + " sweeps");
      }
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          rotate(m, v, p, q);
        }
      }
    }
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> m[i][i]));
    double[] values = new double[n];
    double[][] vectors = new double[n][n];
    for (int k = 0; k < n; k++) {
      values[k] = m[order[k]][order[k]];
      for (int i = 0; i < n; i++) {
        vectors[i][k] = v[i][order[k]];
      }
    }
    return new SymmetricEigen(values, vectors, sweep);
  }

  /** Zeroes m[p][q] with the rotation that does it in the numerically stable way. */
  private static void rotate(double[][] m, double[][] v, int p, int q) {
    double apq = m[p][q];
    if (apq == 0) {
      return;
    }
    double theta = (m[q][q] - m[p][p]) / (2 * apq);
    // t = tan of the rotation angle, the smaller root of t² + 2θt − 1 = 0
    double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    double c = 1 / Math.sqrt(t * t + 1);
    double s = t * c;
    int n = m.length;
    for (int k = 0; k < n; k++) {
      double mkp = m[k][p];
      double mkq = m[k][q];
      m[k][p] = c * mkp - s * mkq;
      m[k][q] = s * mkp + c * mkq;
    }
    for (int k = 0; k < n; k++) {
      double mpk = m[p][k];
      double mqk = m[q][k];
      m[p][k] = c * mpk - s * mqk;
      m[q][k] = s * mpk + c * mqk;
    }
    m[p][q] = 0;
    m[q][p] = 0;
    for (int k = 0; k < n; k++) {
      double vkp = v[k][p];
      double vkq = v[k][q];
      v[k][p] = c * vkp - s * vkq;
      v[k][q] = s * vkp + c * vkq;
    }
  }

  private static double offDiagonal(double[][] m) {
    double s = 0;
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m.length; j++) {
        if (i != j) {
          s += m[i][j] * m[i][j];
        }
      }
    }
    return Math.sqrt(s);
  }

  /** The eigenvalues, ascending. */
  public double[] values() {
    return values.clone();
  }

  /** The orthonormal eigenvectors as columns, in the order of {@link #values()}. */
  public double[][] vectors() {
    double[][] c = new double[vectors.length][];
    for (int i = 0; i < c.length; i++) {
      c[i] = vectors[i].clone();
    }
    return c;
  }

  /** The smallest eigenvalue. */
  public double min() {
    return values[0];
  }

  /** The largest eigenvalue. */
  public double max() {
    return values[values.length - 1];
  }

  /** The number of Jacobi sweeps taken. */
  public int sweeps() {
    return sweeps;
  }
}
