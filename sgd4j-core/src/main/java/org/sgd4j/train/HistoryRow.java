package org.sgd4j.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a run's history, written at the end of each epoch (and for a partial epoch when a run
 * diverges or is stopped): the quantities of the notes' learning curves.
 *
 * @param epoch the epoch, from 1
 * @param samplesSeen training examples processed since the start of the run
 * @param seconds wall-clock seconds since the start of the run (resumed runs add the time before)
 * @param trainLoss the mean of the epoch's mini-batch losses (NaN if none)
 * @param testLoss the test loop's average loss (NaN without a test set)
 * @param testAccuracy the fraction of test examples classified correctly, in [0, 1] (NaN without one)
 * @param lr the learning rate of the first parameter group in the epoch's last step (before per-epoch schedules move it)
 */
public record HistoryRow(int epoch, long samplesSeen, double seconds, double trainLoss, double testLoss,
    double testAccuracy, double lr) {

  /** The CSV header matching {@link #toCsv()}. */
  public static final String CSV_HEADER = "epoch,samples,seconds,train_loss,test_loss,test_accuracy,lr";

  /** The row as CSV; NaN is written as an empty field. */
  public String toCsv() {
    return epoch + "," + samplesSeen + "," + num(seconds) + "," + num(trainLoss) + "," + num(testLoss) + ","
        + num(testAccuracy) + "," + num(lr);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  /** The row as a JSON object (NaN written as null). */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("samples", samplesSeen);
    m.put("seconds", seconds);
    m.put("train_loss", trainLoss);
    m.put("test_loss", testLoss);
    m.put("test_accuracy", testAccuracy);
    m.put("lr", lr);
    return m;
  }
}
