package org.sgd4j.data;

import org.sgd4j.tensor.Rng;

/**
 * Non-uniform sampling with replacement: index {@code i} is drawn with probability
 * {@code p_i = w_i / sum_j w_j} ({@code torch.utils.data.WeightedRandomSampler} with
 * {@code replacement=True}). The finite-sum methods use it for importance sampling, e.g.
 * {@code p_i ∝ L_i} (Needell, Srebro and Ward, 2014).
 *
 * <p>A draw takes {@code u ~ U[0, 1)} and returns the first {@code i} with {@code u * W < C_i}, where
 * {@code C_i = w_0 + ... + w_i} are the prefix sums (computed once, O(n)) and {@code W = C_{n-1}}; a
 * binary search makes each draw O(log n). Zero-weight indices are never drawn.
 */
public final class WeightedSampler implements Sampler {
  private final double[] weights;
  private final double[] cumulative;
  private final int numSamples;
  private final int lastPositive;

  /**
   * @param weights non-negative, finite, not all zero (need not sum to 1)
   * @param numSamples draws per epoch
   */
  public WeightedSampler(double[] weights, int numSamples) {
    if (weights.length == 0) {
      throw new IllegalArgumentException("WeightedSampler: weights must not be empty");
    }
    if (numSamples < 0) {
      throw new IllegalArgumentException("WeightedSampler: num_samples should be a non-negative integer value, but got "
          + numSamples);
    }
    this.weights = weights.clone();
    cumulative = new double[weights.length];
    double sum = 0;
    int last = -1;
    for (int i = 0; i < weights.length; i++) {
      double w = weights[i];
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("WeightedSampler: weight " + i + " is " + w
            + "; weights must be finite and non-negative");
      }
      if (w > 0) {
        last = i;
      }
      sum += w;
      cumulative[i] = sum;
    }
    if (last < 0) {
      throw new IllegalArgumentException("WeightedSampler: all " + weights.length + " weights are zero");
    }
    this.numSamples = numSamples;
    this.lastPositive = last;
  }

  /** One draw, O(log n). */
  public int sample(Rng rng) {
    double target = rng.nextDouble() * cumulative[cumulative.length - 1];
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    // u * W can round up to W itself; the answer is then the last index with positive weight.
    return cumulative[lo] > target ? lo : lastPositive;
  }

  /** The probability of drawing {@code i}. */
  public double probability(int i) {
    return weights[i] / cumulative[cumulative.length - 1];
  }

  @Override
  public int[] epoch(Rng rng) {
    int[] order = new int[numSamples];
    for (int i = 0; i < numSamples; i++) {
      order[i] = sample(rng);
    }
    return order;
  }

  @Override
  public int length() {
    return numSamples;
  }
}
