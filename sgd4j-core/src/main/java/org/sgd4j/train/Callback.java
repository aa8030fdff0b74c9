package org.sgd4j.train;

/**
 * A hook into {@link Trainer#fit()}, in the spirit of Keras and PyTorch Lightning callbacks: each
 * method is called at one point of the loop with the trainer, whose progress ({@link Trainer#step()},
 * {@link Trainer#epoch()}, ...) it may read and whose run it may end with
 * {@link Trainer#requestStop(String)}. All methods do nothing by default.
 */
public interface Callback {
  /** Before the first step (also when resuming). */
  default void onTrainStart(Trainer trainer) {}

  /** At the start of each epoch ({@code trainer.epoch()} is its 0-based index). */
  default void onEpochStart(Trainer trainer) {}

  /**
   * After each optimizer step.
   *
   * @param batchIndex the batch's index within the epoch, from 0
   * @param batchSize examples in the batch
   * @param loss the batch loss (the value before the step)
   */
  default void onBatchEnd(Trainer trainer, int batchIndex, int batchSize, double loss) {}

  /** After the test loop of an epoch; {@code row} has just been appended to the history. */
  default void onEpochEnd(Trainer trainer, HistoryRow row, Evaluation test) {}

  /** Once, at the end, whatever the status (also after a divergence). */
  default void onTrainEnd(Trainer trainer, TrainResult result) {}

  /**
   * The callback's own state for a checkpoint (numbers, strings, booleans, lists and maps of them),
   * e.g. early stopping's best loss; empty for stateless callbacks.
   */
  default java.util.Map<String, Object> state() {
    return java.util.Map.of();
  }

  /** Restores what {@link #state()} returned, when a run resumes from a checkpoint. */
  default void restore(java.util.Map<String, Object> state) {}
}
