package org.sgd4j.optim.schedule;

import java.util.List;
import java.util.Map;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.optim.ParamGroup;

/**
 * The 1cycle policy, as {@code torch.optim.lr_scheduler.OneCycleLR} (stepped once per batch): the lr
 * rises from {@code maxLr/divFactor} to {@code maxLr} over the first {@code pctStart} of the steps,
 * then anneals to {@code maxLr/(divFactor·finalDivFactor)}; the momentum (SGD's momentum, Adam's β₁)
 * moves the opposite way between {@code maxMomentum} and {@code baseMomentum}. With
 * {@code threePhase} the lr comes back down to {@code maxLr/divFactor} symmetrically before the final
 * annealing, as in Smith's paper. Annealing is cosine, {@code end + (start − end)(1 + cos(π·pct))/2},
 * or linear.
 *
 * <p>Source: Smith and Topin, "Super-Convergence: Very Fast Training of Neural Networks Using Large
 * Learning Rates" (2018).
 */
public final class OneCycleLR extends LrScheduler {
  /** How a phase moves from its start value to its end value. */
  public enum Anneal { COS, LINEAR }

  private final int totalSteps;
  private final Anneal anneal;
  private final boolean cycleMomentum;
  private final double[] maxLrs;
  private final double[] minLrs;
  private final double[] maxMomentums;
  private final double[] baseMomentums;
  private final double[] phaseEnds;
  /** Per phase: start and end lr as 0 initial, 1 max, 2 min; start and end momentum as 0 max, 1 base. */
  private final int[][] phases;

  /** PyTorch's defaults: pctStart 0.3, cosine, cycled momentum 0.85–0.95, divFactor 25, finalDivFactor 1e4. */
  public OneCycleLR(Optimizer<?> optimizer, double maxLr, int totalSteps) {
    this(optimizer, fill(optimizer, maxLr), totalSteps, 0.3, Anneal.COS, true, 0.85, 0.95, 25, 1e4, false);
  }

  /**
   * @param maxLrs the peak lr of each group
   * @param totalSteps the number of steps of the cycle (≥ 1)
   * @param pctStart the fraction of steps spent raising the lr, in [0, 1]
   * @param anneal cosine or linear
   * @param cycleMomentum whether to cycle the momentum inversely to the lr
   * @param baseMomentum the momentum at the peak lr
   * @param maxMomentum the momentum at the lowest lr
   * @param divFactor initial lr = maxLr / divFactor
   * @param finalDivFactor final lr = initial lr / finalDivFactor
   * @param threePhase come back to the initial lr before annealing to the final one
   */
  public OneCycleLR(Optimizer<?> optimizer, double[] maxLrs, int totalSteps, double pctStart, Anneal anneal,
                    boolean cycleMomentum, double baseMomentum, double maxMomentum, double divFactor,
                    double finalDivFactor, boolean threePhase) {
    super(optimizer);
    if (totalSteps <= 0) {
      throw new IllegalArgumentException("Expected positive integer total_steps, but got " + totalSteps);
    }
    if (!(pctStart >= 0 && pctStart <= 1)) {
      throw new IllegalArgumentException("Expected float between 0 and 1 pct_start, but got " + pctStart);
    }
    int n = requireOnePerGroup(maxLrs.length, "max_lr values");
    this.totalSteps = totalSteps;
    this.anneal = anneal;
    this.cycleMomentum = cycleMomentum;
    if (threePhase) {
      phaseEnds = new double[] {pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1};
      phases = new int[][] {{0, 1, 0, 1}, {1, 0, 1, 0}, {0, 2, 0, 0}};
    } else {
      phaseEnds = new double[] {pctStart * totalSteps - 1, totalSteps - 1};
      phases = new int[][] {{0, 1, 0, 1}, {1, 2, 1, 0}};
    }
    List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
    this.maxLrs = maxLrs.clone();
    minLrs = new double[n];
    maxMomentums = new double[n];
    baseMomentums = new double[n];
    for (int i = 0; i < n; i++) {
      baseLrs[i] = maxLrs[i] / divFactor;
      groups.get(i).setInitialLr(baseLrs[i]);
      minLrs[i] = baseLrs[i] / finalDivFactor;
      maxMomentums[i] = maxMomentum;
      baseMomentums[i] = baseMomentum;
      if (cycleMomentum) {
        if (!groups.get(i).hasCyclicMomentum()) {
          throw new IllegalArgumentException("optimizer must support momentum with cycleMomentum enabled ("
              + groups.get(i).options().getClass().getName() + ")");
        }
        groups.get(i).setCycledMomentum(maxMomentum);
      }
    }
    initialStep();
  }

  private static double[] fill(Optimizer<?> optimizer, double value) {
    double[] out = new double[optimizer.paramGroups().size()];
    java.util.Arrays.fill(out, value);
    return out;
  }

  private double annealed(double start, double end, double pct) {
    return anneal == Anneal.COS ? end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
  }

  @Override
  protected double[] chainableLr() {
    int step = lastEpoch;
    if (step > totalSteps) {
      throw new IllegalStateException("Tried to step " + (step + 1) + " times. The specified number of total steps is "
          + totalSteps);
    }
    List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
    double[] lrs = new double[baseLrs.length];
    for (int i = 0; i < lrs.length; i++) {
      double[] lrPoints = {baseLrs[i], maxLrs[i], minLrs[i]};
      double[] momentumPoints = {maxMomentums[i], baseMomentums[i]};
      double startStep = 0;
      for (int p = 0; p < phases.length; p++) {
        double endStep = phaseEnds[p];
        if (step <= endStep || p == phases.length - 1) {
          double pct = (step - startStep) / (endStep - startStep);
          lrs[i] = annealed(lrPoints[phases[p][0]], lrPoints[phases[p][1]], pct);
          if (cycleMomentum) {
            groups.get(i).setCycledMomentum(annealed(momentumPoints[phases[p][2]], momentumPoints[phases[p][3]], pct));
          }
          break;
        }
        startStep = endStep;
      }
    }
    return lrs;
  }

  @Override
  protected void saveExtra(Map<String, Double> out) {
    for (int i = 0; i < maxLrs.length; i++) {
      out.put("max_lr." + i, maxLrs[i]);
      out.put("min_lr." + i, minLrs[i]);
      out.put("max_momentum." + i, maxMomentums[i]);
      out.put("base_momentum." + i, baseMomentums[i]);
    }
  }

  @Override
  protected void loadExtra(Map<String, Double> state) {
    for (int i = 0; i < maxLrs.length; i++) {
      maxLrs[i] = get(state, "max_lr." + i);
      minLrs[i] = get(state, "min_lr." + i);
      maxMomentums[i] = get(state, "max_momentum." + i);
      baseMomentums[i] = get(state, "base_momentum." + i);
    }
  }
}
