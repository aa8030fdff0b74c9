package org.sgd4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sgd4j.data.Batch;
import org.sgd4j.data.DataLoader;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.Rng;

/**
 * The notes' training script as a reusable loop: the PyTorch quickstart's {@code train_loop} and
 * {@code test_loop}, epoch after epoch.
 *
 * <pre>
 *   for epoch in 1..epochs:
 *     model.train()
 *     for (X, y) in train_loader:
 *       loss = loss_fn(model(X), y)          # stop, status DIVERGED, if loss is NaN or ±∞
 *       optimizer.zero_grad(); loss.backward(); optimizer.step()
 *     model.eval(); with no_grad: test_loss, accuracy = test_loop(test_loader)
 *     history += (epoch, samples seen, seconds, mean train loss, test_loss, accuracy, lr)
 * </pre>
 *
 * <p>Three parts: this loop; a {@link StepStrategy} that turns batches into one step's gradient (one
 * batch on this thread, or M batches on M data-parallel workers, {@link Builder#workers}); and the
 * {@link TrainingState} record, the progress a checkpoint keeps. Logging, progress, learning-rate
 * schedules, early stopping, checkpoints and metric files are {@link Callback}s. A checkpoint
 * ({@link #saveCheckpoint}) holds the model, the optimizer state and the {@link TrainingState} (the
 * data loader's position, the named generators given to {@link Builder#rng}, the callbacks' state,
 * the progress counters), so {@link #resume} followed by {@link #fit()} ends with the same weights,
 * bit for bit, as a run that never stopped (the reproducibility contract of
 * {@code docs/architecture.md}: same code, same thread count and kernel choice).
 *
 * <p>Source: PyTorch tutorial "Optimizing Model Parameters" (the quickstart's full implementation).
 */
public final class Trainer {
  private final Module model;
  private final Loss lossFn;
  private final Optimizer<?> optimizer;
  private final DataLoader trainLoader;
  private final DataLoader testLoader;
  private final int epochs;
  private final List<Callback> callbacks;
  private final Map<String, Rng> rngs;
  private final Map<String, Object> config;
  private final int workers;

  private int epoch;
  private long step;
  private long samplesSeen;
  private double epochLossSum;
  private int epochBatches;
  private double secondsBefore;
  private long startNanos;
  private final List<HistoryRow> history = new ArrayList<>();
  private volatile String stopReason;

  private Trainer(Builder b) {
    this.model = b.model;
    this.lossFn = b.lossFn;
    this.optimizer = b.optimizer;
    this.trainLoader = b.trainLoader;
    this.testLoader = b.testLoader;
    this.epochs = b.epochs;
    this.callbacks = List.copyOf(b.callbacks);
    this.rngs = Collections.unmodifiableMap(new LinkedHashMap<>(b.rngs));
    this.config = Collections.unmodifiableMap(new LinkedHashMap<>(b.config));
    this.workers = b.workers;
  }

  /** A builder for training {@code model} on {@code trainLoader} with {@code lossFn} and {@code optimizer}. */
  public static Builder builder(Module model, Loss lossFn, Optimizer<?> optimizer, DataLoader trainLoader) {
    return new Builder(model, lossFn, optimizer, trainLoader);
  }

  // ---------------------------------------------------------------- the loop

  /** Runs the remaining epochs (all of them, or the rest after {@link #resume}). */
  public TrainResult fit() {
    startNanos = System.nanoTime();
    stopReason = null;
    for (Callback c : callbacks) {
      c.onTrainStart(this);
    }
    RunStatus status = RunStatus.COMPLETED;
    String message = "";
    while (epoch < epochs) {
      if (epochBatches == 0) {
        for (Callback c : callbacks) {
          c.onEpochStart(this);
        }
      }
      String divergence = trainEpoch();
      if (divergence != null) {
        status = RunStatus.DIVERGED;
        message = divergence;
        history.add(partialRow());
        break;
      }
      if (stopReason != null && trainLoader.state().epoch() == epoch) {
        status = RunStatus.STOPPED; // mid-epoch: the epoch's row comes when a resumed run finishes it
        message = stopReason;
        break;
      }
      Evaluation test = testLoader == null ? null : evaluate(testLoader);
      HistoryRow row = new HistoryRow(epoch + 1, samplesSeen, seconds(), meanTrainLoss(),
          test == null ? Double.NaN : test.avgLoss(), test == null ? Double.NaN : test.accuracy(), lr());
      history.add(row);
      epoch++;
      epochLossSum = 0;
      epochBatches = 0;
      for (Callback c : callbacks) {
        c.onEpochEnd(this, row, test);
      }
      if (stopReason != null) {
        status = RunStatus.STOPPED;
        message = stopReason;
        break;
      }
    }
    TrainResult result = new TrainResult(status, message, history, step, samplesSeen, seconds());
    for (Callback c : callbacks) {
      c.onTrainEnd(this, result);
    }
    return result;
  }

  /** The rest of the current epoch's batches; returns a divergence message, or null. */
  private String trainEpoch() {
    long loaderEpoch = trainLoader.state().epoch();
    if (loaderEpoch == epoch + 1 && epochBatches > 0) {
      return null; // the batches of this epoch were all taken before a checkpoint: only its test loop remains
    }
    if (loaderEpoch != epoch) {
      throw new IllegalStateException("the training loader is at epoch " + (loaderEpoch + 1) + " but the trainer at"
          + " epoch " + (epoch + 1) + ": give the trainer a fresh DataLoader, or resume from a checkpoint");
    }
    model.train();
    Iterator<Batch> it = trainLoader.iterator();
    try (StepStrategy steps = workers > 1 ? new DataParallelStep(model, lossFn, optimizer, workers)
        : new LocalStep(model, lossFn, optimizer)) {
      while (it.hasNext()) {
        // callbacks and messages count the steps' batches (of M·B examples with M workers)
        int batchIndex = trainLoader.state().batchIndex() / steps.batchesPerStep();
        StepStrategy.Step s = steps.next(it.next(), it);
        if (!Double.isFinite(s.loss())) {
          return "loss is " + (Double.isNaN(s.loss()) ? "NaN" : s.loss() > 0 ? "+Infinity" : "-Infinity")
              + " at step " + (step + 1) + " (epoch " + (epoch + 1) + ", batch " + (batchIndex + 1) + ") with lr="
              + lr() + ": training diverged; try a smaller learning rate";
        }
        optimizer.step();
        step++;
        samplesSeen += s.examples();
        epochLossSum += s.loss();
        epochBatches++;
        for (Callback c : callbacks) {
          c.onBatchEnd(this, batchIndex, s.examples(), s.loss());
        }
        if (stopReason != null) {
          return null;
        }
      }
    }
    return null;
  }

  /**
   * The quickstart's test loop on {@code loader} ({@link Evaluation#of}): eval mode, no gradients,
   * mean of batch losses and arg-max accuracy. The model's mode is restored afterwards.
   */
  public Evaluation evaluate(DataLoader loader) {
    return Evaluation.of(model, lossFn, loader);
  }

  private HistoryRow partialRow() {
    return new HistoryRow(epoch + 1, samplesSeen, seconds(), meanTrainLoss(), Double.NaN, Double.NaN, lr());
  }

  private double meanTrainLoss() {
    return epochBatches == 0 ? Double.NaN : epochLossSum / epochBatches;
  }

  /**
   * Asks the run to stop after the current step (or epoch end); {@code reason} becomes the result's
   * message. May be called from another thread (e.g. a Ctrl-C handler).
   */
  public void requestStop(String reason) {
    this.stopReason = Objects.requireNonNull(reason, "reason");
  }

  // ---------------------------------------------------------------- progress

  /** The current epoch, from 0 (equal to the number of finished epochs). */
  public int epoch() {
    return epoch;
  }

  /** Optimizer steps taken since the start of the run. */
  public long step() {
    return step;
  }

  /** Training examples processed since the start of the run. */
  public long samplesSeen() {
    return samplesSeen;
  }

  /** Wall-clock seconds since the start of the run, including the time before a resume. */
  public double seconds() {
    return secondsBefore + (startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9);
  }

  /** The history so far (unmodifiable). */
  public List<HistoryRow> history() {
    return Collections.unmodifiableList(history);
  }

  /** The learning rate of the first parameter group. */
  public double lr() {
    return optimizer.paramGroups().get(0).lr();
  }

  /** The number of epochs the run is set to. */
  public int epochs() {
    return epochs;
  }

  /** Batches in one training epoch. */
  public int batchesPerEpoch() {
    return trainLoader.numBatches();
  }

  /** Training examples in one epoch. */
  public int trainSize() {
    return trainLoader.dataset().size();
  }

  /** The model. */
  public Module model() {
    return model;
  }

  /** The optimizer. */
  public Optimizer<?> optimizer() {
    return optimizer;
  }

  /** The configuration recorded in checkpoints. */
  public Map<String, Object> config() {
    return config;
  }

  // ---------------------------------------------------------------- checkpoints

  /** Writes a checkpoint of the run as it is now into {@code dir} (see {@link Checkpoint}). */
  public void saveCheckpoint(Path dir) throws IOException {
    Checkpoint.write(dir, step, model.stateDict(), optimizer.stateDict(), state().toJson());
  }

  /** The run's progress as a checkpoint keeps it. */
  public TrainingState state() {
    Map<String, TrainingState.RngState> gens = new LinkedHashMap<>();
    rngs.forEach((k, r) -> gens.put(k, new TrainingState.RngState(r.state(), r.pendingGaussian())));
    Map<String, Map<String, Object>> cbs = new LinkedHashMap<>();
    List<String> keys = callbackKeys();
    for (int i = 0; i < callbacks.size(); i++) {
      Map<String, Object> st = callbacks.get(i).state();
      if (!st.isEmpty()) {
        cbs.put(keys.get(i), st);
      }
    }
    return new TrainingState(epoch, step, samplesSeen, seconds(), epochLossSum, epochBatches, trainLoader.state(),
        gens, cbs, history, config);
  }

  /**
   * Restores the state saved by {@link #saveCheckpoint} from {@code dir}: this trainer must be
   * built like the one that saved it (same model architecture, optimizer kind, data, callbacks).
   */
  public void resume(Path dir) throws IOException {
    Checkpoint ck = Checkpoint.read(dir);
    TrainingState saved = TrainingState.fromJson(ck.info(), dir.resolve(Checkpoint.FILE).toString());
    try {
      model.loadStateDict(ck.model());
      optimizer.loadStateDict(ck.optimizer());
    } catch (IllegalArgumentException e) {
      throw new IOException(dir + ": the checkpoint does not fit this model or optimizer: " + e.getMessage(), e);
    }
    for (String name : rngs.keySet()) {
      if (!saved.rngs().containsKey(name)) {
        throw new IOException(dir + ": the checkpoint has no state for generator '" + name + "'");
      }
    }
    restore(saved);
  }

  private void restore(TrainingState s) {
    epoch = s.epoch();
    step = s.step();
    samplesSeen = s.samplesSeen();
    secondsBefore = s.seconds();
    epochLossSum = s.epochLossSum();
    epochBatches = s.epochBatches();
    trainLoader.restore(s.loader());
    rngs.forEach((name, r) -> r.restore(s.rngs().get(name).state(), s.rngs().get(name).pendingGaussian()));
    List<String> keys = callbackKeys();
    for (int i = 0; i < callbacks.size(); i++) {
      Map<String, Object> st = s.callbacks().get(keys.get(i));
      if (st != null) {
        callbacks.get(i).restore(st);
      }
    }
    history.clear();
    history.addAll(s.history());
  }

  /** Callback keys in checkpoints: the class name, and "#k" for the k-th (k >= 2) of the same class. */
  private List<String> callbackKeys() {
    List<String> keys = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Callback c : callbacks) {
      String name = c.getClass().getName();
      int k = seen.merge(name, 1, Integer::sum);
      keys.add(k == 1 ? name : name + "#" + k);
    }
    return keys;
  }

  // ---------------------------------------------------------------- builder

  /** Builds a {@link Trainer}; only the test loader, epochs (default 1) and extras are optional. */
  public static final class Builder {
    private final Module model;
    private final Loss lossFn;
    private final Optimizer<?> optimizer;
    private final DataLoader trainLoader;
    private DataLoader testLoader;
    private int epochs = 1;
    private final List<Callback> callbacks = new ArrayList<>();
    private final Map<String, Rng> rngs = new LinkedHashMap<>();
    private final Map<String, Object> config = new LinkedHashMap<>();
    private int workers = 1;

    private Builder(Module model, Loss lossFn, Optimizer<?> optimizer, DataLoader trainLoader) {
      this.model = Objects.requireNonNull(model, "model");
      this.lossFn = Objects.requireNonNull(lossFn, "lossFn");
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
      this.trainLoader = Objects.requireNonNull(trainLoader, "trainLoader");
    }

    /** The test set, evaluated at the end of every epoch. */
    public Builder test(DataLoader testLoader) {
      this.testLoader = testLoader;
      return this;
    }

    /** The number of epochs ({@code >= 1}). */
    public Builder epochs(int epochs) {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /** Adds a callback; callbacks run in the order they were added. */
    public Builder callback(Callback callback) {
      callbacks.add(Objects.requireNonNull(callback, "callback"));
      return this;
    }

    /** A generator used during training (e.g. Dropout's) whose state checkpoints must keep. */
    public Builder rng(String name, Rng rng) {
      rngs.put(name, Objects.requireNonNull(rng, "rng"));
      return this;
    }

    /**
     * M synchronous data-parallel worker threads ({@code >= 1}, default 1): each step gives the next M
     * batches of the loader to the M workers and averages their gradients
     * ({@link org.sgd4j.train.parallel.DataParallel}), one
     * step with batch M·B; at the end of an epoch the batches left (fewer than M) make the last step.
     */
    public Builder workers(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be at least 1, got " + workers);
      }
      this.workers = workers;
      return this;
    }

    /** Configuration recorded in checkpoints (JSON-able values). */
    public Builder config(Map<String, Object> config) {
      this.config.putAll(config);
      return this;
    }

    /** The trainer. */
    public Trainer build() {
      return new Trainer(this);
    }
  }
}
