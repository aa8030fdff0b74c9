package org.sgd4j.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints one progress line every {@code everyBatches} batches (0: never) and one at the end of
 * every epoch: epoch, position in the epoch, throughput (training examples per second since
 * {@link Trainer#fit()} started) and the estimated time to the end of the run (remaining examples
 * over that throughput).
 * <pre>
 * [epoch 2/10] 12800/60000 (21.3%)  8450 samples/s  ETA 1m07s
 * [epoch 2/10] done in 14.2s: train loss 0.512345, test loss 0.498765, accuracy 82.1%  8450 samples/s  ETA 56s
 * </pre>
 */
public final class ProgressReport implements Callback {
  private final PrintStream out;
  private final int everyBatches;
  private long startSamples;
  private double startSeconds;
  private double epochStartSeconds;

  /** Reports to {@code out} every {@code everyBatches} batches (0: only at epoch ends). */
  public ProgressReport(PrintStream out, int everyBatches) {
    if (everyBatches < 0) {
      throw new IllegalArgumentException("everyBatches must be non-negative, got " + everyBatches);
    }
    this.out = out;
    this.everyBatches = everyBatches;
  }

  @Override
  public void onTrainStart(Trainer trainer) {
    startSamples = trainer.samplesSeen();
    startSeconds = trainer.seconds();
    epochStartSeconds = startSeconds;
  }

  @Override
  public void onEpochStart(Trainer trainer) {
    epochStartSeconds = trainer.seconds();
  }

  @Override
  public void onEpochEnd(Trainer trainer, HistoryRow row, Evaluation test) {
    double rate = rate(trainer);
    long remaining = (long) (trainer.epochs() - trainer.epoch()) * trainer.trainSize();
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "[epoch %d/%d] done in %s: train loss %.6f",
        row.epoch(), trainer.epochs(), duration(row.seconds() - epochStartSeconds), row.trainLoss()));
    if (test != null) {
      sb.append(String.format(Locale.ROOT, ", test loss %.6f", test.avgLoss()));
      if (!Double.isNaN(test.accuracy())) {
        sb.append(String.format(Locale.ROOT, ", accuracy %.1f%%", 100 * test.accuracy()));
      }
    }
    sb.append(String.format(Locale.ROOT, "  %.0f samples/s", rate));
    if (remaining > 0 && rate > 0) {
      sb.append("  ETA ").append(duration(remaining / rate));
    }
    out.println(sb);
  }

  private double rate(Trainer trainer) {
    double elapsed = trainer.seconds() - startSeconds;
    return elapsed > 0 ? (trainer.samplesSeen() - startSamples) / elapsed : 0;
  }

  @Override
  public void onBatchEnd(Trainer trainer, int batchIndex, int batchSize, double loss) {
    if (everyBatches == 0 || (batchIndex + 1) % everyBatches != 0) {
      return;
    }
    out.println(line(trainer, batchIndex, batchSize));
  }

  String line(Trainer trainer, int batchIndex, int batchSize) {
    long size = trainer.trainSize();
    long inEpoch = Math.min(size, (long) (batchIndex + 1) * batchSize);
    double rate = rate(trainer);
    long remaining = (long) (trainer.epochs() - trainer.epoch()) * size - inEpoch;
    return String.format(Locale.ROOT, "[epoch %d/%d] %d/%d (%.1f%%)  %.0f samples/s  ETA %s", trainer.epoch() + 1,
        trainer.epochs(), inEpoch, size, 100.0 * inEpoch / size, rate, rate > 0 ? duration(remaining / rate) : "?");
  }

  /** {@code 1h02m03s}, {@code 4m05s}, {@code 6.2s}. */
  static String duration(double seconds) {
    if (seconds < 59.95) {
      return String.format(Locale.ROOT, "%.1fs", seconds);
    }
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
