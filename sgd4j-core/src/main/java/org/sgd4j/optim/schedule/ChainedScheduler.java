package org.sgd4j.optim.schedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Steps several schedules together, as {@code torch.optim.lr_scheduler.ChainedScheduler}: each one's
 * chainable form multiplies the lr the previous one left, so their factors compose (e.g. a constant
 * warm-up factor times an exponential decay).
 */
public final class ChainedScheduler extends LrScheduler {
  private final List<LrScheduler> schedulers;

  /** @param schedulers the schedules, all on the same optimizer, already built */
  public ChainedScheduler(List<LrScheduler> schedulers) {
    super(first(schedulers).optimizer());
    for (int i = 1; i < schedulers.size(); i++) {
      if (schedulers.get(i).optimizer() != optimizer) {
        throw new IllegalArgumentException("ChainedScheduler expects all schedulers to belong to the same optimizer, but"
            + " got schedulers at index 0 and " + i + " to be different");
      }
    }
    this.schedulers = new ArrayList<>(schedulers);
    apply(currentLrs());
  }

  private static LrScheduler first(List<LrScheduler> schedulers) {
    if (schedulers.isEmpty()) {
      throw new IllegalArgumentException("ChainedScheduler expects at least one scheduler");
    }
    return schedulers.get(0);
  }

  @Override
  public void step() {
    for (LrScheduler s : schedulers) {
      s.step();
    }
    apply(currentLrs());
  }

  @Override
  public void step(int epoch) {
    throw new UnsupportedOperationException("ChainedScheduler steps one epoch at a time");
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
      schedulers.get(i).loadStateDict(sub(state, "_schedulers." + i + "."));
    }
  }

  /** The entries of {@code state} under {@code prefix}, with the prefix removed. */
  static Map<String, Double> sub(Map<String, Double> state, String prefix) {
    Map<String, Double> out = new LinkedHashMap<>();
    state.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }
}
