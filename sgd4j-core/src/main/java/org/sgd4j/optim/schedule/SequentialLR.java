package org.sgd4j.optim.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.optim.ParamGroup;

/**
 * Runs schedules one after another, switching at milestone epochs, as
 * {@code torch.optim.lr_scheduler.SequentialLR}, e.g. a linear warm-up for 5 epochs then cosine
 * annealing. At a milestone the next schedule restarts at its epoch 0 ({@code step(0)}, its closed
 * form where it has one).
 */
public final class SequentialLR extends LrScheduler {
  private final List<LrScheduler> schedulers;
  private final int[] milestones;

  /**
   * @param schedulers the schedules, all on {@code optimizer}, built in order
   * @param milestones {@code schedulers.size() − 1} increasing epochs at which to switch
   */
  public SequentialLR(Optimizer<?> optimizer, List<LrScheduler> schedulers, int[] milestones) {
    super(optimizer);
    if (schedulers.isEmpty()) {
      throw new IllegalArgumentException("SequentialLR expects at least one scheduler");
    }
    for (int i = 0; i < schedulers.size(); i++) {
      if (schedulers.get(i).optimizer() != optimizer) {
        throw new IllegalArgumentException("Sequential Schedulers expects all schedulers to belong to the same optimizer,"
            + " but got schedulers at index " + i + " to be different than the optimizer passed in.");
      }
    }
    if (milestones.length != schedulers.size() - 1) {
      throw new IllegalArgumentException("Sequential Schedulers expects number of schedulers provided to be one more than"
          + " the number of milestone points, but got number of schedulers " + schedulers.size()
          + " and the number of milestones to be equal to " + milestones.length);
    }
    this.schedulers = new ArrayList<>(schedulers);
    this.milestones = milestones.clone();
    lastEpoch = 0;
    for (ParamGroup<?> g : optimizer.paramGroups()) {
      g.setLr(g.initialLr());
    }
    for (LrScheduler s : schedulers) {
      s.lastEpoch -= 1;
    }
    schedulers.get(0).initialStep();
    apply(schedulers.get(0).lastLr());
  }

  @Override
  public void step() {
    lastEpoch++;
    int idx = 0;
    while (idx < milestones.length && milestones[idx] <= lastEpoch) {
      idx++;
    }
    LrScheduler s = schedulers.get(idx);
    if (idx > 0 && milestones[idx - 1] == lastEpoch) {
      s.step(0);
    } else {
      s.step();
    }
    apply(s.lastLr());
  }

  @Override
  public void step(int epoch) {
    throw new UnsupportedOperationException("SequentialLR steps one epoch at a time");
  }

  @Override
  protected double[] chainableLr() {
    return currentLrs();
  }

  @Override
  protected void saveExtra(Map<String, Double> out) {
    for (int i = 0; i < schedulers.size(); i++) {
      String prefix = "_schedulers." + i + ".";
      schedulers.get(i).stateDict().forEach((k, v) -> out.put(prefix + k, v));
    }
  }

  @Override
  protected void loadExtra(Map<String, Double> state) {
    for (int i = 0; i < schedulers.size(); i++) {
      schedulers.get(i).loadStateDict(ChainedScheduler.sub(state, "_schedulers." + i + "."));
    }
  }
}
