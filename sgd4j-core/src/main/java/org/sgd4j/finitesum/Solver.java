package org.sgd4j.finitesum;

import org.sgd4j.tensor.Rng;

/**
 * A method for {@code min f(x) = (1/n) Σ f_i(x)}: it updates {@code x} in place, drawing its random
 * choices from {@code rng} only (so a run is reproducible from the seed), reporting its gradient
 * evaluations to the {@link Recorder} and stopping when the recorder says so.
 */
public interface Solver {

  /** A short name, as used in traces and on the command line (e.g. {@code sag}). */
  String name();

  /** Runs from {@code x} (overwritten with the final iterate) until {@code recorder.finished()}. */
  void minimize(FiniteSum problem, double[] x, Rng rng, Recorder recorder);

  /** Runs from {@code x0} for {@code passes} effective passes (one point per pass) and returns the trace. */
  default Trace run(FiniteSum problem, double[] x0, double passes, long seed) {
    Recorder recorder = new Recorder(problem, Optimum.of(problem), passes, 1, 0);
    double[] x = x0.clone();
    minimize(problem, x, new Rng(seed), recorder);
    return recorder.trace(name());
  }
}
