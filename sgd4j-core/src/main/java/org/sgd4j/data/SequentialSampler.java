package org.sgd4j.data;

import org.sgd4j.tensor.Rng;

/** The indices {@code 0, 1, ..., n-1} in order, every epoch ({@code torch.utils.data.SequentialSampler}). */
public final class SequentialSampler implements Sampler {
  private final int n;

  /** A sampler over {@code n} examples. */
  public SequentialSampler(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("SequentialSampler: negative size " + n);
    }
    this.n = n;
  }

  @Override
  public int[] epoch(Rng rng) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  @Override
  public int length() {
    return n;
  }
}
