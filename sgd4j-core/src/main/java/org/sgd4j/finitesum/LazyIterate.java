package org.sgd4j.finitesum;

import java.util.Arrays;

/**
 * The iterate of a sparse linear-model method, updated just in time (Schmidt, Le Roux and Bach
 * 2017, "implementation details"; the scheme of scikit-learn's {@code sag_fast.pyx}).
 *
 * <p>Every step has the form {@code x ← c_k x − β_k d + (sparse correction)}, where {@code c_k = 1 −
 * α_k μ} comes from the L2 term and {@code d} is a dense vector (the SAG/SAGA gradient sum, or the
 * SVRG snapshot gradient) that changes only on the support of the current example. We store
 * {@code x = s · (w − d ⊙ (C − C_last))}: the scale {@code s = Π c_k} absorbs the L2 shrinkage in
 * O(1), and {@code C = Σ β_k / s_{k+1}} accumulates the {@code d}-term, which is applied to
 * coordinate {@code j} only when it is next read ({@link #catchUp}). A step thus costs
 * O(nnz(a_i)), an epoch O(nnz). When {@code s} falls below 1e-9 everything is folded back
 * ({@link #rescale}), O(d), rarely.
 */
final class LazyIterate {
  private static final double MIN_SCALE = 1e-9;
  private final double[] w;
  private final double[] lastCum;
  /** The dense term {@code d}; callers change its entries only right after {@link #catchUp}. */
  final double[] d;
  private double scale = 1;
  private double cum;

  LazyIterate(double[] x) {
    w = x.clone();
    lastCum = new double[x.length];
    d = new double[x.length];
  }

  /** Applies the pending {@code d}-term to coordinate {@code j}. */
  void catchUp(int j) {
    double pending = cum - lastCum[j];
    if (pending != 0) {
      w[j] -= d[j] * pending;
      lastCum[j] = cum;
    }
  }

  /** {@code x_j}; valid right after {@link #catchUp}{@code (j)}. */
  double get(int j) {
    return scale * w[j];
  }

  /** {@code x_j += delta}; valid right after {@link #catchUp}{@code (j)}. */
  void add(int j, double delta) {
    w[j] += delta / scale;
  }

  /** Brings the coordinates of row {@code i} of {@code a} up to date and returns {@code ⟨a_i, x⟩}. */
  double dotRow(int[] ptr, int[] col, double[] val, int i) {
    double s = 0;
    for (int q = ptr[i]; q < ptr[i + 1]; q++) {
      int j = col[q];
      catchUp(j);
      s += val[q] * w[j];
    }
    return scale * s;
  }

  /**
   * {@code x += xCoef · a_i} and {@code d += dCoef · a_i}, bringing the row's coordinates up to
   * date first.
   */
  void addRow(int[] ptr, int[] col, double[] val, int i, double xCoef, double dCoef) {
    double c = xCoef / scale;
    for (int q = ptr[i]; q < ptr[i + 1]; q++) {
      int j = col[q];
      catchUp(j);
      w[j] += c * val[q];
      d[j] += dCoef * val[q];
    }
  }

  /** {@code x ← c x − β d} (lazily). */
  void step(double c, double beta) {
    if (!(c > 0)) {
      throw new IllegalArgumentException("step size times mu must be below 1 (shrink factor 1 - lr*mu = " + c + ")");
    }
    scale *= c;
    cum += beta / scale;
    if (scale < MIN_SCALE) {
      rescale();
    }
  }

  /** Folds the scale and all pending terms into {@code w}. */
  void rescale() {
    for (int j = 0; j < w.length; j++) {
      catchUp(j);
      w[j] *= scale;
    }
    scale = 1;
    cum = 0;
    Arrays.fill(lastCum, 0);
  }

  /** Writes the current {@code x} into {@code out}. */
  void materialize(double[] out) {
    for (int j = 0; j < w.length; j++) {
      catchUp(j);
      out[j] = scale * w[j];
    }
  }
}
