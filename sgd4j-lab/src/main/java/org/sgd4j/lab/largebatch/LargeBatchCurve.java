package org.sgd4j.lab.largebatch;

/**
 * The training loss of a run against the number of training samples processed.
 *
 * @param run the run
 * @param samples samples processed at each record (0 first)
 * @param loss the loss on the fixed evaluation set at each record
 * @param lr the learning rate in force at each record
 * @param testAccuracy accuracy on the test set at the end (NaN without a test set)
 * @param divergedAtStep the step at which the loss became NaN or infinite, or −1
 */
public record LargeBatchCurve(LargeBatchRun run, long[] samples, double[] loss, double[] lr, double testAccuracy,
    long divergedAtStep) {
  /** The last recorded loss. */
  public double finalLoss() {
    return loss[loss.length - 1];
  }
}
