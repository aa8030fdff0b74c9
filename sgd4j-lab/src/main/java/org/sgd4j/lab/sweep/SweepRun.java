package org.sgd4j.lab.sweep;

import java.util.List;
import java.util.Map;
import org.sgd4j.train.LossTrace;

/**
 * The outcome of one run of a sweep: its name (the notes' title, e.g. "Optimizer-SGD lr-0.001 mt-0.5
 * bs-16"), its settings, the run status ({@code completed}, {@code diverged}, ...) with a note saying
 * why it diverged (or empty), the final epoch's mean training loss, test loss and test accuracy (NaN
 * when absent) and its loss trace (training loss against examples seen).
 */
public record SweepRun(String name, Map<String, Object> settings, String status, String note, long steps,
    double trainLoss, double testLoss, double testAccuracy, List<LossTrace.Point> trace) {
  /** Status of a run stopped by a NaN or infinite loss, or whose loss blew up ({@link #BLOW_UP}). */
  public static final String DIVERGED = "diverged";

  /**
   * A smoothed training loss ({@link org.sgd4j.lab.LearningCurve#smoothed}) this many times its lowest value counts as divergence even when it
   * stayed finite: with lr 10 the notes' MLP reaches a loss of 1e13 and then its ReLUs die, leaving a
   * finite loss near ln 10 and chance accuracy.
   */
  public static final double BLOW_UP = 1e3;

  /**
   * The run as reported by {@code sgd4j train}, with status {@code diverged} also when its traced
   * loss blew up ({@link #BLOW_UP}); {@code message} is the trainer's (e.g. "loss is NaN at step 5").
   */
  public static SweepRun of(String name, Map<String, Object> settings, String status, String message, long steps,
      double trainLoss, double testLoss, double testAccuracy, List<LossTrace.Point> trace) {
    String note = message;
    if (!DIVERGED.equals(status)) {
      // on the smoothed curve: single batches of a per-step trace range widely in a healthy run
      double[][] xy = org.sgd4j.lab.LearningCurve.finite(trace);
      double[] smooth = org.sgd4j.lab.LearningCurve.smoothed(xy[0], xy[1]);
      double lowest = Double.POSITIVE_INFINITY;
      int highest = -1;
      for (int i = 0; i < smooth.length; i++) {
        lowest = Math.min(lowest, smooth[i]);
        if (highest < 0 || smooth[i] > smooth[highest]) {
          highest = i;
        }
      }
      if (highest >= 0 && lowest > 0 && smooth[highest] > BLOW_UP * lowest) {
        status = DIVERGED;
        note = String.format(java.util.Locale.ROOT, "training loss blew up to %.3g at %d samples (lowest %.3g)",
            smooth[highest], (long) xy[0][highest], lowest);
      }
    }
    return new SweepRun(name, settings, status, note, steps, trainLoss, testLoss, testAccuracy, trace);
  }

  public SweepRun {
    settings = Map.copyOf(settings);
    note = note == null ? "" : note;
    trace = List.copyOf(trace);
  }

  /** Whether the run stopped on a NaN or infinite loss. */
  public boolean diverged() {
    return DIVERGED.equals(status);
  }
}
