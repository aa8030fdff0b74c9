package org.sgd4j.lab.sweep;

import java.util.List;
import java.util.Map;
import org.sgd4j.train.LossTrace;

/**
 * The outcome of one run of a sweep: its name (the notes' title, e.g. "Optimizer-SGD lr-0.001 mt-0.5
 * bs-16"), its settings, the run status ({@code completed}, {@code diverged}, ...), the final epoch's
 * mean training loss, test loss and test accuracy (NaN when absent) and its loss trace (training loss
 * against examples seen).
 */
public record SweepRun(String name, Map<String, Object> settings, String status, long steps, double trainLoss,
    double testLoss, double testAccuracy, List<LossTrace.Point> trace) {
  /** Status of a run stopped by a NaN or infinite loss. */
  public static final String DIVERGED = "diverged";

  public SweepRun {
    settings = Map.copyOf(settings);
    trace = List.copyOf(trace);
  }

  /** Whether the run stopped on a NaN or infinite loss. */
  public boolean diverged() {
    return DIVERGED.equals(status);
  }
}
