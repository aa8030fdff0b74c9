package org.sgd4j.lab.d2l;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a list of runs over the seeds {@code seed, seed + 1, …, seed + repeats − 1}. The seeds are the
 * outer loop, so that a burst of load on a shared machine spreads over all runs instead of falling on
 * one (the reference script interleaves the same way).
 */
public final class D2lExperiment {
  private D2lExperiment() {}

  /** One summary per run, in the order of {@code runs}; {@code progress} hears each result (may be null). */
  public static List<RunSummary> run(List<D2lRun> runs, AirfoilProblem data, long seed, int repeats,
      Consumer<RunResult> progress) {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
    }
    List<List<RunResult>> results = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      results.add(new ArrayList<>());
    }
    for (int r = 0; r < repeats; r++) {
      for (int i = 0; i < runs.size(); i++) {
        RunResult result = D2lRunner.run(runs.get(i), data, seed + r);
        results.get(i).add(result);
        if (progress != null) {
          progress.accept(result);
        }
      }
    }
    List<RunSummary> out = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      out.add(new RunSummary(runs.get(i), results.get(i)));
    }
    return out;
  }
}
