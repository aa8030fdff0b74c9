package org.sgd4j.data;

import org.sgd4j.tensor.Rng;

/**
 * Generated datasets with a known truth, seeded and reproducible. In every generator the features are
 * {@code x_i ~ N(0, I_d)} and the true weights {@code w* ~ N(0, I_d) / sqrt(d)} (so
 * {@code <w*, x_i>} has unit variance). The generator draws {@code w*} from {@code new Rng(seed)},
 * then splits independent streams from it for the {@link Split#TRAIN} and the {@link Split#TEST}
 * examples (and their label noise), so both splits share {@code w*}.
 *
 * <ul>
 *   <li>{@link #linearRegression}: {@code y_i = <w*, x_i> + b* + noise * e_i}, {@code e_i ~ N(0, 1)},
 *       {@code b* ~ N(0, 1)}.
 *   <li>{@link #logistic}: the L2-regularised logistic regression problem of the notes ("the main
 *       problem of SGD", {@code min (1/n) sum log(1 + exp(-y_i <w, x_i>)) + (lambda/2)||w||^2}):
 *       labels {@code y_i = +1} with probability {@code sigma(<w*, x_i>)}, else -1.
 *   <li>{@link #separable}: {@code y_i = sign(<w*, x_i>)} with every point pushed away from the
 *       hyperplane so that its distance is at least {@code margin}.
 *   <li>{@link #noisy}: the separable labels (margin 0) each flipped with probability {@code flip}.
 * </ul>
 */
public final class Synthetic {
  private Synthetic() {}

  /** Linear regression with Gaussian noise of standard deviation {@code noise}. */
  public static SyntheticData linearRegression(int n, int d, double noise, long seed, Split split) {
    Rng[] r = streams(seed, d, split);
    double[] w = weights(r[0], d);
    double b = r[0].nextGaussian();
    Rng rng = r[1];
    double[] x = features(rng, n, d);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = dot(x, i, w) + b + noise * rng.nextGaussian();
    }
    return new SyntheticData(n, d, x, y, w, b);
  }

  /** Logistic-model labels ±1: {@code P(y = +1 | x) = 1 / (1 + exp(-<w*, x>))}. */
  public static SyntheticData logistic(int n, int d, long seed, Split split) {
    Rng[] r = streams(seed, d, split);
    double[] w = weights(r[0], d);
    Rng rng = r[1];
    double[] x = features(rng, n, d);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double p = 1 / (1 + Math.exp(-dot(x, i, w)));
      y[i] = rng.nextDouble() < p ? 1 : -1;
    }
    return new SyntheticData(n, d, x, y, w, 0);
  }

  /** Linearly separable labels ±1 with geometric margin at least {@code margin}. */
  public static SyntheticData separable(int n, int d, double margin, long seed, Split split) {
    if (margin < 0) {
      throw new IllegalArgumentException("separable: margin must be non-negative, got " + margin);
    }
    Rng[] r = streams(seed, d, split);
    double[] w = weights(r[0], d);
    double norm = Math.sqrt(dot(w, 0, w));
    double[] x = features(r[1], n, d);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = dot(x, i, w) / norm;
      double sign = s >= 0 ? 1 : -1;
      for (int j = 0; j < d; j++) {
        x[i * d + j] += sign * margin * w[j] / norm;
      }
      y[i] = sign;
    }
    return new SyntheticData(n, d, x, y, w, 0);
  }

  /** Separable labels ±1, each flipped independently with probability {@code flip}. */
  public static SyntheticData noisy(int n, int d, double flip, long seed, Split split) {
    if (!(flip >= 0 && flip <= 1)) {
      throw new IllegalArgumentException("noisy: flip probability must be in [0, 1], got " + flip);
    }
    SyntheticData clean = separable(n, d, 0, seed, split);
    Rng rng = streams(seed, d, split)[2];
    double[] y = clean.y().clone();
    for (int i = 0; i < n; i++) {
      if (rng.nextDouble() < flip) {
        y[i] = -y[i];
      }
    }
    return new SyntheticData(n, d, clean.x(), y, clean.trueWeights(), 0);
  }

  /** [the generator of w*, the split's data stream, the split's label-noise stream]. */
  private static Rng[] streams(long seed, int d, Split split) {
    if (d < 1) {
      throw new IllegalArgumentException("synthetic data needs d >= 1, got " + d);
    }
    Rng master = new Rng(seed);
    Rng truth = master.split();
    Rng train = master.split();
    Rng test = master.split();
    Rng trainNoise = master.split();
    Rng testNoise = master.split();
    return split == Split.TRAIN ? new Rng[] {truth, train, trainNoise} : new Rng[] {truth, test, testNoise};
  }

  private static double[] weights(Rng rng, int d) {
    double[] w = new double[d];
    double scale = 1 / Math.sqrt(d);
    for (int j = 0; j < d; j++) {
      w[j] = rng.nextGaussian() * scale;
    }
    return w;
  }

  private static double[] features(Rng rng, int n, int d) {
    if (n < 0) {
      throw new IllegalArgumentException("synthetic data needs n >= 0, got " + n);
    }
    double[] x = new double[Math.multiplyExact(n, d)];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    return x;
  }

  private static double dot(double[] x, int row, double[] w) {
    int d = w.length;
    double s = 0;
    for (int j = 0; j < d; j++) {
      s += x[row * d + j] * w[j];
    }
    return s;
  }
}
