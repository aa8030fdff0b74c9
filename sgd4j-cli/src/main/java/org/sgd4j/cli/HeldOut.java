package org.sgd4j.cli;

import org.sgd4j.data.TensorDataset;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * {@code --test-fraction F}: a test split held out of a training set that has none. The examples
 * are permuted by a Fisher–Yates shuffle seeded with {@code --seed}, the first
 * {@code round(F · n)} (at least 1) become the test split and the rest, in the permuted order, the
 * training split, so the split is the same on every run with the same seed.
 */
final class HeldOut {
  private HeldOut() {}

  /** {train, test}. */
  static TensorDataset[] split(TensorDataset d, double fraction, long seed) {
    int n = d.size();
    int nTest = (int) Math.max(1, Math.round(fraction * n));
    if (nTest >= n) {
      throw new UserError("--test-fraction " + fraction + " of " + n + " examples leaves none to train on");
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    Rng rng = new Rng(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int[] test = java.util.Arrays.copyOfRange(perm, 0, nTest);
    int[] train = java.util.Arrays.copyOfRange(perm, nTest, n);
    return new TensorDataset[] {rows(d, train), rows(d, test)};
  }

  private static TensorDataset rows(TensorDataset d, int[] idx) {
    float[] x = d.x().toArray();
    float[] y = d.y().toArray();
    int per = x.length / d.size();
    int yPer = y.length / d.size();
    float[] xs = new float[idx.length * per];
    float[] ys = new float[idx.length * yPer];
    for (int k = 0; k < idx.length; k++) {
      System.arraycopy(x, idx[k] * per, xs, k * per, per);
      System.arraycopy(y, idx[k] * yPer, ys, k * yPer, yPer);
    }
    int[] xShape = d.x().shape().clone();
    xShape[0] = idx.length;
    int[] yShape = d.y().shape().clone();
    yShape[0] = idx.length;
    return new TensorDataset(Tensor.wrap(xs, xShape), Tensor.wrap(ys, yShape));
  }
}
