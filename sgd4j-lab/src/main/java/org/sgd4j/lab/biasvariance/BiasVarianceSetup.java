package org.sgd4j.lab.biasvariance;

/**
 * The sampling scheme of a bias–variance estimate: the truth f(x) = sin(πx) on x ~ U[−1, 1],
 * targets y = f(x) + ε with ε ~ N(0, σ²); {@code replicates} training sets of {@code n} points each;
 * {@code testPoints} fixed test inputs, each with a fresh noisy target per replicate.
 *
 * @param n training points per dataset
 * @param replicates number of training sets
 * @param testPoints number of test inputs
 * @param sigma noise standard deviation σ (the irreducible error is σ²)
 * @param seed seed of all the draws
 */
public record BiasVarianceSetup(int n, int replicates, int testPoints, double sigma, long seed) {
  /** Checks the counts. */
  public BiasVarianceSetup {
    if (n < 1 || replicates < 2 || testPoints < 1) {
      throw new IllegalArgumentException("need n >= 1, replicates >= 2, testPoints >= 1; got n = " + n
          + ", replicates = " + replicates + ", testPoints = " + testPoints);
    }
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("noise sigma must be finite and >= 0, got " + sigma);
    }
  }

  /** The default: 30 points, 500 datasets, 200 test inputs, σ = 0.3, seed 0. */
  public static BiasVarianceSetup defaults() {
    return new BiasVarianceSetup(30, 500, 200, 0.3, 0);
  }

  /** The true regression function sin(πx). */
  public static double truth(double x) {
    return Math.sin(Math.PI * x);
  }
}
