package org.sgd4j.spark;

import java.io.Serializable;
import org.sgd4j.nn.loss.Loss;

/**
 * Builds the loss on an executor. It must reduce by the mean over the batch (the default of every
 * {@code org.sgd4j.nn.loss} loss): a partition turns its mean gradient into a sum by multiplying
 * with its example count, and the driver divides the total by the global batch size.
 */
@FunctionalInterface
public interface LossFactory extends Serializable {
  /** A new loss. */
  Loss create();
}
