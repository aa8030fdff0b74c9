package org.sgd4j.lab.d2l;

import java.util.List;

/**
 * What one run of one seed did: its recorded points and the seconds per epoch, the chapter's
 * {@code timer.sum() / num_epochs} (training time up to the last record point, evaluation excluded,
 * divided by the epochs).
 *
 * @param run the run
 * @param seed the seed of its initialisation and shuffling
 * @param points the recorded points, every 200 examples
 * @param secondsPerEpoch seconds per epoch (wall clock)
 * @param cpuSecondsPerEpoch the training thread's CPU seconds per epoch over the same intervals
 */
public record RunResult(D2lRun run, long seed, List<RecordPoint> points, double secondsPerEpoch,
    double cpuSecondsPerEpoch) {
  /** A result; a run records at least one point. */
  public RunResult {
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("run " + run.name() + " recorded no point");
    }
  }

  /** The last recorded loss: the figure the chapter prints. */
  public double finalLoss() {
    return points.get(points.size() - 1).loss();
  }
}
