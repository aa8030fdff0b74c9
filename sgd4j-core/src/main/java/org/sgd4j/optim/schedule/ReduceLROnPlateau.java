package org.sgd4j.optim.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.optim.ParamGroup;

/**
 * Reduces the lr when a metric stops improving, as {@code torch.optim.lr_scheduler.ReduceLROnPlateau}:
 * after more than {@code patience} epochs without improvement, each group's lr becomes
 * {@code max(lr · factor, minLr)} (skipped when the change is below {@code eps}), then
 * {@code cooldown} epochs pass before bad epochs count again. "Improvement" means
 * {@code a < best·(1 − threshold)} (min, rel), {@code a < best − threshold} (min, abs), or the mirror
 * images for max.
 */
public final class ReduceLROnPlateau {
  /** Whether the metric should go down (a loss) or up (an accuracy). */
  public enum Mode { MIN, MAX }

  /** Whether the threshold is relative to the best value or absolute. */
  public enum ThresholdMode { REL, ABS }

  private final Optimizer<?> optimizer;
  private final Mode mode;
  private final double factor;
  private final int patience;
  private final double threshold;
  private final ThresholdMode thresholdMode;
  private final int cooldown;
  private final double[] minLrs;
  private final double eps;
  private double best;
  private int numBadEpochs;
  private int cooldownCounter;
  private int lastEpoch;

  /** PyTorch's defaults: min mode, factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, minLr 0, eps 1e-8. */
  public ReduceLROnPlateau(Optimizer<?> optimizer) {
    this(optimizer, Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, new double[optimizer.paramGroups().size()], 1e-8);
  }

  /**
   * @param factor the multiplier of the lr on a plateau, &lt; 1
   * @param patience epochs without improvement tolerated
   * @param minLrs the lower bound of each group's lr
   * @param eps the smallest lr change applied
   */
  public ReduceLROnPlateau(Optimizer<?> optimizer, Mode mode, double factor, int patience, double threshold,
                           ThresholdMode thresholdMode, int cooldown, double[] minLrs, double eps) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    if (!(factor < 1.0)) {
      throw new IllegalArgumentException("Factor should be < 1.0, got " + factor);
    }
    if (minLrs.length != optimizer.paramGroups().size()) {
      throw new IllegalArgumentException("expected " + optimizer.paramGroups().size() + " min_lrs, got " + minLrs.length);
    }
    if (patience < 0 || cooldown < 0) {
      throw new IllegalArgumentException("patience and cooldown must be >= 0, got " + patience + " and " + cooldown);
    }
    this.mode = Objects.requireNonNull(mode, "mode");
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = Objects.requireNonNull(thresholdMode, "thresholdMode");
    this.cooldown = cooldown;
    this.minLrs = minLrs.clone();
    this.eps = eps;
    best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  /** Reports the epoch's metric; reduces the lrs if it has plateaued. */
  public void step(double metric) {
    lastEpoch++;
    if (isBetter(metric, best)) {
      best = metric;
      numBadEpochs = 0;
    } else {
      numBadEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      numBadEpochs = 0;
    }
    if (numBadEpochs > patience) {
      reduceLr();
      cooldownCounter = cooldown;
      numBadEpochs = 0;
    }
  }

  private void reduceLr() {
    List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
    for (int i = 0; i < groups.size(); i++) {
      double old = groups.get(i).lr();
      double lr = Math.max(old * factor, minLrs[i]);
      if (old - lr > eps) {
        groups.get(i).setLr(lr);
      }
    }
  }

  private boolean isBetter(double a, double best) {
    if (mode == Mode.MIN) {
      return thresholdMode == ThresholdMode.REL ? a < best * (1. - threshold) : a < best - threshold;
    }
    return thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1.) : a > best + threshold;
  }

  /** The best metric so far. */
  public double best() {
    return best;
  }

  /** The state: {@code best}, {@code num_bad_epochs}, {@code cooldown_counter}, {@code last_epoch}. */
  public Map<String, Double> stateDict() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("best", best);
    out.put("num_bad_epochs", (double) numBadEpochs);
    out.put("cooldown_counter", (double) cooldownCounter);
    out.put("last_epoch", (double) lastEpoch);
    return out;
  }

  /** Restores {@link #stateDict()}. */
  public void loadStateDict(Map<String, Double> state) {
    best = LrScheduler.get(state, "best");
    numBadEpochs = (int) LrScheduler.get(state, "num_bad_epochs");
    cooldownCounter = (int) LrScheduler.get(state, "cooldown_counter");
    lastEpoch = (int) LrScheduler.get(state, "last_epoch");
  }
}
