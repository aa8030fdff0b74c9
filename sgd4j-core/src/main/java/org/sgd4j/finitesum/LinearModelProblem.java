package org.sgd4j.finitesum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sgd4j.data.CsrMatrix;
import org.sgd4j.tensor.Rng;

/**
 * A finite sum over a linear model with an L2 term:
 * {@code f_i(x) = φ_i(⟨a_i, x⟩) + (μ/2) ‖x‖²}, with rows {@code a_i} of a data matrix {@code A}
 * (dense or sparse, both held as a {@link CsrMatrix}) and a scalar loss {@code φ_i}.
 *
 * <p>Then {@code ∇f_i(x) = φ_i'(⟨a_i, x⟩) a_i + μ x}: the data part of a gradient is one scalar
 * times a row, which is what lets SAG and SAGA keep one scalar per example (Schmidt, Le Roux and
 * Bach 2017, "implementation details") and touch only the non-zeros of {@code a_i} per step, with the L2 term applied
 * lazily. {@code L_i = c ‖a_i‖² + μ}, where {@code c} bounds {@code φ''}.
 */
public abstract class LinearModelProblem implements FiniteSum {
  private final CsrMatrix data;
  private final double[] targets;
  private final double l2;
  private final double[] rowNormSquared;
  private double lipschitz = Double.NaN;

  /** Validates the sizes and {@code μ ≥ 0}. */
  protected LinearModelProblem(CsrMatrix data, double[] targets, double l2) {
    if (targets.length != data.rows()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": " + data.rows() + " rows but "
          + targets.length + " targets");
    }
    if (data.rows() == 0) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": no examples (n = 0)");
    }
    if (!(l2 >= 0) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid L2 coefficient mu: " + l2);
    }
    for (int i = 0; i < targets.length; i++) {
      if (!Double.isFinite(targets[i])) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ": target " + i + " is " + targets[i]);
      }
    }
    for (double v : data.values()) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ": data matrix holds a non-finite value " + v);
      }
    }
    this.data = data;
    this.targets = targets.clone();
    this.l2 = l2;
    this.rowNormSquared = new double[data.rows()];
    for (int i = 0; i < data.rows(); i++) {
      rowNormSquared[i] = data.rowNormSquared(i);
    }
  }

  /** {@code φ_i(t)}. */
  public abstract double loss(int i, double t);

  /** {@code φ_i'(t)}. */
  public abstract double lossDerivative(int i, double t);

  /** {@code φ_i''(t)}. */
  public abstract double lossSecondDerivative(int i, double t);

  /** A bound {@code c ≥ sup φ_i''}. */
  public abstract double curvatureBound();

  /** The data matrix {@code A} (rows {@code a_i}). */
  public CsrMatrix data() {
    return data;
  }

  /** The targets {@code y_i} (labels or responses); a copy. */
  public double[] targets() {
    return targets.clone();
  }

  /** {@code y_i}. */
  protected double target(int i) {
    return targets[i];
  }

  /** The L2 coefficient {@code μ}. */
  public double l2() {
    return l2;
  }

  /** {@code ‖a_i‖²}. */
  public double rowNormSquared(int i) {
    return rowNormSquared[i];
  }

  @Override
  public int n() {
    return data.rows();
  }

  @Override
  public int dim() {
    return data.cols();
  }

  @Override
  public double value(int i, double[] x) {
    return loss(i, data.dot(i, x)) + 0.5 * l2 * squaredNorm(x);
  }

  @Override
  public void gradient(int i, double[] x, double[] out) {
    for (int j = 0; j < out.length; j++) {
      out[j] = l2 * x[j];
    }
    data.axpy(i, lossDerivative(i, data.dot(i, x)), out);
  }

  @Override
  public double value(double[] x) {
    checkPoint(x);
    double s = 0;
    for (int i = 0; i < n(); i++) {
      s += loss(i, data.dot(i, x));
    }
    return s / n() + 0.5 * l2 * squaredNorm(x);
  }

  @Override
  public void fullGradient(double[] x, double[] out) {
    checkPoint(x);
    Arrays.fill(out, 0.0);
    for (int i = 0; i < n(); i++) {
      data.axpy(i, lossDerivative(i, data.dot(i, x)), out);
    }
    for (int j = 0; j < out.length; j++) {
      out[j] = out[j] / n() + l2 * x[j];
    }
  }

  @Override
  public double lipschitz(int i) {
    return curvatureBound() * rowNormSquared[i] + l2;
  }

  /**
   * {@code L = c λ_max(AᵀA/n) + μ}, with {@code λ_max} from 500 power iterations (a Rayleigh
   * quotient, so at most {@code λ_max}; accurate to about 1e-9 relative on well separated spectra),
   * computed once.
   */
  @Override
  public synchronized double lipschitz() {
    if (Double.isNaN(lipschitz)) {
      lipschitz = curvatureBound() * largestEigenvalueOfGram() + l2;
    }
    return lipschitz;
  }

  private double largestEigenvalueOfGram() {
    int d = dim();
    double[] v = new double[d];
    Rng rng = new Rng(0x5eed);
    for (int j = 0; j < d; j++) {
      v[j] = 1 + 0.01 * rng.nextGaussian();
    }
    double lambda = 0;
    double[] w = new double[d];
    for (int it = 0; it < 500; it++) {
      double norm = Math.sqrt(squaredNorm(v));
      if (norm == 0) {
        return 0;
      }
      for (int j = 0; j < d; j++) {
        v[j] /= norm;
      }
      Arrays.fill(w, 0);
      for (int i = 0; i < n(); i++) {
        data.axpy(i, data.dot(i, v) / n(), w);
      }
      double next = 0;
      for (int j = 0; j < d; j++) {
        next += v[j] * w[j];
      }
      double[] t = v;
      v = w;
      w = t;
      if (Math.abs(next - lambda) <= 1e-13 * next) {
        return next;
      }
      lambda = next;
    }
    return lambda;
  }

  @Override
  public double mu() {
    return l2;
  }

  @Override
  public boolean hasHessian() {
    return true;
  }

  /** {@code ∇²f(x) = μ I + (1/n) Σ φ_i''(⟨a_i, x⟩) a_i a_iᵀ}, O(Σ nnz_i²). */
  @Override
  public void hessian(double[] x, double[][] out) {
    checkPoint(x);
    int d = dim();
    for (double[] row : out) {
      Arrays.fill(row, 0.0);
    }
    int[] ptr = data.rowPtr();
    int[] col = data.colIdx();
    double[] val = data.values();
    for (int i = 0; i < n(); i++) {
      double h = lossSecondDerivative(i, data.dot(i, x)) / n();
      for (int p = ptr[i]; p < ptr[i + 1]; p++) {
        double hp = h * val[p];
        double[] row = out[col[p]];
        for (int q = ptr[i]; q < ptr[i + 1]; q++) {
          row[col[q]] += hp * val[q];
        }
      }
    }
    for (int j = 0; j < d; j++) {
      out[j][j] += l2;
    }
  }

  /** A dense {@code n x d} array as a CSR matrix holding every entry (zeros included). */
  public static CsrMatrix denseRows(double[][] a) {
    int n = a.length;
    int d = n == 0 ? 0 : a[0].length;
    int[] ptr = new int[n + 1];
    int[] col = new int[n * d];
    double[] val = new double[n * d];
    for (int i = 0; i < n; i++) {
      if (a[i].length != d) {
        throw new IllegalArgumentException("denseRows: row " + i + " has length " + a[i].length + ", row 0 has " + d);
      }
      for (int j = 0; j < d; j++) {
        col[i * d + j] = j;
        val[i * d + j] = a[i][j];
      }
      ptr[i + 1] = (i + 1) * d;
    }
    return new CsrMatrix(n, d, ptr, col, val);
  }

  /** A random sparse {@code n x d} matrix: each entry non-zero with probability {@code density}, value N(0,1). */
  public static CsrMatrix randomSparse(int n, int d, double density, Rng rng) {
    if (!(density > 0 && density <= 1)) {
      throw new IllegalArgumentException("randomSparse: density must be in (0, 1], got " + density);
    }
    int[] ptr = new int[n + 1];
    List<Integer> cols = new ArrayList<>();
    List<Double> vals = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        if (rng.nextDouble() < density) {
          cols.add(j);
          vals.add(rng.nextGaussian());
        }
      }
      ptr[i + 1] = cols.size();
    }
    return new CsrMatrix(n, d, ptr, cols.stream().mapToInt(Integer::intValue).toArray(),
        vals.stream().mapToDouble(Double::doubleValue).toArray());
  }

  static double squaredNorm(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return s;
  }

  @Override
  public String name() {
    return getClass().getSimpleName() + "(n=" + n() + ", d=" + dim() + ", nnz=" + data.nnz() + ", mu=" + l2 + ")";
  }
}
