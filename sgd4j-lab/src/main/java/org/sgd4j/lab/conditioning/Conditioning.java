package org.sgd4j.lab.conditioning;

import java.util.List;

/**
 * The notes' "effects of data whitening": the condition number κ = λmax/λmin of XᵀX/n, the Hessian
 * of least squares f(w) = ‖Xw − y‖²/(2n), before and after standardising the features (and the
 * target), and the gradient-descent iterations to a relative suboptimality {@code tol}, which grow
 * like κ·ln(1/tol). Eigenvalues by {@link SymmetricEigen} (Jacobi, double precision).
 */
public final class Conditioning {
  private Conditioning() {}

  /** The raw and the standardised design, in that order. */
  public static List<ConditioningResult> compare(Design design, double tol, long maxIterations) {
    return List.of(measure(design, "raw", tol, maxIterations),
        measure(design.standardized(), "standardized", tol, maxIterations));
  }

  /** κ and the GD iterations of one design. */
  public static ConditioningResult measure(Design design, String scaling, double tol, long maxIterations) {
    if (!(tol > 0 && tol < 1)) {
      throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tol);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
    }
    double[][] h = design.gram();
    SymmetricEigen eigen = SymmetricEigen.of(h);
    GradientDescentRun gd = GradientDescentRun.run(h, design.moment(), eigen, tol, maxIterations);
    return new ConditioningResult(design.name(), scaling, design.n(), design.d(), eigen.values(), gd, tol);
  }
}
