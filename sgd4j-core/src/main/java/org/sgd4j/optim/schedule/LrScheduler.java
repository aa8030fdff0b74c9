package org.sgd4j.optim.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.optim.ParamGroup;

/**
 * A learning-rate schedule over epochs (or iterations), as {@code torch.optim.lr_scheduler._LRScheduler}
 * in PyTorch 1.13: it sets each parameter group's lr. Call {@link #step()} after
 * {@code optimizer.step()}, once per epoch (or per iteration for per-iteration schedules).
 *
 * <p>Semantics kept from PyTorch: building a schedule performs one step at epoch 0 (so the group's
 * lr is the schedule's value for epoch 0 right away); the first schedule attached to a group stores
 * the group's lr as its {@code initialLr}, and every schedule takes {@code initialLr} as its base
 * lr. {@link #step()} uses the <em>chainable</em> form, which updates the group's current lr (so
 * schedules compose, and changes made from outside persist); {@link #step(int)} jumps to an epoch
 * with the <em>closed</em> form {@code lr(base, epoch)} where the schedule has one. The two agree on
 * an undisturbed run; they differ when something else also changes the lr (another schedule, a
 * user), where the closed form forgets the other change.
 */
public abstract class LrScheduler {
  protected final Optimizer<?> optimizer;
  protected final double[] baseLrs;
  protected int lastEpoch = -1;
  protected int stepCount;
  private double[] lastLr;

  /** Records the base lrs; the subclass constructor must end with {@link #initialStep()}. */
  protected LrScheduler(Optimizer<?> optimizer) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
    baseLrs = new double[groups.size()];
    for (int i = 0; i < baseLrs.length; i++) {
      ParamGroup<?> g = groups.get(i);
      if (Double.isNaN(g.initialLr())) {
        g.setInitialLr(g.lr());
      }
      baseLrs[i] = g.initialLr();
    }
    lastLr = currentLrs();
  }

  /** PyTorch's {@code _initial_step}: the step to epoch 0. */
  protected final void initialStep() {
    stepCount = 0;
    step();
  }

  /** Advances one epoch with the chainable form. */
  public void step() {
    stepCount++;
    lastEpoch++;
    apply(chainableLr());
  }

  /**
   * Jumps to {@code epoch}, with the closed form when the schedule has one, else the chainable form
   * evaluated at that epoch (PyTorch's deprecated {@code step(epoch)}).
   */
  public void step(int epoch) {
    stepCount++;
    lastEpoch = epoch;
    double[] closed = closedFormLr();
    apply(closed != null ? closed : chainableLr());
  }

  /** The new lrs at {@link #lastEpoch}, from the groups' current lrs ({@code get_lr}). */
  protected abstract double[] chainableLr();

  /** The lrs at {@link #lastEpoch} from the base lrs alone ({@code _get_closed_form_lr}), or null. */
  protected double[] closedFormLr() {
    return null;
  }

  /** The closed-form lrs at {@code epoch}, or null when the schedule has no closed form. */
  public double[] closedForm(int epoch) {
    int saved = lastEpoch;
    lastEpoch = epoch;
    try {
      return closedFormLr();
    } finally {
      lastEpoch = saved;
    }
  }

  /** Sets the groups' lrs. */
  protected void apply(double[] lrs) {
    List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
    for (int i = 0; i < lrs.length; i++) {
      groups.get(i).setLr(lrs[i]);
    }
    lastLr = lrs.clone();
  }

  /** The groups' lrs now. */
  protected double[] currentLrs() {
    List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
    double[] out = new double[groups.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = groups.get(i).lr();
    }
    return out;
  }

  /** The lrs this schedule set last ({@code get_last_lr()}). */
  public double[] lastLr() {
    return lastLr.clone();
  }

  /** The epoch of the last step (0 right after construction). */
  public int lastEpoch() {
    return lastEpoch;
  }

  /** The optimizer whose lrs this schedule sets. */
  public Optimizer<?> optimizer() {
    return optimizer;
  }

  /**
   * The schedule's state as named scalars: {@code last_epoch}, {@code _step_count},
   * {@code base_lrs.i}, {@code _last_lr.i} and whatever the schedule adds. Restore it with
   * {@link #loadStateDict} on a schedule built the same way (after loading the optimizer's state).
   */
  public Map<String, Double> stateDict() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("last_epoch", (double) lastEpoch);
    out.put("_step_count", (double) stepCount);
    for (int i = 0; i < baseLrs.length; i++) {
      out.put("base_lrs." + i, baseLrs[i]);
    }
    for (int i = 0; i < lastLr.length; i++) {
      out.put("_last_lr." + i, lastLr[i]);
    }
    saveExtra(out);
    return out;
  }

  /** Restores {@link #stateDict()}. */
  public void loadStateDict(Map<String, Double> state) {
    lastEpoch = (int) get(state, "last_epoch");
    stepCount = (int) get(state, "_step_count");
    for (int i = 0; i < baseLrs.length; i++) {
      baseLrs[i] = get(state, "base_lrs." + i);
    }
    for (int i = 0; i < lastLr.length; i++) {
      lastLr[i] = get(state, "_last_lr." + i);
    }
    loadExtra(state);
  }

  /** Adds schedule-specific state. */
  protected void saveExtra(Map<String, Double> out) {}

  /** Reads schedule-specific state. */
  protected void loadExtra(Map<String, Double> state) {}

  /** {@code state.get(key)}, failing clearly when absent. */
  protected static double get(Map<String, Double> state, String key) {
    Double v = state.get(key);
    if (v == null) {
      throw new IllegalArgumentException("scheduler state dict has no entry " + key);
    }
    return v;
  }

  /** Fails unless {@code n} values were given for the groups. */
  protected int requireOnePerGroup(int n, String what) {
    int groups = optimizer.paramGroups().size();
    if (n != groups) {
      throw new IllegalArgumentException("expected " + groups + " " + what + " (one per parameter group), got " + n);
    }
    return n;
  }
}
