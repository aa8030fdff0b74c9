package org.sgd4j.train;

import java.util.List;

/**
 * What {@link Trainer#fit()} returns.
 *
 * @param status how the run ended
 * @param message a one-line explanation when it did not complete (e.g. the divergence), else ""
 * @param history one row per epoch (plus a last partial row when it diverged)
 * @param steps optimizer steps taken since the start of the run
 * @param samplesSeen training examples processed since the start of the run
 * @param seconds wall-clock seconds since the start of the run
 */
public record TrainResult(RunStatus status, String message, List<HistoryRow> history, long steps, long samplesSeen,
    double seconds) {
  /** Copies the history. */
  public TrainResult {
    history = List.copyOf(history);
  }

  /** The last history row, or null if there is none. */
  public HistoryRow last() {
    return history.isEmpty() ? null : history.get(history.size() - 1);
  }

  /** Training examples per wall-clock second over the run (0 if no time elapsed). */
  public double samplesPerSecond() {
    return seconds > 0 ? samplesSeen / seconds : 0;
  }
}
