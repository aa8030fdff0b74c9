package org.sgd4j.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints one progress line every {@code everyBatches} batches: epoch, position in the epoch,
 * throughput (training examples per second since {@link Trainer#fit()} started) and the estimated
 * time to the end of the run (remaining examples over that throughput).
 * <pre>
 * [epoch 2/10] 12800/60000 (21.3%)  8450 samples/s  ETA 1m07s
 * </pre>
 */
public final class ProgressReport implements Callback {
  private final PrintStream out;
  private final int everyBatches;
  private long startSamples;
  private double startSeconds;

  /** Reports to {@code out} every {@code everyBatches} batches. */
  public ProgressReport(PrintStream out, int everyBatches) {
    if (everyBatches < 1) {
      throw new IllegalArgumentException("everyBatches must be at least 1, got " + everyBatches);
    }
    this.out = out;
    this.everyBatches = everyBatches;
  }

  @Override
  public void onTrainStart(Trainer trainer) {
    startSamples = trainer.samplesSeen();
    startSeconds = trainer.seconds();
  }

  @Override
  public void onBatchEnd(Trainer trainer, int batchIndex, int batchSize, double loss) {
    if ((batchIndex + 1) % everyBatches != 0) {
      return;
    }
    out.println(line(trainer, batchIndex, batchSize));
  }

  String line(Trainer trainer, int batchIndex, int batchSize) {
    long size = trainer.trainSize();
    long inEpoch = Math.min(size, (long) (batchIndex + 1) * batchSize);
    double elapsed = trainer.seconds() - startSeconds;
    double rate = elapsed > 0 ? (trainer.samplesSeen() - startSamples) / elapsed : 0;
    long remaining = (long) (trainer.epochs() - trainer.epoch()) * size - inEpoch;
    return String.format(Locale.ROOT, "[epoch %d/%d] %d/%d (%.1f%%)  %.0f samples/s  ETA %s", trainer.epoch() + 1,
        trainer.epochs(), inEpoch, size, 100.0 * inEpoch / size, rate, rate > 0 ? duration(remaining / rate) : "?");
  }

  /** {@code 1h02m03s}, {@code 4m05s}, {@code 6s}. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return s + "s";
  }
}
