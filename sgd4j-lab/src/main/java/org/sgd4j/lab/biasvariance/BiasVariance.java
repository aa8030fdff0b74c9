package org.sgd4j.lab.biasvariance;

import java.util.ArrayList;
import java.util.List;
import org.sgd4j.tensor.Rng;

/**
 * Estimates bias², variance and noise of {@link PolynomialRidge} by training on many resampled
 * datasets ({@link BiasVarianceSetup}), next to the directly measured expected test error.
 *
 * <p>With the variance taken with 1/R, (1/R) Σ_D (f̂_D − f)² = (f̄ − f)² + variance exactly, so the
 * measured error differs from bias² + variance + σ² only by the mean of
 * d = (ε² − σ²) − 2 (f̂_D(x) − f(x)) ε over the fresh test noises ε: zero in expectation, and
 * independent across (D, x) given the fits, so its standard error is std(d)/√(R·m).
 */
public final class BiasVariance {
  private BiasVariance() {}

  /** The decomposition for one model. The same seed gives the same datasets for every model. */
  public static BiasVariancePoint estimate(BiasVarianceSetup s, int degree, double lambda) {
    Rng rng = new Rng(s.seed());
    int m = s.testPoints();
    double[] xt = new double[m];
    double[] ft = new double[m];
    for (int j = 0; j < m; j++) {
      xt[j] = -1 + 2 * rng.nextDouble();
      ft[j] = BiasVarianceSetup.truth(xt[j]);
    }
    int r = s.replicates();
    double[][] pred = new double[r][m];
    double sumD = 0;
    double sumD2 = 0;
    double sumErr = 0;
    double[] x = new double[s.n()];
    double[] y = new double[s.n()];
    for (int k = 0; k < r; k++) {
      for (int i = 0; i < s.n(); i++) {
        x[i] = -1 + 2 * rng.nextDouble();
        y[i] = BiasVarianceSetup.truth(x[i]) + s.sigma() * rng.nextGaussian();
      }
      PolynomialRidge model = PolynomialRidge.fit(x, y, degree, lambda);
      for (int j = 0; j < m; j++) {
        double p = model.predict(xt[j]);
        pred[k][j] = p;
        double eps = s.sigma() * rng.nextGaussian();
        double err = ft[j] + eps - p;
        sumErr += err * err;
        double d = (eps * eps - s.sigma() * s.sigma()) - 2 * (p - ft[j]) * eps;
        sumD += d;
        sumD2 += d * d;
      }
    }
    double bias2 = 0;
    double variance = 0;
    for (int j = 0; j < m; j++) {
      double mean = 0;
      for (int k = 0; k < r; k++) {
        mean += pred[k][j];
      }
      mean /= r;
      bias2 += (mean - ft[j]) * (mean - ft[j]);
      double v = 0;
      for (int k = 0; k < r; k++) {
        v += (pred[k][j] - mean) * (pred[k][j] - mean);
      }
      variance += v / r;
    }
    long count = (long) r * m;
    double meanD = sumD / count;
    double se = Math.sqrt(Math.max(0, sumD2 / count - meanD * meanD) / count);
    return new BiasVariancePoint(degree, lambda, bias2 / m, variance / m, s.sigma() * s.sigma(), sumErr / count, se);
  }

  /** The decomposition for degrees {@code 0..maxDegree} at ridge {@code lambda}. */
  public static List<BiasVariancePoint> overDegree(BiasVarianceSetup s, int maxDegree, double lambda) {
    List<BiasVariancePoint> out = new ArrayList<>();
    for (int d = 0; d <= maxDegree; d++) {
      out.add(estimate(s, d, lambda));
    }
    return out;
  }

  /** The decomposition at {@code degree} over the ridge strengths {@code lambdas}. */
  public static List<BiasVariancePoint> overLambda(BiasVarianceSetup s, int degree, double[] lambdas) {
    List<BiasVariancePoint> out = new ArrayList<>();
    for (double l : lambdas) {
      out.add(estimate(s, degree, l));
    }
    return out;
  }
}
