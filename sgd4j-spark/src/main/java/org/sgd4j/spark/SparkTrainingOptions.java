package org.sgd4j.spark;

/**
 * The settings of a {@link SparkTrainer} run (immutable; made by {@link #builder()}).
 *
 * <p>Step t uses the global batch of M·B examples that M local workers of batch B would use at their
 * step t: epoch ⌊t/S⌋, examples {@code order[s·M·B, min((s+1)·M·B, n))} of that epoch's order,
 * s = t mod S, with S = ⌈n/(M·B)⌉ steps an epoch (the {@code Trainer} with {@code workers(M)} over a
 * loader of batch B), or S = ⌊n/(M·B)⌋ with {@code dropLast} (the {@code ShardedLoader}).
 *
 * @param workers M, the number of workers whose batches make one global batch
 * @param batchSize B, each worker's batch size
 * @param seed the shared seed of the example order
 * @param shuffle a fresh permutation every epoch (else the dataset order)
 * @param dropLast skip the last, incomplete global batch of every epoch
 * @param steps the total number of optimizer steps of the run
 * @param localSteps H: 1 for synchronous SGD (one gradient average per step); H &gt; 1 for local SGD,
 *     where each partition takes H plain SGD steps of rate {@code localLr} on its part of H
 *     consecutive global batches before the models are averaged (one synchronisation per H steps)
 * @param localLr the learning rate of the partitions' local steps when {@code localSteps > 1}
 * @param checkpointEvery write the driver state every this many steps (0: never)
 * @param checkpointDir a Hadoop file-system URI or path for the checkpoints ({@code file:/…},
 *     {@code hdfs://…}, {@code s3a://…}), or null; a run resumes from the latest checkpoint there
 * @param treeDepth the depth of {@code treeAggregate}, {@code >= 1}
 * @param deterministicSum true (the default): the partitions' partial sums reach the driver apart and
 *     are added in partition order, so runs are bit-identical (the driver receives P·|θ| floats); false:
 *     the aggregation tree adds them as they arrive (the driver receives about P^(1/depth)·|θ| floats,
 *     the last bits of the sum depend on arrival order)
 */
public record SparkTrainingOptions(int workers, int batchSize, long seed, boolean shuffle, boolean dropLast, long steps,
                                   int localSteps,
                                   double localLr, long checkpointEvery, String checkpointDir, int treeDepth,
                                   boolean deterministicSum) {
  /** Validates every field, naming the bad value. */
  public SparkTrainingOptions {
    if (workers < 1) {
      throw new IllegalArgumentException("Invalid number of workers: " + workers + " (must be at least 1)");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("Invalid batch size: " + batchSize + " (must be at least 1)");
    }
    if (steps < 0) {
      throw new IllegalArgumentException("Invalid number of steps: " + steps);
    }
    if (localSteps < 1) {
      throw new IllegalArgumentException("Invalid number of local steps: " + localSteps + " (must be at least 1)");
    }
    if (localSteps > 1 && !(localLr > 0)) {
      throw new IllegalArgumentException("Invalid local learning rate: " + localLr + " (local SGD needs localLr > 0)");
    }
    if (checkpointEvery < 0) {
      throw new IllegalArgumentException("Invalid checkpoint interval: " + checkpointEvery);
    }
    if (checkpointEvery > 0 && checkpointDir == null) {
      throw new IllegalArgumentException("checkpointEvery = " + checkpointEvery + " needs a checkpointDir");
    }
    if (treeDepth < 1) {
      throw new IllegalArgumentException("Invalid treeAggregate depth: " + treeDepth + " (must be at least 1)");
    }
  }

  /** A builder with M = 1, B = 16, seed 0, shuffle, keep the last batch, 1 step, H = 1, no checkpoints, depth 2, deterministic sum. */
  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder of {@link SparkTrainingOptions}. */
  public static final class Builder {
    private int workers = 1;
    private int batchSize = 16;
    private long seed;
    private boolean shuffle = true;
    private boolean dropLast;
    private long steps = 1;
    private int localSteps = 1;
    private double localLr;
    private long checkpointEvery;
    private String checkpointDir;
    private int treeDepth = 2;
    private boolean deterministicSum = true;

    private Builder() {}

    /** M. */
    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    /** B. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** The shared order seed. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** A fresh permutation every epoch. */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** Skip the last, incomplete global batch of every epoch. */
    public Builder dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /** The total number of optimizer steps. */
    public Builder steps(long steps) {
      this.steps = steps;
      return this;
    }

    /** Local SGD: H local steps of rate {@code localLr} per synchronisation. */
    public Builder localSgd(int localSteps, double localLr) {
      this.localSteps = localSteps;
      this.localLr = localLr;
      return this;
    }

    /** Checkpoint the driver every {@code every} steps into {@code dir} (a Hadoop path or URI). */
    public Builder checkpoint(long every, String dir) {
      this.checkpointEvery = every;
      this.checkpointDir = dir;
      return this;
    }

    /** The depth of {@code treeAggregate}. */
    public Builder treeDepth(int treeDepth) {
      this.treeDepth = treeDepth;
      return this;
    }

    /** Whether partial sums are added in partition order on the driver (bit-identical runs). */
    public Builder deterministicSum(boolean deterministicSum) {
      this.deterministicSum = deterministicSum;
      return this;
    }

    /** The validated options. */
    public SparkTrainingOptions build() {
      return new SparkTrainingOptions(workers, batchSize, seed, shuffle, dropLast, steps, localSteps, localLr, checkpointEvery,
          checkpointDir, treeDepth, deterministicSum);
    }
  }
}
