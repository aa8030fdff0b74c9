package org.sgd4j.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * Mini-batches over a {@link Dataset}, as {@code torch.utils.data.DataLoader}: each
 * {@link #iterator()} is one epoch.
 *
 * <pre>{@code
 * var loader = DataLoader.of(train).batchSize(16).shuffle(true).seed(42).build();
 * for (Batch b : loader) { ... b.x() ... b.y() ... }
 * }</pre>
 *
 * <p><b>Order.</b> With {@code shuffle(true)} every epoch draws a fresh permutation from a generator
 * seeded once with {@code seed}: sampling without replacement, each example exactly once per epoch
 * (the notes' "shuffle, take the next B, repeat"). {@code replacement(true)} draws {@code numSamples}
 * indices independently and uniformly instead; {@code sampler(...)} takes any {@link Sampler}, e.g. a
 * {@link WeightedSampler}. The epoch's index sequence is cut into consecutive batches of
 * {@code batchSize}; the last, smaller one is dropped with {@code dropLast(true)}.
 *
 * <p><b>Sharding</b> for {@code M} data-parallel workers ({@code shard(m, M)}): every worker builds
 * its loader with the same seed, so all draw the same permutation, and worker {@code m} takes batches
 * {@code m, m+M, m+2M, ...} of it. Together the workers see each example of the epoch once.
 *
 * <p><b>Assembly.</b> A batch is two fresh arrays filled through {@link Dataset#copyX} /
 * {@link Dataset#copyY} (one {@code System.arraycopy} per example for a {@link TensorDataset}): no
 * per-example objects, and a batch stays valid after the next one is produced (autograd may keep it).
 * With {@code prefetch(k)} a background thread assembles up to {@code k} batches ahead; it produces
 * them in the same order, so the data seen is identical with and without prefetch.
 *
 * <p><b>Resuming.</b> {@link #state()} is the position of the next batch (epoch, batch index and the
 * generator state at the start of the epoch); {@link #restore(LoaderState)} makes the next
 * {@link #iterator()} continue from there exactly. Otherwise, as in PyTorch, a new iterator starts a
 * new epoch even if the previous one was abandoned part-way.
 *
 * <p>A loader is not thread-safe: one consumer at a time.
 */
public final class DataLoader implements Iterable<Batch>, AutoCloseable {

  /**
   * The loader's settings (immutable; made by {@link Builder}).
   *
   * @param batchSize examples per batch, {@code >= 1}
   * @param shuffle a fresh random permutation every epoch
   * @param seed the seed of the order generator
   * @param dropLast drop the last batch of an epoch if it is smaller than {@code batchSize}
   * @param replacement draw indices uniformly with replacement (implies random order)
   * @param numSamples indices per epoch when drawing with replacement (0: the dataset size)
   * @param sampler a custom sampler, or null
   * @param worker this worker's index {@code m}, {@code 0 <= m < workers}
   * @param workers the number of data-parallel workers {@code M}
   * @param prefetch batches assembled ahead by a background thread (0: none)
   */
  public record Options(int batchSize, boolean shuffle, long seed, boolean dropLast, boolean replacement,
      int numSamples, Sampler sampler, int worker, int workers, int prefetch) {
    /** Validates the settings with PyTorch's messages where PyTorch has one. */
    public Options {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch_size should be a positive integer value, but got batch_size=" + batchSize);
      }
      if (sampler != null && (shuffle || replacement)) {
        throw new IllegalArgumentException("sampler option is mutually exclusive with shuffle and replacement");
      }
      if (numSamples < 0) {
        throw new IllegalArgumentException("num_samples should be a non-negative integer value, but got num_samples="
            + numSamples);
      }
      if (numSamples > 0 && !replacement) {
        throw new IllegalArgumentException("numSamples=" + numSamples + " is only used with replacement(true)");
      }
      if (workers < 1 || worker < 0 || worker >= workers) {
        throw new IllegalArgumentException("invalid shard: worker " + worker + " of " + workers
            + " (expected 0 <= worker < workers)");
      }
      if (prefetch < 0) {
        throw new IllegalArgumentException("prefetch must be non-negative, got " + prefetch);
      }
    }
  }

  /** Mutable builder of a {@link DataLoader}; defaults as PyTorch (batch 1, no shuffle), seed 0. */
  public static final class Builder {
    private final Dataset dataset;
    private int batchSize = 1;
    private boolean shuffle;
    private long seed;
    private boolean dropLast;
    private boolean replacement;
    private int numSamples;
    private Sampler sampler;
    private int worker;
    private int workers = 1;
    private int prefetch;

    private Builder(Dataset dataset) {
      this.dataset = java.util.Objects.requireNonNull(dataset, "dataset");
    }

    /** Examples per batch. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** A fresh random permutation every epoch. */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** The seed of the order generator. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Drop the last incomplete batch of each epoch. */
    public Builder dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /** Draw uniformly with replacement ({@code numSamples} per epoch, default the dataset size). */
    public Builder replacement(boolean replacement) {
      this.replacement = replacement;
      return this;
    }

    /** Indices per epoch when drawing with replacement. */
    public Builder numSamples(int numSamples) {
      this.numSamples = numSamples;
      return this;
    }

    /** A custom order. */
    public Builder sampler(Sampler sampler) {
      this.sampler = sampler;
      return this;
    }

    /** Take batches {@code worker, worker + workers, ...} of the shared order. */
    public Builder shard(int worker, int workers) {
      this.worker = worker;
      this.workers = workers;
      return this;
    }

    /** Assemble up to {@code batches} batches ahead on a background thread. */
    public Builder prefetch(int batches) {
      this.prefetch = batches;
      return this;
    }

    /** The loader. */
    public DataLoader build() {
      return new DataLoader(dataset, new Options(batchSize, shuffle, seed, dropLast, replacement, numSamples, sampler,
          worker, workers, prefetch));
    }
  }

  private final Dataset dataset;
  private final Options options;
  private final Sampler sampler;
  private final Rng rng;
  private final int xNumel;
  private final int yNumel;
  private final int[] xShape;
  private final int[] yShape;
  private LoaderState next;
  private long afterOrderState;
  private double afterOrderGaussian;
  private boolean resumePending;
  private EpochIterator current;

  /** A loader over {@code dataset} with the given options. */
  public DataLoader(Dataset dataset, Options options) {
    this.dataset = dataset;
    this.options = options;
    int n = dataset.size();
    if (options.sampler() != null) {
      this.sampler = options.sampler();
    } else if (options.replacement()) {
      this.sampler = RandomSampler.withReplacement(n, options.numSamples() > 0 ? options.numSamples() : n);
    } else if (options.shuffle()) {
      this.sampler = RandomSampler.withoutReplacement(n);
    } else {
      this.sampler = new SequentialSampler(n);
    }
    this.rng = new Rng(options.seed());
    this.next = new LoaderState(0, 0, options.seed(), Double.NaN);
    this.xShape = dataset.xShape();
    this.yShape = dataset.yShape();
    this.xNumel = dataset.xNumel();
    this.yNumel = dataset.yNumel();
  }

  /** A builder over {@code dataset}. */
  public static Builder of(Dataset dataset) {
    return new Builder(dataset);
  }

  /** The dataset. */
  public Dataset dataset() {
    return dataset;
  }

  /** The settings. */
  public Options options() {
    return options;
  }

  /** The sampler that orders each epoch. */
  public Sampler sampler() {
    return sampler;
  }

  /** Batches per epoch for this worker ({@code len(loader)}). */
  public int numBatches() {
    long global = globalBatches();
    int m = options.worker();
    int workers = options.workers();
    return global > m ? (int) ((global - m + workers - 1) / workers) : 0;
  }

  private long globalBatches() {
    long len = sampler.length();
    int b = options.batchSize();
    return options.dropLast() ? len / b : (len + b - 1) / b;
  }

  /** The position of the next batch, for a checkpoint. */
  public LoaderState state() {
    return next;
  }

  /** Continue from a saved position: the next {@link #iterator()} resumes there. */
  public void restore(LoaderState state) {
    if (state.batchIndex() > numBatches()) {
      throw new IllegalArgumentException("LoaderState: batch index " + state.batchIndex() + " beyond the "
          + numBatches() + " batches of an epoch");
    }
    closeCurrent();
    this.next = state;
    this.resumePending = true;
  }

  /** The next epoch (or the rest of a restored one). */
  @Override
  public Iterator<Batch> iterator() {
    closeCurrent();
    if (!resumePending && next.batchIndex() > 0) {
      // The previous epoch was abandoned part-way: as in PyTorch, a new iterator is a new epoch.
      next = new LoaderState(next.epoch() + 1, 0, afterOrderState, afterOrderGaussian);
    }
    resumePending = false;
    rng.restore(next.rngState(), next.rngPendingGaussian());
    int[] order = sampler.epoch(rng);
    afterOrderState = rng.state();
    afterOrderGaussian = rng.pendingGaussian();
    current = new EpochIterator(order, next.batchIndex());
    return current;
  }

  /** Stops a background prefetch thread, if any. */
  @Override
  public void close() {
    closeCurrent();
  }

  private void closeCurrent() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  /** Assembles local batch {@code local} of an epoch with index order {@code order}. */
  private Batch assemble(int[] order, int local) {
    long global = options.worker() + (long) local * options.workers();
    int start = (int) (global * options.batchSize());
    int end = Math.min(start + options.batchSize(), order.length);
    int[] indices = Arrays.copyOfRange(order, start, end);
    int b = indices.length;
    float[] x = new float[b * xNumel];
    float[] y = new float[b * yNumel];
    for (int j = 0; j < b; j++) {
      dataset.copyX(indices[j], x, j * xNumel);
      dataset.copyY(indices[j], y, j * yNumel);
    }
    return new Batch(Tensor.wrap(x, prepend(b, xShape)), Tensor.wrap(y, prepend(b, yShape)), indices);
  }

  private static int[] prepend(int b, int[] shape) {
    int[] s = new int[shape.length + 1];
    s[0] = b;
    System.arraycopy(shape, 0, s, 1, shape.length);
    return s;
  }

  private void advance(int deliveredIndex, int count) {
    if (deliveredIndex + 1 >= count) {
      next = new LoaderState(next.epoch() + 1, 0, afterOrderState, afterOrderGaussian);
    } else {
      next = new LoaderState(next.epoch(), deliveredIndex + 1, next.rngState(), next.rngPendingGaussian());
    }
  }

  /** One epoch's batches, optionally produced ahead by a background thread. */
  private final class EpochIterator implements Iterator<Batch>, AutoCloseable {
    private final int[] order;
    private final int count;
    private int index;
    private final BlockingQueue<Object> queue;
    private final Thread producer;
    private boolean closed;

    EpochIterator(int[] order, int start) {
      this.order = order;
      this.count = numBatches();
      this.index = start;
      if (start >= count) {
        next = new LoaderState(next.epoch() + 1, 0, afterOrderState, afterOrderGaussian);
      }
      if (options.prefetch() > 0 && start < count) {
        queue = new ArrayBlockingQueue<>(options.prefetch());
        producer = new Thread(this::produce, "sgd4j-prefetch");
        producer.setDaemon(true);
        producer.start();
      } else {
        queue = null;
        producer = null;
      }
    }

    private void produce() {
      try {
        for (int i = index; i < count; i++) {
          Object item;
          try {
            item = assemble(order, i);
          } catch (RuntimeException | Error e) {
            queue.put(e);
            return;
          }
          queue.put(item);
        }
      } catch (InterruptedException e) {
        // closed by the consumer
      }
    }

    @Override
    public boolean hasNext() {
      return !closed && index < count;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException("epoch finished after " + count + " batches");
      }
      Batch b;
      if (queue == null) {
        b = assemble(order, index);
      } else {
        Object item;
        try {
          item = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for a prefetched batch", e);
        }
        if (item instanceof RuntimeException e) {
          throw e;
        }
        if (item instanceof Error e) {
          throw e;
        }
        b = (Batch) item;
      }
      advance(index, count);
      index++;
      return b;
    }

    @Override
    public void close() {
      closed = true;
      if (producer != null) {
        producer.interrupt();
      }
    }
  }
}
