package org.sgd4j.train;

import java.util.Iterator;
import org.sgd4j.data.Batch;

/**
 * How the {@link Trainer}'s loop gets the gradient of one optimizer step from the training loader's
 * batches. The loop owns everything else: it checks the loss, calls {@code optimizer.step()},
 * counts and runs the callbacks.
 *
 * <pre>
 *   loop:  (loss, examples) ← strategy.next(batches);  stop (DIVERGED) if loss is NaN or ±∞;  optimizer.step()
 *   LocalStep:         one batch:  loss ← ℓ(model(X), y);  zero_grad();  loss.backward()
 *   DataParallelStep:  the next M batches to M worker threads;  θ.grad ← ḡ, their average
 * </pre>
 *
 * The loop never applies a step whose loss is not finite.
 *
 * <p>Spark's driver ({@code org.sgd4j.spark.SparkTrainer}) computes the same step over a cluster but
 * is not a strategy of this loop, for four reasons: (1) this loop takes {@link Batch}es (tensors) from
 * a {@code DataLoader} on this machine, while Spark's examples stay in the executors' partitions (which
 * may even be loaded there, never on the driver) and a step names only positions in the epoch's
 * order; (2) with local SGD one synchronisation covers H global batches and may cross an epoch's end,
 * where {@link #next} sees only the current epoch's batches, so cutting rounds at epoch ends would move
 * the synchronisation points and change the bits; (3) the driver's checkpoints go through Hadoop's
 * {@code FileSystem} (HDFS, S3A) so that a driver restarted on another machine resumes from them by
 * itself, where a {@link Checkpoint} is local files read back by an explicit {@link Trainer#resume};
 * (4) its run is a number of global batches and its {@code step} counts global batches, not optimizer
 * steps (H of them per step with local SGD), which the callbacks read as {@link Trainer#step()}. It
 * shares the pieces instead: the caller's state saved with its checkpoints is a {@link TrainingState},
 * its test loop is {@link Evaluation#of}, its curve a {@link LossTrace}, its metrics files
 * {@link MetricsExport}'s.
 */
interface StepStrategy extends AutoCloseable {

  /**
   * Computes one step's loss and its gradient into the parameters' {@code grad} (the gradient may be
   * left out when the loss is not finite: that step is never applied).
   *
   * @param first the step's first batch
   * @param more the loader's remaining batches of the epoch, from which the strategy may take more
   */
  Step next(Batch first, Iterator<Batch> more);

  /** The loader's batches that make one step (M for M data-parallel workers), for counting batches. */
  int batchesPerStep();

  /** Releases the strategy's threads, if any. */
  @Override
  default void close() {}

  /**
   * What one step computed.
   *
   * @param loss the step's mean loss (at the weights before the step)
   * @param examples the number of examples in the step
   */
  record Step(double loss, int examples) {}
}
