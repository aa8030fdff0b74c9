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
 * The loop never applies a step whose loss is not finite. Spark's driver
 * ({@code org.sgd4j.spark.SparkTrainer}) runs the same step over a cluster, with its own loop over
 * global batches.
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
