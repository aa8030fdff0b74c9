package org.sgd4j.lab.plot;

/**
 * The smoothing of noisy training curves, as TensorBoard's: an exponential moving average with its
 * start-up bias removed, s_i = m_i / (1 − Π w), m_i = w_i m_{i−1} + (1 − w_i) y_i. Here the weight
 * depends on the distance along x, w_i = exp(−(x_i − x_{i−1}) / τ), so that curves traced at
 * different batch sizes (points every B samples) are smoothed alike when x counts samples.
 */
public final class Smoothing {
  private Smoothing() {}

  /** The debiased EMA of {@code y} over increasing {@code x} with time constant {@code tau} (in x units, > 0). */
  public static double[] ema(double[] x, double[] y, double tau) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
    }
    if (!(tau > 0)) {
      throw new IllegalArgumentException("tau must be positive, got " + tau);
    }
    double[] s = new double[y.length];
    double m = 0;
    double norm = 0;
    for (int i = 0; i < y.length; i++) {
      double w = i == 0 ? 0 : Math.exp(-Math.max(0, x[i] - x[i - 1]) / tau);
      m = w * m + (1 - w) * y[i];
      norm = w * norm + (1 - w);
      s[i] = m / norm;
    }
    return s;
  }

  /** The indices of at most {@code max} points spread evenly over {@code n}, the first and last included. */
  public static int[] spread(int n, int max) {
    if (n <= max) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] keep = new int[max];
    for (int k = 0; k < max; k++) {
      keep[k] = (int) Math.round((double) k * (n - 1) / (max - 1));
    }
    return keep;
  }

  /** {@code values} at {@code indices}. */
  public static double[] pick(double[] values, int[] indices) {
    double[] out = new double[indices.length];
    for (int k = 0; k < indices.length; k++) {
      out[k] = values[indices[k]];
    }
    return out;
  }
}
