package org.sgd4j.data;

import org.sgd4j.tensor.Rng;

/**
 * The order in which a {@link DataLoader} visits examples, one epoch at a time, as
 * {@code torch.utils.data.Sampler}. All randomness comes from the generator passed in (the loader's
 * seeded {@link Rng}), so an epoch's order is a function of the seed and the epoch number: the
 * loader can be checkpointed and resumed exactly, and data-parallel workers that share a seed share
 * the order.
 */
public interface Sampler {
  /** The example indices of the next epoch, drawing any randomness from {@code rng}. */
  int[] epoch(Rng rng);

  /** The number of indices {@link #epoch} returns. */
  int length();

  /** {@code 0, 1, ..., n-1} every epoch. */
  static Sampler sequential(int n) {
    return new SequentialSampler(n);
  }

  /** A fresh uniformly random permutation of {@code 0..n-1} every epoch (each example exactly once). */
  static Sampler random(int n) {
    return RandomSampler.withoutReplacement(n);
  }

  /** {@code numSamples} independent uniform draws from {@code 0..n-1} every epoch. */
  static Sampler randomWithReplacement(int n, int numSamples) {
    return RandomSampler.withReplacement(n, numSamples);
  }

  /** {@code numSamples} independent draws with probability proportional to {@code weights}. */
  static Sampler weighted(double[] weights, int numSamples) {
    return new WeightedSampler(weights, numSamples);
  }
}
