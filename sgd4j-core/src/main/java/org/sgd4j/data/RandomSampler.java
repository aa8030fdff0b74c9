package org.sgd4j.data;

import org.sgd4j.tensor.Rng;

/**
 * Uniform random order, as {@code torch.utils.data.RandomSampler}. Without replacement (the notes'
 * "shuffle, take the next B, repeat"): a fresh Fisher–Yates permutation every epoch, so each example
 * is seen exactly once per epoch. With replacement: {@code numSamples} independent uniform draws per
 * epoch (the i.i.d. sampling of the SGD analysis).
 */
public final class RandomSampler implements Sampler {
  private final int n;
  private final boolean replacement;
  private final int numSamples;

  private RandomSampler(int n, boolean replacement, int numSamples) {
    if (n < 0) {
      throw new IllegalArgumentException("RandomSampler: negative size " + n);
    }
    if (numSamples < 0) {
      throw new IllegalArgumentException("RandomSampler: num_samples should be a non-negative integer value, but got "
          + numSamples);
    }
    if (replacement && n == 0 && numSamples > 0) {
      throw new IllegalArgumentException("RandomSampler: cannot draw " + numSamples + " samples from an empty dataset");
    }
    this.n = n;
    this.replacement = replacement;
    this.numSamples = numSamples;
  }

  /** A permutation of {@code 0..n-1} every epoch. */
  public static RandomSampler withoutReplacement(int n) {
    return new RandomSampler(n, false, n);
  }

  /** {@code numSamples} uniform draws from {@code 0..n-1} every epoch. */
  public static RandomSampler withReplacement(int n, int numSamples) {
    return new RandomSampler(n, true, numSamples);
  }

  /** True if indices are drawn independently. */
  public boolean replacement() {
    return replacement;
  }

  @Override
  public int[] epoch(Rng rng) {
    if (!replacement) {
      return rng.permutation(n);
    }
    int[] order = new int[numSamples];
    for (int i = 0; i < numSamples; i++) {
      order[i] = rng.nextInt(n);
    }
    return order;
  }

  @Override
  public int length() {
    return numSamples;
  }
}
