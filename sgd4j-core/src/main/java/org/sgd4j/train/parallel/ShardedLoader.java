package org.sgd4j.train.parallel;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.sgd4j.data.Batch;
import org.sgd4j.data.DataLoader;
import org.sgd4j.data.Dataset;
import org.sgd4j.data.LoaderState;

/**
 * The batches of M synchronous data-parallel workers, as the notes prescribe: all workers draw the
 * same order from the shared {@code seed}, and worker m takes batches m, m+M, m+2M, … of it
 * (M {@link DataLoader}s built with {@code shard(m, M)}). Step s of an epoch gives worker m the
 * global batch s·M + m, so the step as a whole covers examples {@code order[s·M·B, (s+1)·M·B)}: the
 * same examples, in the same order, as step s of one loader with batch size M·B.
 *
 * <p>Only complete global batches are used: an epoch has ⌊⌊n/B⌋/M⌋ steps, and the few examples left
 * over are skipped, as {@code dropLast} does for one loader with batch M·B.
 *
 * <p>{@link #state()} / {@link #restore} give the position for a checkpoint; a restored loader
 * continues exactly where the saved one would have.
 */
public final class ShardedLoader implements AutoCloseable {
  private final DataLoader[] loaders;
  private final int stepsPerEpoch;
  private final List<Iterator<Batch>> iterators = new ArrayList<>();
  private int stepInEpoch;

  /**
   * @param dataset the examples every worker can read
   * @param batchSize B, each worker's batch size
   * @param shuffle a fresh permutation every epoch (from {@code seed}), else the dataset order
   * @param seed the shared seed of the order
   * @param workers M
   * @throws IllegalArgumentException if {@code workers < 1} or the dataset has fewer than M·B examples
   */
  public ShardedLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("Invalid number of workers: " + workers + " (must be at least 1)");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch_size should be a positive integer value, but got batch_size=" + batchSize);
    }
    this.stepsPerEpoch = dataset.size() / batchSize / workers;
    if (stepsPerEpoch < 1) {
      throw new IllegalArgumentException("ShardedLoader: " + dataset.size() + " examples are fewer than one global batch of "
          + workers + " workers x " + batchSize + " examples");
    }
    this.loaders = new DataLoader[workers];
    for (int m = 0; m < workers; m++) {
      loaders[m] = DataLoader.of(dataset).batchSize(batchSize).shuffle(shuffle).seed(seed).dropLast(true)
          .shard(m, workers).build();
    }
  }

  /** M. */
  public int workers() {
    return loaders.length;
  }

  /** Synchronous steps per epoch, ⌊⌊n/B⌋/M⌋. */
  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  /** The epoch of the next step, from 0. */
  public long epoch() {
    ensureEpoch();
    return loaders[0].state().epoch();
  }

  /** The M batches of the next step, batch m for worker m; a new epoch starts when one ends. */
  public List<Batch> next() {
    ensureEpoch();
    List<Batch> out = new ArrayList<>(loaders.length);
    for (Iterator<Batch> it : iterators) {
      out.add(it.next());
    }
    stepInEpoch++;
    return out;
  }

  private void ensureEpoch() {
    if (iterators.isEmpty() || stepInEpoch >= stepsPerEpoch) {
      openEpoch();
      if (stepInEpoch >= stepsPerEpoch) {
        // A restored position at the end of an epoch: the new iterators resumed its leftover tail; start the next.
        openEpoch();
      }
    }
  }

  private void openEpoch() {
    iterators.clear();
    for (DataLoader l : loaders) {
      iterators.add(l.iterator());
    }
    stepInEpoch = loaders[0].state().batchIndex();
  }

  /** The position of the next step (worker 0's loader position; all workers move in lockstep). */
  public LoaderState state() {
    return loaders[0].state();
  }

  /** Continues from a position saved by {@link #state()} of a loader with the same settings. */
  public void restore(LoaderState state) {
    if (state.batchIndex() > stepsPerEpoch) {
      throw new IllegalArgumentException("ShardedLoader: step " + state.batchIndex() + " is beyond the "
          + stepsPerEpoch + " steps of an epoch");
    }
    for (DataLoader l : loaders) {
      l.restore(state);
    }
    iterators.clear();
  }

  /** Stops any prefetch threads of the workers' loaders. */
  @Override
  public void close() {
    for (DataLoader l : loaders) {
      l.close();
    }
  }
}
