package org.sgd4j.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints the run as the PyTorch quickstart does:
 * <pre>
 * Epoch 1
 * -------------------------------
 * loss: 2.302585  [   16/60000]
 * ...
 * Test Error:
 *  Accuracy: 45.2%, Avg loss: 1.234567
 *
 * Done!
 * </pre>
 * {@code loss: {loss:>7f}  [{current:>5d}/{size:>5d}]} every {@code logEvery} batches (batch 0,
 * logEvery, ...), with {@code current = (batch + 1) * len(X)}; after each epoch's test loop
 * {@code Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n}. A run that
 * did not complete ends with its status and message instead of {@code Done!}.
 */
public final class ConsoleLog implements Callback {
  private final PrintStream out;
  private final int logEvery;

  /** Logs to {@code out} every {@code logEvery} batches (the quickstart uses 100). */
  public ConsoleLog(PrintStream out, int logEvery) {
    if (logEvery < 1) {
      throw new IllegalArgumentException("logEvery must be at least 1, got " + logEvery);
    }
    this.out = out;
    this.logEvery = logEvery;
  }

  @Override
  public void onEpochStart(Trainer trainer) {
    out.println("Epoch " + (trainer.epoch() + 1) + "\n-------------------------------");
  }

  @Override
  public void onBatchEnd(Trainer trainer, int batchIndex, int batchSize, double loss) {
    if (batchIndex % logEvery == 0) {
      long current = (long) (batchIndex + 1) * batchSize;
      out.println(String.format(Locale.ROOT, "loss: %7f  [%5d/%5d]", loss, current, trainer.trainSize()));
    }
  }

  @Override
  public void onEpochEnd(Trainer trainer, HistoryRow row, Evaluation test) {
    if (test != null) {
      out.println(String.format(Locale.ROOT, "Test Error: \n Accuracy: %.1f%%, Avg loss: %8f \n",
          100 * test.accuracy(), test.avgLoss()));
    }
  }

  @Override
  public void onTrainEnd(Trainer trainer, TrainResult result) {
    out.println(result.status() == RunStatus.COMPLETED ? "Done!" : result.status().label() + ": " + result.message());
  }
}
