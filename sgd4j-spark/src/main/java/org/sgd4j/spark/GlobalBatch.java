package org.sgd4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.sgd4j.data.RandomSampler;
import org.sgd4j.data.Sampler;
import org.sgd4j.data.SequentialSampler;
import org.sgd4j.tensor.Rng;

/**
 * One step's global batch, named by the shared seed: positions {@code [start, end)} of the order of
 * the epoch whose generator state at the start is {@code (rngState, pendingGaussian)} — the same
 * order a {@code DataLoader} with that seed draws ({@code RandomSampler.withoutReplacement(n)},
 * or the dataset order without shuffling). Every partition rebuilds the order from these few
 * numbers and keeps the indices it holds.
 *
 * @param rngState the order generator's state at the start of the epoch
 * @param pendingGaussian its pending normal deviate (NaN if none)
 * @param shuffle whether the epoch order is a permutation (else 0, 1, …, n−1)
 * @param n the dataset size
 * @param start the first position of the batch in the epoch order
 * @param end one past its last position
 */
record GlobalBatch(long rngState, double pendingGaussian, boolean shuffle, int n, int start, int end)
    implements Serializable {
  private static final Object LOCK = new Object();
  private static GlobalBatch cachedKey;
  private static int[] cachedOrder;

  /** The sampler that orders each epoch, as {@code DataLoader} picks it. */
  static Sampler sampler(boolean shuffle, int n) {
    return shuffle ? RandomSampler.withoutReplacement(n) : new SequentialSampler(n);
  }

  /** The dataset indices of the batch that {@code shard} holds, in batch order. */
  int[] indicesIn(DataShard shard) {
    int[] order = order();
    int[] out = new int[end - start];
    int k = 0;
    for (int j = start; j < end; j++) {
      if (shard.holds(order[j])) {
        out[k++] = order[j];
      }
    }
    return Arrays.copyOf(out, k);
  }

  /** The epoch's order; the last one is kept, since consecutive steps share their epoch. */
  private int[] order() {
    GlobalBatch key = new GlobalBatch(rngState, pendingGaussian, shuffle, n, 0, 0);
    synchronized (LOCK) {
      if (key.equals(cachedKey)) {
        return cachedOrder;
      }
    }
    int[] order = sampler(shuffle, n).epoch(new Rng(0).restore(rngState, pendingGaussian));
    synchronized (LOCK) {
      cachedKey = key;
      cachedOrder = order;
    }
    return order;
  }
}
