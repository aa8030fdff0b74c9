package org.sgd4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sgd4j.io.Json;

/**
 * Stops the run when the monitored loss (the test loss, or the training loss when there is no test
 * set) has not improved by more than {@code minDelta} for {@code patience} epochs, as Keras'
 * {@code EarlyStopping(monitor, min_delta, patience)}.
 */
public final class EarlyStopping implements Callback {
  private final int patience;
  private final double minDelta;
  private double best = Double.POSITIVE_INFINITY;
  private int wait;

  /** Stops after {@code patience} epochs without an improvement larger than {@code minDelta}. */
  public EarlyStopping(int patience, double minDelta) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1, got " + patience);
    }
    if (!(minDelta >= 0)) {
      throw new IllegalArgumentException("minDelta must be non-negative, got " + minDelta);
    }
    this.patience = patience;
    this.minDelta = minDelta;
  }

  @Override
  public void onEpochEnd(Trainer trainer, HistoryRow row, Evaluation test) {
    double monitored = Double.isNaN(row.testLoss()) ? row.trainLoss() : row.testLoss();
    if (monitored < best - minDelta) {
      best = monitored;
      wait = 0;
      return;
    }
    wait++;
    if (wait >= patience) {
      trainer.requestStop("early stopping: no improvement of the loss beyond " + best + " for " + patience
          + " epoch" + (patience == 1 ? "" : "s"));
    }
  }

  @Override
  public Map<String, Object> state() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("best", Double.isInfinite(best) ? null : best);
    m.put("wait", wait);
    return m;
  }

  @Override
  public void restore(Map<String, Object> state) {
    Object b = state.get("best");
    best = b == null ? Double.POSITIVE_INFINITY : Json.asDouble(b);
    wait = ((Number) state.get("wait")).intValue();
  }
}
