package org.sgd4j.lab.conditioning;

/**
 * The conditioning of one least-squares design: the spectrum of XᵀX/n, κ = λmax/λmin and the
 * gradient-descent iterations to the tolerance.
 *
 * @param dataset the design's name
 * @param scaling "raw" or "standardized"
 * @param n rows
 * @param d features
 * @param eigenvalues the eigenvalues of XᵀX/n, ascending
 * @param gd the gradient-descent run with step 1/λmax
 * @param tol the relative suboptimality aimed at
 */
public record ConditioningResult(String dataset, String scaling, int n, int d, double[] eigenvalues,
    GradientDescentRun gd, double tol) {
  /** λmin. */
  public double lambdaMin() {
    return eigenvalues[0];
  }

  /** λmax. */
  public double lambdaMax() {
    return eigenvalues[eigenvalues.length - 1];
  }

  /**
   * The smallest eigenvalue above 1e-13·λmax (the rounding level of the eigenvalues): λmin when
   * XᵀX/n is non-singular, else the smallest non-zero one (e.g. one-hot groups, whose centred columns
   * sum to zero, make standardised XᵀX/n singular).
   */
  public double lambdaMinPositive() {
    for (double v : eigenvalues) {
      if (v > 1e-13 * lambdaMax()) {
        return v;
      }
    }
    return Double.NaN;
  }

  /** The number of eigenvalues above 1e-13·λmax. */
  public int rank() {
    int r = 0;
    for (double v : eigenvalues) {
      if (v > 1e-13 * lambdaMax()) {
        r++;
      }
    }
    return r;
  }

  /**
   * κ = λmax / λmin⁺ with λmin⁺ = {@link #lambdaMinPositive()}: gradient descent from 0 never leaves
   * the range of XᵀX, so this is the condition number that sets its rate (the usual λmax/λmin when
   * XᵀX/n is non-singular).
   */
  public double kappa() {
    return lambdaMax() / lambdaMinPositive();
  }

  /** The iteration bound κ·ln(1/tol)/2 of gradient descent with step 1/λmax. */
  public double iterationBound() {
    return kappa() * Math.log(1 / tol) / 2;
  }
}
