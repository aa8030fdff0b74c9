package org.sgd4j.lab.d2l;

import java.util.Arrays;

/** Means, medians, sample standard deviations and the standard error of a difference of two means. */
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

  /** The median (the mean of the two middle values for an even count). */
  public static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /** The sample standard deviation, divisor n − 1 (NumPy's {@code std(ddof=1)}); NaN when {@code n < 2}. */
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
