package org.sgd4j.finitesum;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts a solver's gradient evaluations, decides when to record a {@link TracePoint} and when to
 * stop, and times the solver with the clock paused while recording (recording evaluates
 * {@code f} and {@code ∇f} on the whole data set, which the solver did not ask for).
 *
 * <p>A solver calls {@link #start} with its initial point, then {@link #count} after each step;
 * when {@code count} returns true it calls {@link #record} with the current iterate. It stops when
 * {@link #finished()}: the pass budget is spent, the suboptimality fell below the tolerance, or the
 * iterate diverged.
 */
public final class Recorder {
  private final FiniteSum problem;
  private final Optimum optimum;
  private final double maxPasses;
  private final double recordEvery;
  private final double tolerance;
  private final List<TracePoint> points = new ArrayList<>();
  private final double[] gradient;
  private long evaluations;
  private double nextRecord;
  private long elapsedNanos;
  private long runningSince;
  private long cpuNanos;
  private long cpuSince = -1;
  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
  private String stopReason;
  private double[] lastX;

  /**
   * @param maxPasses budget in effective passes
   * @param recordsPerPass trace points per effective pass
   * @param tolerance stop once {@code f(x) − f* ≤ tolerance} (use 0 to always spend the budget)
   */
  public Recorder(FiniteSum problem, Optimum optimum, double maxPasses, double recordsPerPass, double tolerance) {
    if (!(maxPasses > 0)) {
      throw new IllegalArgumentException("Invalid number of passes (epochs): " + maxPasses);
    }
    if (!(recordsPerPass > 0)) {
      throw new IllegalArgumentException("Invalid records per pass: " + recordsPerPass);
    }
    this.problem = problem;
    this.optimum = optimum;
    this.maxPasses = maxPasses;
    this.recordEvery = problem.n() / recordsPerPass;
    this.tolerance = tolerance;
    this.gradient = new double[problem.dim()];
  }

  /** Records the initial point and starts the clock. */
  public void start(double[] x) {
    problem.checkPoint(x);
    nextRecord = recordEvery;
    record(x);
  }

  /** Adds {@code evals} gradient evaluations; true when a point is due to be recorded. */
  public boolean count(long evals) {
    evaluations += evals;
    return evaluations >= nextRecord || evaluations >= maxPasses * problem.n();
  }

  /** Records {@code x} (clock paused) and decides whether to stop. */
  public void record(double[] x) {
    long now = System.nanoTime();
    long cpuNow = cpuTime();
    if (runningSince != 0) {
      elapsedNanos += now - runningSince;
      cpuNanos += cpuNow - cpuSince;
    }
    double f = problem.value(x);
    problem.fullGradient(x, gradient);
    double gn = Math.sqrt(LinearModelProblem.squaredNorm(gradient));
    double dist = 0;
    for (int j = 0; j < x.length; j++) {
      double e = x[j] - optimum.x()[j];
      dist += e * e;
    }
    double sub = f - optimum.value();
    points.add(new TracePoint((double) evaluations / problem.n(), evaluations, elapsedNanos * 1e-9, cpuNanos * 1e-9, sub, gn,
        Math.sqrt(dist)));
    lastX = x.clone();
    while (nextRecord <= evaluations) {
      nextRecord += recordEvery;
    }
    if (!Double.isFinite(f) || !Double.isFinite(gn)) {
      stopReason = "diverged: f(x) = " + f + ", |grad f(x)| = " + gn + " after " + evaluations + " gradient evaluations";
    } else if (sub <= tolerance) {
      stopReason = "converged";
    } else if (evaluations >= maxPasses * problem.n()) {
      stopReason = "budget";
    }
    cpuSince = cpuTime();
    runningSince = System.nanoTime();
  }

  private static long cpuTime() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /** Marks a divergence the solver detected itself (e.g. a non-finite step size). */
  public void fail(String message) {
    stopReason = "diverged: " + message;
  }

  /** Whether the solver should stop. */
  public boolean finished() {
    return stopReason != null;
  }

  /** Gradient evaluations so far. */
  public long evaluations() {
    return evaluations;
  }

  /** The trace so far. */
  public Trace trace(String solver) {
    return new Trace(solver, List.copyOf(points), lastX, stopReason == null ? "stopped" : stopReason);
  }
}
