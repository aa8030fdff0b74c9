package org.sgd4j.finitesum;

import java.util.ArrayList;
import java.util.List;
import org.sgd4j.tensor.Rng;

/**
 * Runs several solvers on one problem from {@code x = 0} for the same budget of effective passes,
 * each with a fresh {@code Rng(seed)}, against the cached optimum {@link Optimum#of}: the library
 * entry point of {@code sgd4j finite-sum}. Same seed ⇒ same iterates. A solver that diverges (NaN or
 * infinite {@code f}) does not stop the comparison: its trace ends there and its stop reason names
 * the gradient evaluation count and the step size.
 */
public final class Comparison {
  private Comparison() {}

  /** The outcome: the problem, its optimum and one trace per solver, in the order asked. */
  public record Result(String problem, Optimum optimum, List<Trace> traces) {}

  /**
   * @param epochs budget in effective passes per solver
   * @param recordsPerPass trace points per pass
   */
  public static Result run(FiniteSum problem, List<SolverConfig> solvers, double epochs, long seed,
                           double recordsPerPass) {
    if (solvers.isEmpty()) {
      throw new IllegalArgumentException("Comparison: no solvers given");
    }
    Optimum optimum = Optimum.of(problem);
    List<Trace> traces = new ArrayList<>();
    for (SolverConfig config : solvers) {
      Solver solver = config.create(problem);
      Recorder recorder = new Recorder(problem, optimum, epochs, recordsPerPass, 0);
      double[] x = new double[problem.dim()];
      try {
        solver.minimize(problem, x, new Rng(seed), recorder);
      } catch (IllegalArgumentException | ArithmeticException e) {
        recorder.fail(config.name() + ": " + e.getMessage());
      }
      Trace t = recorder.trace(config.name());
      if (t.diverged()) {
        String lr = Double.isNaN(config.lr()) ? "the default step" : "lr = " + config.lr();
        t = new Trace(t.solver(), t.points(), t.finalX(), t.stopReason() + " (" + config.name() + " with " + lr + ")");
      }
      traces.add(t);
    }
    return new Result(problem.name(), optimum, List.copyOf(traces));
  }
}
