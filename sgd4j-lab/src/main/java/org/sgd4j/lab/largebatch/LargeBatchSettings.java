package org.sgd4j.lab.largebatch;

import java.util.List;
import org.sgd4j.optim.schedule.LinearScalingRule;

/**
 * The runs of the large-batch experiment, from a reference (small batch, lr):
 * <ol>
 *   <li>SGD at the small batch with the reference lr;</li>
 *   <li>SGD at the large batch with the same lr (no scaling);</li>
 *   <li>SGD at the large batch with the linearly scaled lr, no warm-up;</li>
 *   <li>the same with a linear warm-up over the first {@code warmupFraction} of its steps;</li>
 *   <li>LARS at the large batch with {@code larsLr} and the same warm-up.</li>
 * </ol>
 *
 * @param smallBatch the reference batch size (the notes' 16)
 * @param largeBatch the large batch size (256)
 * @param lr the reference lr at the small batch
 * @param momentum SGD's and LARS's momentum
 * @param warmupFraction the fraction of the large-batch steps spent warming up
 * @param larsLr LARS's global lr γ
 * @param samples training samples per run
 * @param evalEvery samples between loss records
 * @param seed seed of the initial model and of the shuffling
 */
public record LargeBatchSettings(int smallBatch, int largeBatch, double lr, double momentum, double warmupFraction,
    double larsLr, long samples, long evalEvery, long seed) {
  /** Checks the values. */
  public LargeBatchSettings {
    if (smallBatch < 1 || largeBatch < smallBatch) {
      throw new IllegalArgumentException("need 1 <= small batch <= large batch, got " + smallBatch + ", " + largeBatch);
    }
    if (!(warmupFraction >= 0 && warmupFraction < 1)) {
      throw new IllegalArgumentException("warm-up fraction must be in [0, 1), got " + warmupFraction);
    }
  }

  /** The large batch's lr by the linear scaling rule. */
  public double scaledLr() {
    return LinearScalingRule.lr(lr, smallBatch, largeBatch);
  }

  /** Warm-up steps at the large batch. */
  public int warmupSteps() {
    return (int) Math.round(warmupFraction * samples / largeBatch);
  }

  /** The five runs. */
  public List<LargeBatchRun> runs() {
    int w = warmupSteps();
    return List.of(
        new LargeBatchRun("SGD b=" + smallBatch + " lr=" + fmt(lr), "sgd", smallBatch, lr, momentum, 0),
        new LargeBatchRun("SGD b=" + largeBatch + " lr=" + fmt(lr) + " (unscaled)", "sgd", largeBatch, lr, momentum, 0),
        new LargeBatchRun("SGD b=" + largeBatch + " lr=" + fmt(scaledLr()) + " (scaled)", "sgd", largeBatch, scaledLr(),
            momentum, 0),
        new LargeBatchRun("SGD b=" + largeBatch + " lr=" + fmt(scaledLr()) + " (scaled, warm-up " + w + " steps)", "sgd",
            largeBatch, scaledLr(), momentum, w),
        new LargeBatchRun("LARS b=" + largeBatch + " lr=" + fmt(larsLr) + " (warm-up " + w + " steps)", "lars",
            largeBatch, larsLr, momentum, w));
  }

  private static String fmt(double v) {
    return new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
  }
}
