package org.sgd4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sgd4j.data.LabelMapping;
import org.sgd4j.data.LibSvm;
import org.sgd4j.data.LibSvmData;
import org.sgd4j.finitesum.Comparison;
import org.sgd4j.finitesum.FiniteSum;
import org.sgd4j.finitesum.LeastSquares;
import org.sgd4j.finitesum.LogisticRegression;
import org.sgd4j.finitesum.Quadratic;
import org.sgd4j.finitesum.SolverConfig;
import org.sgd4j.finitesum.Trace;
import org.sgd4j.finitesum.TracePoint;
import org.sgd4j.finitesum.TraceWriters;
import org.sgd4j.io.AtomicFile;
import org.sgd4j.io.Json;
import org.sgd4j.lab.finitesum.FiniteSumReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sgd4j finite-sum}: the finite-sum lab — several solvers (GD, SGD and its step schedules,
 * mini-batch SGD, SAG, SAGA, SVRG, Newton, Adagrad, RMSProp, Adam; {@link SolverConfig}) on one
 * problem {@code f(x) = (1/n) Σ f_i(x)} (L2-regularised logistic regression, ridge least squares or
 * a quadratic with a known spectrum), each from {@code x = 0} for the same budget of effective
 * passes, measured against {@code f*} computed to rounding ({@link org.sgd4j.finitesum.Optimum}).
 * Writes {@code trace.csv}, {@code trace.json}, {@code summary.json}, the suboptimality plots against
 * passes and against seconds (PNG and SVG) and {@code report.html}; {@code --json} prints the summary.
 */
@Command(name = "finite-sum", mixinStandardHelpOptions = true, sortOptions = false, version = "sgd4j 0.1.0",
    description = "Compare finite-sum solvers (GD, SGD, SAG, SAGA, SVRG, Newton, ...) against f* on one problem.")
final class FiniteSumCommand implements Callable<Integer> {
  static final List<String> PROBLEMS = List.of("logistic", "least-squares", "quadratic");

  @Spec CommandSpec spec;

  @Option(names = "--problem", defaultValue = "logistic",
      description = "logistic, least-squares, quadratic (default: ${DEFAULT-VALUE})")
  String problem;

  @Option(names = "--dataset", defaultValue = "synthetic",
      description = "synthetic, or libsvm:PATH for logistic (labels mapped to ±1) and least-squares (default: ${DEFAULT-VALUE})")
  String dataset;

  @Option(names = "--n", defaultValue = "1000", description = "synthetic: number of terms (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--dim", defaultValue = "20", description = "synthetic: dimension (default: ${DEFAULT-VALUE})")
  int dim;

  @Option(names = "--mu", defaultValue = "0.001",
      description = "L2 coefficient μ (logistic, least-squares: >= 0); the quadratic's smallest eigenvalue, its largest"
          + " being 1 (0 < μ <= 1) (default: ${DEFAULT-VALUE})")
  double mu;

  @Option(names = "--solvers", defaultValue = "gd,sgd,saga,svrg",
      description = "comma-separated: " + "gd, gd-backtracking, sgd, sgd-decreasing, sgd-sqrt, sgd-exp, sgd-poly,"
          + " minibatch, sag, sag-nonuniform, sag-ls, sag-nonuniform-ls, saga, svrg, newton, adagrad, rmsprop, adam"
          + " (default: ${DEFAULT-VALUE})")
  String solvers;

  @Option(names = "--step", description = "step size of every solver (default: each solver's, e.g. 1/(2 L_max) for SGD)")
  Double step;

  @Option(names = "--batch-size", defaultValue = "0",
      description = "mini-batch size of the stochastic solvers (default: 16 for minibatch, else 1)")
  int batchSize;

  @Option(names = "--epochs", defaultValue = "20", description = "budget in effective passes (default: ${DEFAULT-VALUE})")
  double epochs;

  @Option(names = "--records-per-pass", defaultValue = "10", description = "trace points per pass (default: ${DEFAULT-VALUE})")
  double recordsPerPass;

  @Option(names = "--seed", defaultValue = "0", description = "seed of the data and of the sampling (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", description = "output directory (default: runs/finite-sum-<date>-<time>)")
  Path out;

  @Option(names = "--json", description = "print one JSON object (f_star, and per solver its final passes,"
      + " suboptimality and seconds) on stdout")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "print nothing but errors (and --json)")
  boolean quiet;

  @Mixin VerboseOption verbosity;

  @Override
  public Integer call() throws IOException {
    if (!PROBLEMS.contains(problem)) {
      throw new UsageError("unknown problem '" + problem + "'; known: " + String.join(", ", PROBLEMS));
    }
    checkNumbers();
    List<SolverConfig> configs;
    try {
      configs = configs();
    } catch (UserError | IllegalArgumentException e) { // a name or setting of --solvers
      throw new UsageError(e.getMessage());
    }
    FiniteSum f = problem();
    Comparison.Result result = Comparison.run(f, configs, epochs, seed, recordsPerPass);
    Path dir = out != null ? out : Path.of("runs", "finite-sum-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
    Files.createDirectories(dir);
    StringWriter csv = new StringWriter();
    TraceWriters.writeCsv(result, csv);
    AtomicFile.writeString(dir.resolve("trace.csv"), csv.toString());
    StringWriter traceJson = new StringWriter();
    TraceWriters.writeJson(result, traceJson);
    AtomicFile.writeString(dir.resolve("trace.json"), traceJson.toString());
    Map<String, Object> summary = summary(result);
    AtomicFile.writeString(dir.resolve("summary.json"), Json.writePretty(summary));
    List<Path> written = FiniteSumReport.write(dir, result, String.format(Locale.ROOT,
        "%s on %s: solvers from x = 0, %s effective passes each, seed %d.", f.name(), dataset, plain(epochs), seed),
        commandLine(), List.of("trace.csv", "trace.json", "summary.json"));
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      o.println(Json.write(summary));
    } else if (!quiet) {
      o.printf(Locale.ROOT, "%s, f* = %.12g (%s)%n", f.name(), result.optimum().value(), result.optimum().method());
      for (Trace t : result.traces()) {
        TracePoint p = t.points().isEmpty() ? null : t.last();
        o.printf(Locale.ROOT, "  %-18s passes %7.2f  f(x) - f* %-11s  %8.3f s  %s%n", t.solver(),
            p == null ? 0.0 : p.passes(), p == null ? "-" : String.format(Locale.ROOT, "%.3e", p.suboptimality()),
            p == null ? 0.0 : p.seconds(), t.stopReason());
      }
    }
    if (!quiet) {
      PrintWriter e = json ? spec.commandLine().getErr() : o;
      e.println("wrote " + dir.resolve("trace.csv") + ", " + dir.resolve("trace.json") + ", " + dir.resolve("summary.json")
          + ", " + String.join(", ", written.stream().map(Path::toString).toList()));
      e.flush();
    }
    o.flush();
    return 0;
  }

  private void checkNumbers() {
    if (!Double.isFinite(mu) || mu < 0) {
      throw new UsageError("--mu must be a finite number >= 0, got " + mu);
    }
    if (problem.equals("quadratic") && !(mu > 0 && mu <= 1)) {
      throw new UsageError("--mu is the quadratic's smallest eigenvalue (its largest is 1): it must be in (0, 1], got "
          + mu);
    }
    if (!(epochs > 0) || Double.isInfinite(epochs)) {
      throw new UsageError("--epochs must be a positive number, got " + epochs);
    }
    if (!(recordsPerPass > 0) || Double.isInfinite(recordsPerPass)) {
      throw new UsageError("--records-per-pass must be a positive number, got " + recordsPerPass);
    }
    if (n < 1 || dim < 1) {
      throw new UsageError("--n and --dim must be positive integers, got " + n + " and " + dim);
    }
    if (dataset.equals("synthetic")) {
      Memory.require("--n " + n + " x --dim " + dim, Memory.times(Memory.times(n, dim), 24));
    }
    if (problem.equals("quadratic") || solvers.contains("newton")) { // a dense d x d matrix (and its factor)
      Memory.require("a " + dim + " x " + dim + " matrix (--dim " + dim + ")", Memory.times(Memory.times(dim, dim),
          24));
    }
    if (batchSize < 0) {
      throw new UsageError("--batch-size must be >= 0, got " + batchSize);
    }
    if (step != null && (!(step > 0) || Double.isInfinite(step))) {
      throw new UsageError("--step must be a positive number, got " + step);
    }
  }

  /** The solvers of {@code --solvers} (names checked by {@link SolverConfig#parseList}) with --step and --batch-size. */
  private List<SolverConfig> configs() {
    List<SolverConfig> parsed = SolverConfig.parseList(solvers);
    if (parsed.isEmpty()) {
      throw new UserError("--solvers is empty; known solvers: " + String.join(", ", SolverConfig.NAMES));
    }
    List<SolverConfig> configs = new ArrayList<>();
    for (SolverConfig c : parsed) {
      SolverConfig.Builder b = SolverConfig.builder(c.name()).batchSize(batchSize);
      if (step != null) {
        b.lr(step);
      }
      configs.add(b.build());
    }
    return configs;
  }

  private FiniteSum problem() throws IOException {
    if (problem.equals("quadratic")) {
      if (!dataset.equals("synthetic")) {
        throw new UserError("--problem quadratic is synthetic only (its spectrum is chosen); got --dataset " + dataset);
      }
      double[] spectrum = new double[dim];
      for (int j = 0; j < dim; j++) { // geometric from mu to 1: condition number 1/mu
        spectrum[j] = dim == 1 ? 1 : Math.pow(mu, 1 - (double) j / (dim - 1));
      }
      return Quadratic.withSpectrum(spectrum, n, 1.0, seed);
    }
    if (dataset.equals("synthetic")) {
      return problem.equals("logistic") ? LogisticRegression.synthetic(n, dim, 1.0, mu, seed)
          : LeastSquares.synthetic(n, dim, 1.0, 0.1, mu, seed);
    }
    if (dataset.startsWith("libsvm:")) {
      Path file = Path.of(dataset.substring(7));
      boolean logistic = problem.equals("logistic");
      LibSvmData d = LibSvm.read(file, LibSvm.options().labels(logistic ? LabelMapping.PLUS_MINUS_ONE
          : LabelMapping.AS_IS));
      return logistic ? new LogisticRegression(d.features(), d.labels(), mu) : new LeastSquares(d.features(), d.labels(),
          mu);
    }
    throw new UsageError("unknown dataset '" + dataset + "'; known: synthetic, libsvm:PATH");
  }

  /** The --json object: f*, and per solver the final effective passes, f(x) − f* and seconds. */
  static Map<String, Object> summary(Comparison.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("problem", r.problem());
    m.put("f_star", r.optimum().value());
    m.put("f_star_method", r.optimum().method());
    List<Object> list = new ArrayList<>();
    for (Trace t : r.traces()) {
      Map<String, Object> s = new LinkedHashMap<>();
      TracePoint p = t.points().isEmpty() ? null : t.last();
      s.put("name", t.solver());
      s.put("passes", p == null ? null : p.passes());
      s.put("suboptimality", p == null ? null : p.suboptimality());
      s.put("seconds", p == null ? null : p.seconds());
      s.put("stop", t.stopReason());
      list.add(s);
    }
    m.put("solvers", list);
    return m;
  }

  private String commandLine() {
    StringBuilder sb = new StringBuilder("sgd4j finite-sum --problem ").append(problem).append(" --dataset ")
        .append(dataset);
    if (dataset.equals("synthetic")) {
      sb.append(" --n ").append(n).append(" --dim ").append(dim);
    }
    sb.append(" --mu ").append(plain(mu)).append(" --solvers ").append(solvers);
    if (step != null) {
      sb.append(" --step ").append(plain(step));
    }
    if (batchSize > 0) {
      sb.append(" --batch-size ").append(batchSize);
    }
    return sb.append(" --epochs ").append(plain(epochs)).append(" --seed ").append(seed).toString();
  }

  private static String plain(double v) {
    return SweepCommand.plain(v);
  }
}
