package org.sgd4j.lab.biasvariance;

/**
 * One model's decomposition of the expected squared test error (Geman, Bienenstock and Doursat 1992;
 * Hastie, Tibshirani and Friedman, <i>The Elements of Statistical Learning</i>, §7.3):
 * E[(y − f̂_D(x))²] = (E_D f̂_D(x) − f(x))² + Var_D f̂_D(x) + σ², averaged over the test inputs.
 *
 * @param degree polynomial degree
 * @param lambda ridge strength
 * @param bias2 mean over x of (f̄(x) − f(x))², f̄ the average fit over the datasets
 * @param variance mean over x of the spread (1/R) Σ_D (f̂_D(x) − f̄(x))²
 * @param noise σ²
 * @param measured the measured mean of (y − f̂_D(x))² over datasets and test inputs, y fresh
 * @param standardError the sampling standard error of {@code measured} − (bias² + variance + σ²)
 */
public record BiasVariancePoint(int degree, double lambda, double bias2, double variance, double noise,
    double measured, double standardError) {
  /** bias² + variance + noise. */
  public double sum() {
    return bias2 + variance + noise;
  }
}
