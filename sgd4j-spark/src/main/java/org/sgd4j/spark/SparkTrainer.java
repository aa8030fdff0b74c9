package org.sgd4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sgd4j.data.LoaderState;
import org.sgd4j.nn.Module;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.GradTarget;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * Synchronous data-parallel training on Apache Spark, organised as MLlib's own
 * {@code GradientDescent}: the driver owns the weights θ and all optimizer state; every
 * synchronisation
 *
 * <pre>
 *   broadcast θ
 *   each cached partition p:  S_p = Σ_{i ∈ batch_t ∩ p} ∇ℓ_i(θ),  k_p = |batch_t ∩ p|     (StepTask)
 *   treeAggregate the (S_p, k_p), kept apart by partition
 *   driver:  ḡ = (S_0 + S_1 + … + S_{P−1}) / Σ_p k_p     (partition order)
 *            θ.grad = ḡ;  optimizer.step();  destroy the broadcast
 * </pre>
 *
 * Batch t is the global batch of M·B examples that M local workers of batch B use at their step t
 * ({@link SparkTrainingOptions}), so with the same M, B and seed a Spark run follows the local
 * {@code org.sgd4j.train.parallel.DataParallel} run up to float32 summation order. Partial sums are
 * returned as task results, never through accumulators, so a retried task counts once; and since
 * they are added in partition order the run is bit-identical with or without retries.
 *
 * <p>Local SGD ({@code localSteps = H > 1}, Stich 2019, arXiv:1805.09767; Lin et al. 2020,
 * arXiv:1808.07217): each partition takes H SGD steps of rate η on its part of H consecutive global
 * batches and reports K_p·(θ − θ_p); the driver feeds Δ = Σ_p K_p(θ − θ_p)/Σ_p K_p to its optimizer
 * as the gradient (with {@code SGD(lr = 1)} this is plain model averaging; another optimizer is the
 * "outer optimizer" of DiLoCo, Douillard et al. 2023). One synchronisation then serves H steps.
 *
 * <p>With a {@code checkpointDir} the driver writes its state every {@code checkpointEvery} steps
 * (Hadoop FileSystem, temporary file then rename) and {@link #fit} starts from the latest checkpoint
 * there, so a restarted driver reaches the same final weights as an uninterrupted run.
 *
 * <p>This is a loop of its own, not a step strategy of {@code org.sgd4j.train.Trainer}: its data stay
 * on the executors, a local SGD round may cross an epoch's end, its checkpoints live on a Hadoop file
 * system and resume by themselves, and its steps count global batches ({@code StepStrategy}'s comment
 * says so at length). What the two loops share, they share as types: {@link #position()} is a
 * {@link LoaderState}, and a caller's state ({@link CallerState}) can be the trainer's
 * {@code TrainingState}, as the command line's is.
 */
public final class SparkTrainer implements AutoCloseable {
  private final JavaSparkContext sc;
  private final DistributedDataset data;
  private final ModelFactory modelFactory;
  private final LossFactory lossFactory;
  private final SparkTrainingOptions options;
  private final Module model;
  private final List<Tensor> params;
  private final Optimizer<?> optimizer;
  private final String runId = UUID.randomUUID().toString();
  private final int stepsPerEpoch;

  private long step;
  private long epoch;
  private long epochRngState;
  private double epochGaussian;

  /**
   * State of the caller's own (e.g. the history and loss trace of a run), saved with every checkpoint
   * as JSON values (maps, lists, strings, numbers, booleans) and handed back when a run resumes.
   */
  public interface CallerState {
    /** The state to save now. */
    Map<String, Object> state();

    /** Restores what {@link #state()} returned at the checkpoint the run resumes from. */
    void restore(Map<String, Object> state);
  }

  private CallerState callerState;

  /** Called on the driver after each synchronisation. */
  @FunctionalInterface
  public interface StepListener {
    /**
     * @param step the number of steps taken so far
     * @param loss the mean loss over the examples of the synchronisation (at the weights they were computed at)
     */
    void onStep(long step, double loss);
  }

  /**
   * @param sc the Spark context
   * @param data the training examples, cached in partitions
   * @param modelFactory builds the model on the driver (its initial weights are the run's) and on executors
   * @param lossFactory builds the mean-reduced loss on executors
   * @param optimizerFactory builds the driver's optimizer over the model's parameters
   * @param options M, B, seed, steps, local SGD, checkpoints
   * @throws IllegalArgumentException if {@code dropLast} and the dataset holds fewer than one global batch
   */
  public SparkTrainer(JavaSparkContext sc, DistributedDataset data, ModelFactory modelFactory, LossFactory lossFactory,
                      Function<List<Tensor>, ? extends Optimizer<?>> optimizerFactory, SparkTrainingOptions options) {
    this.sc = sc;
    this.data = data;
    this.modelFactory = modelFactory;
    this.lossFactory = lossFactory;
    this.options = options;
    long global = (long) options.batchSize() * options.workers();
    this.stepsPerEpoch = (int) (options.dropLast() ? data.size() / global : (data.size() + global - 1) / global);
    if (stepsPerEpoch < 1) {
      throw new IllegalArgumentException("SparkTrainer: " + data.size() + " examples are fewer than one global batch of "
          + options.workers() + " workers x " + options.batchSize() + " examples");
    }
    this.model = modelFactory.create();
    this.params = model.parameters();
    this.optimizer = optimizerFactory.apply(params);
    this.epochRngState = options.seed();
    this.epochGaussian = Double.NaN;
  }

  /** Saves {@code state} with every checkpoint and restores it when {@link #fit} resumes from one. */
  public SparkTrainer callerState(CallerState state) {
    this.callerState = state;
    return this;
  }

  /** The number of synchronisations (global batches, or rounds of local SGD) that make an epoch. */
  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  /** The driver's model: the trained weights after {@link #fit}. */
  public Module model() {
    return model;
  }

  /** The driver's optimizer. */
  public Optimizer<?> optimizer() {
    return optimizer;
  }

  /** The number of steps taken. */
  public long step() {
    return step;
  }

  /**
   * Where the run is in the shared order, as a {@link LoaderState} of the global batches: the next
   * step's epoch, its index in that epoch, and the order generator's state at the start of the epoch
   * (what a {@code DataLoader} with batch M·B and the run's seed would hold).
   */
  public LoaderState position() {
    globalBatch(step); // moves the epoch state to the epoch of the next step
    return new LoaderState(epoch, (int) (step % stepsPerEpoch), epochRngState, epochGaussian);
  }

  /** Trains until {@code options.steps()} steps are done (resuming from the latest checkpoint, if any). */
  public void fit() {
    fit((s, l) -> { });
  }

  /** {@link #fit()}, calling {@code listener} after every synchronisation. */
  public void fit(StepListener listener) {
    if (options.checkpointDir() != null) {
      DriverCheckpoint ckpt = DriverCheckpoint.latest(options.checkpointDir(), sc.hadoopConfiguration());
      if (ckpt != null && ckpt.step() > step) {
        restore(ckpt);
      }
    }
    while (step < options.steps()) {
      int h = (int) Math.min(options.localSteps(), options.steps() - step);
      if (options.checkpointEvery() > 0) {
        h = (int) Math.min(h, options.checkpointEvery() - step % options.checkpointEvery());
      }
      double loss = synchronise(h);
      step += h;
      listener.onStep(step, loss);
      if (options.checkpointEvery() > 0 && step % options.checkpointEvery() == 0) {
        checkpoint();
      }
    }
  }

  /** One broadcast, one treeAggregate, one optimizer step, covering {@code h} global batches. */
  private double synchronise(int h) {
    List<GlobalBatch> batches = new ArrayList<>(h);
    for (int i = 0; i < h; i++) {
      batches.add(globalBatch(step + i));
    }
    float[][] theta = new float[params.size()][];
    for (int p = 0; p < theta.length; p++) {
      theta[p] = params.get(p).toArray();
    }
    Broadcast<float[][]> broadcast = sc.broadcast(theta);
    PartialSums sums;
    try {
      StepTask task = new StepTask(runId, modelFactory, lossFactory, broadcast, batches,
          options.localSteps() > 1 ? options.localLr() : 0);
      sums = data.shards().treeAggregate(new PartialSums(!options.deterministicSum()), task::apply, PartialSums::merge, options.treeDepth());
    } finally {
      broadcast.destroy();
    }
    return apply(sums);
  }

  /**
   * ḡ = Σ_p S_p / Σ_p k_p in partition order, then one optimizer step; returns the mean loss.
   *
   * @throws IllegalStateException naming the step and the learning rate if the loss is NaN or infinite
   *     (before the step, so the driver's weights stay finite)
   */
  private double apply(PartialSums sums) {
    long examples = 0;
    double lossSum = 0;
    List<float[][]> parts = new ArrayList<>();
    for (Map.Entry<Integer, PartialSums.Partial> e : sums.byPartition.entrySet()) {
      PartialSums.Partial part = e.getValue();
      if (part.examples == 0) {
        continue;
      }
      examples += part.examples;
      lossSum += part.lossSum;
      requireShapes(e.getKey(), part.sums);
      parts.add(part.sums);
    }
    if (parts.isEmpty()) {
      throw new IllegalStateException("step " + step + ": no partition reported any example of the global batch");
    }
    double loss = lossSum / examples;
    if (!Double.isFinite(loss)) {
      throw new IllegalStateException("loss is " + loss + " at step " + (step + 1) + " with lr="
          + optimizer.paramGroups().get(0).lr() + ": training diverged; try a smaller learning rate (the weights"
          + " and the checkpoints are those before this step)");
    }
    float n = examples;
    for (int p = 0; p < params.size(); p++) {
      // ḡ is written over the parameter's gradient in place (a new tensor only after a zeroGrad() that
      // set it to none), so the driver allocates no gradient memory from step to step.
      Tensor param = params.get(p);
      GradTarget target = GradTarget.of(param);
      float[] t = target.data();
      int off = target.offset();
      System.arraycopy(parts.get(0)[p], 0, t, off, param.numel());
      for (int k = 1; k < parts.size(); k++) {
        float[] s = parts.get(k)[p];
        for (int i = 0; i < s.length; i++) {
          t[off + i] += s[i];
        }
      }
      for (int i = 0; i < param.numel(); i++) {
        t[off + i] /= n;
      }
      target.commit(param);
    }
    optimizer.step();
    return loss;
  }

  /** A partition's gradient sums must match the driver's parameters element for element. */
  private void requireShapes(int partition, float[][] partSums) {
    if (partSums.length != params.size()) {
      throw new IllegalStateException("partition " + partition + " sent " + partSums.length + " gradient sums for "
          + params.size() + " parameters: the ModelFactory must build the driver's architecture");
    }
    for (int p = 0; p < partSums.length; p++) {
      if (partSums[p].length != params.get(p).numel()) {
        throw new IllegalStateException("partition " + partition + " sent " + partSums[p].length
            + " gradient elements for parameter " + p + " of shape " + Shape.format(params.get(p).shape()));
      }
    }
  }

  /** The global batch of step {@code t}: its epoch's generator state and its positions in that epoch's order. */
  private GlobalBatch globalBatch(long t) {
    long e = t / stepsPerEpoch;
    while (epoch < e) {
      Rng rng = new Rng(0).restore(epochRngState, epochGaussian);
      GlobalBatch.sampler(options.shuffle(), data.size()).epoch(rng);
      epochRngState = rng.state();
      epochGaussian = rng.pendingGaussian();
      epoch++;
    }
    int global = options.workers() * options.batchSize();
    int s = (int) (t % stepsPerEpoch);
    int end = (int) Math.min((long) (s + 1) * global, data.size());
    return new GlobalBatch(epochRngState, epochGaussian, options.shuffle(), data.size(), s * global, end);
  }

  private void checkpoint() {
    globalBatch(step); // moves the epoch state to the epoch of the next step
    List<Tensor> weights = new ArrayList<>();
    for (Tensor p : params) {
      weights.add(p.detach().clone());
    }
    String caller = callerState == null ? "{}" : org.sgd4j.io.Json.write(callerState.state());
    new DriverCheckpoint(step, epoch, epochRngState, epochGaussian, weights, optimizer.stateDict(), caller)
        .write(options.checkpointDir(), sc.hadoopConfiguration());
  }

  private void restore(DriverCheckpoint ckpt) {
    if (ckpt.weights().size() != params.size()) {
      throw new IllegalArgumentException("checkpoint of step " + ckpt.step() + " in " + options.checkpointDir() + " has "
          + ckpt.weights().size() + " parameters, the model has " + params.size());
    }
    try (GradMode.Scope s = GradMode.noGrad()) {
      for (int p = 0; p < params.size(); p++) {
        Tensor w = ckpt.weights().get(p);
        if (!Arrays.equals(w.shape(), params.get(p).shape())) {
          throw new IllegalArgumentException("checkpoint of step " + ckpt.step() + " in " + options.checkpointDir()
              + ": parameter " + p + " has shape " + Shape.format(w.shape()) + ", the model's has shape "
              + Shape.format(params.get(p).shape()));
        }
        params.get(p).copy_(w);
      }
    }
    optimizer.loadStateDict(ckpt.optimizer());
    step = ckpt.step();
    epoch = ckpt.epoch();
    epochRngState = ckpt.rngState();
    epochGaussian = ckpt.pendingGaussian();
    if (callerState != null) {
      Object parsed;
      try {
        parsed = org.sgd4j.io.Json.parse(ckpt.callerState());
      } catch (org.sgd4j.io.JsonException e) {
        throw new IllegalArgumentException("checkpoint of step " + ckpt.step() + " in " + options.checkpointDir()
            + ": the caller's state is not valid JSON: " + e.getMessage(), e);
      }
      if (!(parsed instanceof Map)) {
        throw new IllegalArgumentException("checkpoint of step " + ckpt.step() + " in " + options.checkpointDir()
            + ": the caller's state is not a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> state = (Map<String, Object>) parsed;
      callerState.restore(state);
    }
  }

  /** Forgets this run's model replicas in the driver's JVM (executors drop theirs when they exit). */
  @Override
  public void close() {
    Replica.release(runId);
  }
}
