package org.sgd4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sgd4j.io.Json;
import org.sgd4j.optim.ParamGroup;

/**
 * Sets every parameter group's learning rate from an {@link LrPolicy}, after every optimizer step
 * ({@link #perStep}) or after every epoch ({@link #perEpoch}), as calling {@code scheduler.step()}
 * in those places of a PyTorch loop. The groups' initial learning rates are its state, so a resumed
 * run continues the same schedule.
 */
public final class LrScheduling implements Callback {
  private final LrPolicy policy;
  private final boolean perStep;
  private List<Double> base;

  private LrScheduling(LrPolicy policy, boolean perStep) {
    this.policy = policy;
    this.perStep = perStep;
  }

  /** Updates the learning rate after every step. */
  public static LrScheduling perStep(LrPolicy policy) {
    return new LrScheduling(policy, true);
  }

  /** Updates the learning rate after every epoch. */
  public static LrScheduling perEpoch(LrPolicy policy) {
    return new LrScheduling(policy, false);
  }

  @Override
  public void onTrainStart(Trainer trainer) {
    if (base == null) {
      base = new ArrayList<>();
      for (ParamGroup<?> g : trainer.optimizer().paramGroups()) {
        base.add(g.lr());
      }
      apply(trainer);
    }
    // After a resume the optimizer's state dict has brought back the learning rates in force.
  }

  @Override
  public void onBatchEnd(Trainer trainer, int batchIndex, int batchSize, double loss) {
    if (perStep) {
      apply(trainer);
    }
  }

  @Override
  public void onEpochEnd(Trainer trainer, HistoryRow row, Evaluation test) {
    if (!perStep) {
      apply(trainer);
    }
  }

  private void apply(Trainer trainer) {
    List<? extends ParamGroup<?>> groups = trainer.optimizer().paramGroups();
    for (int i = 0; i < groups.size(); i++) {
      groups.get(i).setLr(policy.lr(base.get(i), trainer.epoch(), trainer.step()));
    }
  }

  @Override
  public Map<String, Object> state() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("base_lrs", base == null ? List.of() : base);
    return m;
  }

  @Override
  public void restore(Map<String, Object> state) {
    base = new ArrayList<>();
    for (Object o : (List<?>) state.get("base_lrs")) {
      base.add(Json.asDouble(o));
    }
  }
}
