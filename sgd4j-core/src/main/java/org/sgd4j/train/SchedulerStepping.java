package org.sgd4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.sgd4j.optim.schedule.LrScheduler;
import org.sgd4j.optim.schedule.ReduceLROnPlateau;

/**
 * Steps an {@code org.sgd4j.optim.schedule} learning-rate schedule where a PyTorch loop calls
 * {@code scheduler.step()}: after every optimizer step ({@link #perStep}, e.g. OneCycleLR), after
 * every epoch ({@link #perEpoch}, e.g. StepLR), or after every epoch with the monitored loss
 * ({@link #onPlateau}: ReduceLROnPlateau gets the test loss, or the training loss without a test
 * set). The schedule's state dict is checkpointed with the run (values as exact decimal strings, so
 * an infinite "best" survives JSON).
 */
public final class SchedulerStepping implements Callback {
  private final LrScheduler scheduler;
  private final ReduceLROnPlateau plateau;
  private final boolean perStep;

  private SchedulerStepping(LrScheduler scheduler, ReduceLROnPlateau plateau, boolean perStep) {
    this.scheduler = scheduler;
    this.plateau = plateau;
    this.perStep = perStep;
  }

  /** {@code scheduler.step()} after every optimizer step. */
  public static SchedulerStepping perStep(LrScheduler scheduler) {
    return new SchedulerStepping(Objects.requireNonNull(scheduler, "scheduler"), null, true);
  }

  /** {@code scheduler.step()} after every epoch. */
  public static SchedulerStepping perEpoch(LrScheduler scheduler) {
    return new SchedulerStepping(Objects.requireNonNull(scheduler, "scheduler"), null, false);
  }

  /** {@code plateau.step(loss)} after every epoch, with the test loss (or the training loss). */
  public static SchedulerStepping onPlateau(ReduceLROnPlateau plateau) {
    return new SchedulerStepping(null, Objects.requireNonNull(plateau, "plateau"), false);
  }

  @Override
  public void onBatchEnd(Trainer trainer, int batchIndex, int batchSize, double loss) {
    if (perStep) {
      scheduler.step();
    }
  }

  @Override
  public void onEpochEnd(Trainer trainer, HistoryRow row, Evaluation test) {
    if (plateau != null) {
      plateau.step(Double.isNaN(row.testLoss()) ? row.trainLoss() : row.testLoss());
    } else if (!perStep) {
      scheduler.step();
    }
  }

  @Override
  public Map<String, Object> state() {
    Map<String, Object> out = new LinkedHashMap<>();
    (plateau != null ? plateau.stateDict() : scheduler.stateDict()).forEach((k, v) -> out.put(k, Double.toString(v)));
    return out;
  }

  @Override
  public void restore(Map<String, Object> state) {
    Map<String, Double> in = new LinkedHashMap<>();
    state.forEach((k, v) -> in.put(k, Double.parseDouble((String) v)));
    if (plateau != null) {
      plateau.loadStateDict(in);
    } else {
      scheduler.loadStateDict(in);
    }
  }
}
