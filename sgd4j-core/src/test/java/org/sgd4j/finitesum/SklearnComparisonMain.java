package org.sgd4j.finitesum;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sgd4j.data.LabelMapping;
import org.sgd4j.data.LibSvm;
import org.sgd4j.data.LibSvmData;
import org.sgd4j.tensor.Rng;

/**
 * The Java side of {@code bench/compare-sklearn} (a benchmark, not a test): reads a LIBSVM file,
 * builds the L2-logistic problem with the given {@code μ}, computes {@code f*} by Newton, runs our
 * SAG and SAGA from 0 until {@code f(x) − f* ≤ tol · f*} (or the pass budget), and prints one JSON
 * object with {@code f*}, and per solver the passes, the solver wall and CPU seconds (recording
 * excluded; best of three runs after a warm-up) and the final {@code f}; then the CPU time per pass
 * of SAG, SAGA and SGD on the same rows padded with a million all-zero columns, to show the cost
 * per pass is O(nnz) (plus O(d) once per pass to write out the trace point), not O(n d).
 *
 * <p>Usage: {@code SklearnComparisonMain <file> <dim> <mu> <tol> <maxPasses> <seed>}.
 */
public final class SklearnComparisonMain {
  private SklearnComparisonMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: SklearnComparisonMain <file> <dim> <mu> <tol> <maxPasses> <seed>");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    int dim = Integer.parseInt(args[1]);
    double mu = Double.parseDouble(args[2]);
    double tol = Double.parseDouble(args[3]);
    double maxPasses = Double.parseDouble(args[4]);
    long seed = Long.parseLong(args[5]);
    LibSvmData data = LibSvm.read(file, LibSvm.options().dimension(dim).labels(LabelMapping.PLUS_MINUS_ONE));
    LogisticRegression p = new LogisticRegression(data.features(), data.labels(), mu);
    long t0 = System.nanoTime();
    Optimum o = Optimum.of(p);
    double newtonSeconds = (System.nanoTime() - t0) * 1e-9;
    List<String> rows = new ArrayList<>();
    for (Solver s : new Solver[] {Sag.withStep(Double.NaN), new Saga(Double.NaN)}) {
      // warm-up for the JIT, then the best (least CPU time) of three identical measured runs
      run(s, p, o, 3, 0, seed);
      Trace t = null;
      for (int rep = 0; rep < 3; rep++) {
        Trace r = run(s, p, o, maxPasses, tol * o.value(), seed);
        if (t == null || r.last().cpuSeconds() < t.last().cpuSeconds()) {
          t = r;
        }
      }
      TracePoint last = t.last();
      rows.add(String.format(Locale.ROOT,
          "{\"name\":\"%s\",\"passes\":%.1f,\"seconds\":%.6f,\"cpu_seconds\":%.6f,\"f\":%.17g,"
              + "\"rel_subopt\":%.3e,\"stop\":\"%s\"}",
          s.name(), last.passes(), last.seconds(), last.cpuSeconds(), o.value() + last.suboptimality(),
          last.suboptimality() / o.value(), t.stopReason()));
    }
    // O(nnz) per pass: the same rows with a million extra (all-zero) columns; CPU seconds per pass
    // of 10 passes, one trace point per pass (whose materialisation of x costs O(d) once per pass)
    int extra = 1_000_000;
    var a = p.data();
    LogisticRegression padded = new LogisticRegression(
        new org.sgd4j.data.CsrMatrix(a.rows(), a.cols() + extra, a.rowPtr(), a.colIdx(), a.values()), data.labels(), mu);
    Optimum none = new Optimum(new double[padded.dim()], 0, Double.NaN, Double.NaN, "none");
    List<String> pad = new ArrayList<>();
    for (Solver s : new Solver[] {Sag.withStep(Double.NaN), new Saga(Double.NaN), new Sgd("sgd", StepSchedule.constant(0.1), 1)}) {
      double best = Double.POSITIVE_INFINITY;
      double bestSmall = Double.POSITIVE_INFINITY;
      for (int rep = 0; rep < 3; rep++) {
        TracePoint big = run(s, padded, none, 10, -1, seed).last();
        TracePoint small = run(s, p, o, 10, -1, seed).last();
        best = Math.min(best, big.cpuSeconds() / big.passes());
        bestSmall = Math.min(bestSmall, small.cpuSeconds() / small.passes());
      }
      pad.add(String.format(Locale.ROOT, "{\"name\":\"%s\",\"cpu_per_pass\":%.6e,\"cpu_per_pass_padded\":%.6e}",
          s.name(), bestSmall, best));
    }
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "{\"n\":%d,\"d\":%d,\"nnz\":%d,\"mu\":%.17g,\"f_star\":%.17g,\"f_star_method\":\"%s\","
            + "\"f_star_grad_norm\":%.3e,\"newton_seconds\":%.3f,\"solvers\":[%s],\"padded_d\":%d,\"padded\":[%s]}%n",
        p.n(), p.dim(), p.data().nnz(), mu, o.value(), o.method(), o.gradientNorm(), newtonSeconds,
        String.join(",", rows), padded.dim(), String.join(",", pad));
  }

  private static Trace run(Solver s, FiniteSum p, Optimum o, double passes, double tol, long seed) {
    Recorder r = new Recorder(p, o, passes, 1, tol);
    double[] x = new double[p.dim()];
    s.minimize(p, x, new Rng(seed), r);
    return r.trace(s.name());
  }
}
