package org.sgd4j.lab.d2l;

import java.util.List;

/**
 * A run over several seeds: the final loss's mean and sample standard deviation, and the mean seconds
 * per epoch.
 *
 * @param run the run
 * @param results one result per seed, in seed order
 */
public record RunSummary(D2lRun run, List<RunResult> results) {
  /** A summary of at least one result. */
  public RunSummary {
    results = List.copyOf(results);
    if (results.isEmpty()) {
      throw new IllegalArgumentException("run " + run.name() + ": no results");
    }
  }

  /** The final losses, one per seed. */
  public double[] finalLosses() {
    return results.stream().mapToDouble(RunResult::finalLoss).toArray();
  }

  /** The seconds per epoch, one per seed. */
  public double[] secondsPerEpoch() {
    return results.stream().mapToDouble(RunResult::secondsPerEpoch).toArray();
  }

  /** The mean final loss. */
  public double finalLossMean() {
    return Stats.mean(finalLosses());
  }

  /** The sample standard deviation (divisor n − 1) of the final loss; NaN for a single seed. */
  public double finalLossSd() {
    return Stats.sd(finalLosses());
  }

  /** The mean seconds per epoch. */
  public double secondsPerEpochMean() {
    return Stats.mean(secondsPerEpoch());
  }

  /** The mean CPU seconds per epoch. */
  public double cpuSecondsPerEpochMean() {
    return Stats.mean(results.stream().mapToDouble(RunResult::cpuSecondsPerEpoch).toArray());
  }
}
