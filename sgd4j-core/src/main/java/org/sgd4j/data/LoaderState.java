package org.sgd4j.data;

/**
 * Where a {@link DataLoader} is in its stream of batches, for checkpoints: the next batch it delivers
 * is batch {@code batchIndex} (counted from 0 in this loader's, i.e. this worker's, sequence) of epoch
 * {@code epoch}, whose order is drawn from the generator state {@code rngState} /
 * {@code rngPendingGaussian} (the state at the start of that epoch, see
 * {@link org.sgd4j.tensor.Rng#state()}). {@link DataLoader#restore} of a saved state makes the loader
 * continue exactly as if it had never stopped.
 *
 * @param epoch the epoch of the next batch, from 0
 * @param batchIndex the index of the next batch within the epoch
 * @param rngState the generator state at the start of {@code epoch}
 * @param rngPendingGaussian the generator's pending normal deviate at that point (NaN if none)
 */
public record LoaderState(long epoch, int batchIndex, long rngState, double rngPendingGaussian) {

  /** Validates the position. */
  public LoaderState {
    if (epoch < 0 || batchIndex < 0) {
      throw new IllegalArgumentException("LoaderState: negative position epoch=" + epoch + ", batchIndex=" + batchIndex);
    }
  }
}
