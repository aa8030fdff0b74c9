package org.sgd4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes a {@link Checkpoint} of the run into a directory every {@code everySteps} optimizer steps
 * (0: never), at the end of every epoch, and at the end of the run unless it diverged.
 */
public final class Checkpointing implements Callback {
  private final Path dir;
  private final long everySteps;

  /** Checkpoints into {@code dir} every {@code everySteps} steps (0: only at epoch ends) and at epoch ends. */
  public Checkpointing(Path dir, long everySteps) {
    if (everySteps < 0) {
      throw new IllegalArgumentException("everySteps must be non-negative, got " + everySteps);
    }
    this.dir = dir;
    this.everySteps = everySteps;
  }

  @Override
  public void onBatchEnd(Trainer trainer, int batchIndex, int batchSize, double loss) {
    if (everySteps > 0 && trainer.step() % everySteps == 0) {
      save(trainer);
    }
  }

  @Override
  public void onEpochEnd(Trainer trainer, HistoryRow row, Evaluation test) {
    save(trainer);
  }

  @Override
  public void onTrainEnd(Trainer trainer, TrainResult result) {
    if (result.status() != RunStatus.DIVERGED) {
      save(trainer);
    }
  }

  private void save(Trainer trainer) {
    try {
      trainer.saveCheckpoint(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a checkpoint into " + dir + ": " + e.getMessage(), e);
    }
  }
}
