package org.sgd4j.optim.schedule;

/**
 * The linear scaling rule of Goyal et al., "Accurate, Large Minibatch SGD: Training ImageNet in 1
 * Hour" (2017): when the minibatch size is multiplied by k, multiply the learning rate by k,
 * {@code η = η_ref · B / B_ref} (usually together with a linear warm-up, {@link LinearLR#warmup}).
 */
public final class LinearScalingRule {
  private LinearScalingRule() {}

  /**
   * The learning rate for batch size {@code batchSize}, given {@code referenceLr} tuned at
   * {@code referenceBatchSize}.
   */
  public static double lr(double referenceLr, int referenceBatchSize, int batchSize) {
    if (!(referenceLr >= 0)) {
      throw new IllegalArgumentException("Invalid learning rate: " + referenceLr);
    }
    if (referenceBatchSize < 1 || batchSize < 1) {
      throw new IllegalArgumentException("batch sizes must be >= 1, got reference " + referenceBatchSize
          + " and " + batchSize);
    }
    return referenceLr * batchSize / referenceBatchSize;
  }
}
