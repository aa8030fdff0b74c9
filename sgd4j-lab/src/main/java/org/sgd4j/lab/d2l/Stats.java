package org.sgd4j.lab.d2l;

/** Means, sample standard deviations and the standard error of a difference of two means. */
public final class Stats {
  private Stats() {}

  /** The mean. */
  public static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** The sample standard deviation, divisor n − 1 (NumPy's {@code std(ddof=1)}); NaN when n < 2. */
  public static double sd(double[] x) {
    if (x.length < 2) {
      return Double.NaN;
    }
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / (x.length - 1));
  }

  /**
   * The standard error of the difference of two independent sample means, √(sd₁²/n₁ + sd₂²/n₂)
   * (Welch's).
   */
  public static double standardErrorOfDifference(double sd1, int n1, double sd2, int n2) {
    return Math.sqrt(sd1 * sd1 / n1 + sd2 * sd2 / n2);
  }
}
