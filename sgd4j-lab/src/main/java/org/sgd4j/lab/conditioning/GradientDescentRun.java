package org.sgd4j.lab.conditioning;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient descent with step 1/λmax on the least-squares quadratic f(w) = ½wᵀHw − bᵀw + c
 * (H = XᵀX/n, b = Xᵀy/n) from w = 0, counting the iterations until the relative suboptimality
 * (f(w_t) − f*) / (f(w_0) − f*) ≤ tol. The suboptimality is computed as ½(w − w*)ᵀH(w − w*) with w*
 * from the eigen-decomposition (pseudo-inverse on eigenvalues below 1e-14·λmax), so it does not
 * suffer the cancellation of f(w) − f*. Each iteration costs O(d²) with the Gram matrix, and the gap is checked after every one.
 *
 * <p>Theory (Nesterov, <i>Lectures on Convex Optimization</i>, Thm 2.1.15 for the quadratic case):
 * each eigen-direction contracts by (1 − λ_i/λmax) per step, so about κ·ln(1/tol)/2 iterations,
 * κ = λmax/λmin, suffice.
 *
 * @param iterations the iterations taken (maxIterations when not reached)
 * @param reached whether the tolerance was reached
 * @param curveIterations the iterations at which the curve was recorded (0, then log-spaced)
 * @param curveGaps the relative suboptimality at those iterations
 */
public record GradientDescentRun(long iterations, boolean reached, long[] curveIterations, double[] curveGaps) {
  /** Runs GD on the design's quadratic with the eigen-decomposition {@code eigen} of its Gram matrix. */
  public static GradientDescentRun run(double[][] h, double[] b, SymmetricEigen eigen, double tol, long maxIterations) {
    int d = b.length;
    double[] ws = pseudoSolve(eigen, b);
    double lmax = eigen.max();
    double[] w = new double[d];
    double gap0 = gap(h, w, ws);
    List<Long> its = new ArrayList<>();
    List<Double> gaps = new ArrayList<>();
    its.add(0L);
    gaps.add(gap0 > 0 ? 1.0 : 0.0);
    if (gap0 == 0 || lmax <= 0) {
      return new GradientDescentRun(0, true, new long[] {0}, new double[] {0});
    }
    double[] g = new double[d];
    long next = 1;
    long t = 0;
    double rel = 1;
    while (t < maxIterations && rel > tol) {
      for (int i = 0; i < d; i++) { // g = H w − b
        double s = -b[i];
        double[] hi = h[i];
        for (int j = 0; j < d; j++) {
          s += hi[j] * w[j];
        }
        g[i] = s;
      }
      for (int i = 0; i < d; i++) {
        w[i] -= g[i] / lmax;
      }
      t++;
      rel = gap(h, w, ws) / gap0;
      if (t == next || t == maxIterations || rel <= tol) {
        its.add(t);
        gaps.add(rel);
        next = Math.max(next + 1, (long) Math.ceil(next * 1.2));
      }
    }
    return new GradientDescentRun(t, rel <= tol, its.stream().mapToLong(Long::longValue).toArray(),
        gaps.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** w* = Σ (v_iᵀ b / λ_i) v_i over the eigenvalues above 1e-14·λmax. */
  static double[] pseudoSolve(SymmetricEigen eigen, double[] b) {
    double[] lambda = eigen.values();
    double[][] v = eigen.vectors();
    int d = b.length;
    double[] w = new double[d];
    double cut = 1e-14 * eigen.max();
    for (int k = 0; k < d; k++) {
      if (lambda[k] <= cut) {
        continue;
      }
      double c = 0;
      for (int i = 0; i < d; i++) {
        c += v[i][k] * b[i];
      }
      c /= lambda[k];
      for (int i = 0; i < d; i++) {
        w[i] += c * v[i][k];
      }
    }
    return w;
  }

  /** ½(w − w*)ᵀH(w − w*). */
  static double gap(double[][] h, double[] w, double[] ws) {
    int d = w.length;
    double s = 0;
    for (int i = 0; i < d; i++) {
      double ei = w[i] - ws[i];
      double r = 0;
      for (int j = 0; j < d; j++) {
        r += h[i][j] * (w[j] - ws[j]);
      }
      s += ei * r;
    }
    return Math.max(0, 0.5 * s);
  }
}
