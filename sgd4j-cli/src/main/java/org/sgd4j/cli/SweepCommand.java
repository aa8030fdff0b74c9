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
import org.sgd4j.io.Json;
import org.sgd4j.io.JsonException;
import org.sgd4j.lab.sweep.SweepReport;
import org.sgd4j.lab.sweep.SweepRun;
import org.sgd4j.train.LossTrace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sgd4j sweep}: the notes' hyper-parameter demos — a grid over optimizer, batch size,
 * learning rate and momentum, each point one {@code sgd4j train} run (the very same command, run
 * in-process, so every run is exactly what {@code sgd4j train} with those flags would do), then one
 * overlaid loss-versus-samples figure and a summary table (CSV, Markdown, HTML) with diverged runs
 * marked. Presets: {@code sgd-batch} (SGD, batch 16/64/256), {@code sgd-lr} (lr 10/0.1/0.001),
 * {@code sgd-momentum} (momentum 0/0.5/0.9), {@code adam-batch} (Adam, batch 16/64/256) and
 * {@code adam-lr} (Adam, lr 0.1/0.01/0.001/1e-5); the axis flags replace a preset's axis, or make a
 * custom grid.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false, version = "sgd4j 0.1.0",
    description = "Train over a grid of optimizers, batch sizes, learning rates and momenta; overlay the curves.")
final class SweepCommand implements Callable<Integer> {
  /** The notes' demos. */
  static final Map<String, Grid> PRESETS = new LinkedHashMap<>();

  static {
    PRESETS.put("sgd-batch", new Grid(List.of("sgd"), List.of(16, 64, 256), List.of(1e-3), List.of(0.5)));
    PRESETS.put("sgd-lr", new Grid(List.of("sgd"), List.of(16), List.of(10.0, 0.1, 0.001), List.of(0.5)));
    PRESETS.put("sgd-momentum", new Grid(List.of("sgd"), List.of(16), List.of(1e-3), List.of(0.0, 0.5, 0.9)));
    PRESETS.put("adam-batch", new Grid(List.of("adam"), List.of(16, 64, 256), List.of(1e-3), List.of()));
    PRESETS.put("adam-lr", new Grid(List.of("adam"), List.of(16), List.of(0.1, 0.01, 0.001, 1e-5), List.of()));
  }

  /** The axes of a grid; an empty momentum list means "the optimizer's default". */
  record Grid(List<String> optimizers, List<Integer> batchSizes, List<Double> lrs, List<Double> momenta) {
    /** The grid's points, optimizer outermost; momentum only for the optimizers that have it. */
    List<Point> points() {
      List<Point> points = new ArrayList<>();
      for (String o : optimizers) {
        boolean hasMomentum = Optimizers.FLAGS.containsKey(o) && Optimizers.FLAGS.get(o).contains("--momentum");
        List<Double> ms = hasMomentum && !momenta.isEmpty() ? momenta : java.util.Collections.singletonList(null);
        for (int b : batchSizes) {
          for (double lr : lrs) {
            for (Double m : ms) {
              points.add(new Point(o, b, lr, m));
            }
          }
        }
      }
      return points;
    }
  }

  /** One run of the grid. */
  record Point(String optimizer, int batchSize, double lr, Double momentum) {
    /** The notes' title with the settings the optimizer uses: {@code Optimizer-SGD lr-0.001 mt-0.5 bs-16}. */
    String title() {
      return OptimizerSettings.title(optimizer, OptimizerSettings.of(Optimizers.factory(optimizer,
          new Optimizers.Flags(lr, momentum, null, null, null, null, null, null, null, null, null, null))), batchSize);
    }

    /** A directory name: {@code sgd-lr0.001-mt0.5-bs16}. */
    String dirName() {
      return optimizer + "-lr" + plain(lr) + (momentum == null ? "" : "-mt" + plain(momentum)) + "-bs" + batchSize;
    }

    List<String> flags() {
      List<String> f = new ArrayList<>(List.of("--optimizer", optimizer, "--batch-size", Integer.toString(batchSize),
          "--lr", Double.toString(lr)));
      if (momentum != null) {
        f.addAll(List.of("--momentum", Double.toString(momentum)));
      }
      return f;
    }
  }

  @Spec CommandSpec spec;

  @Option(names = "--preset", description = "sgd-batch, sgd-lr, sgd-momentum, adam-batch, adam-lr")
  String preset;

  @Option(names = "--optimizers", split = ",", description = "optimizers of the grid, e.g. sgd,adam")
  List<String> optimizers;

  @Option(names = "--batch-sizes", split = ",", description = "batch sizes of the grid, e.g. 16,64,256")
  List<Integer> batchSizes;

  @Option(names = "--lrs", split = ",", description = "learning rates of the grid, e.g. 0.1,0.01")
  List<Double> lrs;

  @Option(names = "--momenta", split = ",", description = "momenta of the grid (for sgd, rmsprop, lars), e.g. 0,0.9")
  List<Double> momenta;

  @Option(names = "--model", defaultValue = "mlp", description = "as sgd4j train (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "as sgd4j train (default: ${DEFAULT-VALUE})")
  String dataset;

  @Option(names = "--data-dir", description = "look for the dataset here first")
  Path dataDir;

  @Option(names = "--no-download", description = "never download a missing dataset")
  boolean noDownload;

  @Option(names = "--epochs", defaultValue = "10", description = "epochs of every run (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--train-limit", description = "every run uses only the first N training examples")
  Integer trainLimit;

  @Option(names = "--test-limit", description = "every run uses only the first N test examples")
  Integer testLimit;

  @Option(names = "--seed", defaultValue = "0", description = "seed of every run (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--log-every", defaultValue = "100", description = "a curve point every N batches (default: ${DEFAULT-VALUE})")
  int logEvery;

  @Option(names = "--out", description = "output directory (default: runs/sweep-<date>-<time>); run i in OUT/<run>")
  Path out;

  @Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
  boolean quiet;

  @Mixin VerboseOption verbosity;

  @Override
  public Integer call() throws IOException {
    Grid grid = grid();
    List<Point> points = grid.points();
    for (Point p : points) { // refuse a bad optimizer or value before the first run
      Optimizers.factory(p.optimizer(), new Optimizers.Flags(p.lr(), p.momentum(), null, null, null, null, null, null,
          null, null, null, null));
    }
    if (epochs < 1 || logEvery < 1 || (trainLimit != null && trainLimit < 1) || (testLimit != null && testLimit < 1)) {
      throw new UserError("--epochs, --log-every, --train-limit and --test-limit must be positive integers");
    }
    Path dir = out != null ? out : Path.of("runs", "sweep-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
    PrintWriter log = spec.commandLine().getOut();
    List<SweepRun> runs = new ArrayList<>();
    List<String> links = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      if (!quiet) {
        log.printf(Locale.ROOT, "[%d/%d] %s%n", i + 1, points.size(), p.title());
        log.flush();
      }
      SweepRun r = run(p, dir.resolve(p.dirName()));
      runs.add(r);
      links.add(p.dirName() + "/report.html");
      if (!quiet) {
        log.printf(Locale.ROOT, "      %s: train loss %s, test loss %s, test accuracy %s%s%n", r.status(),
            fmt(r.trainLoss()), fmt(r.testLoss()),
            Double.isNaN(r.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * r.testAccuracy()),
            r.note().isEmpty() ? "" : " (" + r.note() + ")");
        log.flush();
      }
    }
    String title = preset != null ? "sweep " + preset : "sweep";
    String description = String.format(Locale.ROOT, "%d runs of sgd4j train: model %s on %s, %d epoch%s, seed %d%s%s.",
        runs.size(), model, dataset, epochs, epochs == 1 ? "" : "s", seed,
        trainLimit == null ? "" : ", first " + trainLimit + " training examples",
        testLimit == null ? "" : ", first " + testLimit + " test examples");
    List<Path> written = SweepReport.write(dir, title, description, runs, links);
    if (!quiet) {
      log.print(SweepReport.markdown(runs));
      log.println("wrote " + written.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""));
      log.flush();
    }
    return 0;
  }

  /** The preset's axes, each replaced by its flag when given; without a preset every axis needs a flag or a default. */
  Grid grid() {
    Grid base;
    if (preset != null) {
      base = PRESETS.get(preset);
      if (base == null) {
        throw new UserError("unknown preset '" + preset + "'; known: " + String.join(", ", PRESETS.keySet()));
      }
    } else {
      if (optimizers == null && batchSizes == null && lrs == null && momenta == null) {
        throw new UserError("give a --preset (" + String.join(", ", PRESETS.keySet())
            + ") or the axes of a grid (--optimizers, --batch-sizes, --lrs, --momenta)");
      }
      base = new Grid(List.of("sgd"), List.of(16), List.of(1e-3), List.of());
    }
    Grid g = new Grid(optimizers != null ? optimizers : base.optimizers(),
        batchSizes != null ? batchSizes : base.batchSizes(), lrs != null ? lrs : base.lrs(),
        momenta != null ? momenta : base.momenta());
    for (int b : g.batchSizes()) {
      if (b < 1) {
        throw new UserError("--batch-sizes must be positive integers, got " + b);
      }
    }
    return g;
  }

  /** One {@code sgd4j train} run, in-process; its JSON summary and trace.csv make the sweep's row and curve. */
  private SweepRun run(Point p, Path runDir) throws IOException {
    List<String> args = new ArrayList<>(List.of("train", "--model", model, "--dataset", dataset, "--epochs",
        Integer.toString(epochs), "--seed", Long.toString(seed), "--log-every", Integer.toString(logEvery), "--out",
        runDir.toString(), "--json", "-q"));
    args.addAll(p.flags());
    if (dataDir != null) {
      args.addAll(List.of("--data-dir", dataDir.toString()));
    }
    if (noDownload) {
      args.add("--no-download");
    }
    if (trainLimit != null) {
      args.addAll(List.of("--train-limit", trainLimit.toString()));
    }
    if (testLimit != null) {
      args.addAll(List.of("--test-limit", testLimit.toString()));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine train = Main.commandLine();
    train.setOut(new PrintWriter(out, true));
    train.setErr(new PrintWriter(err, true));
    int exit = train.execute(args.toArray(String[]::new));
    if (exit != 0 && exit != Main.EXIT_DIVERGED) {
      String message = err.toString().strip();
      int nl = message.indexOf('\n');
      throw new UserError("run " + p.title() + " failed: " + (nl < 0 ? message : message.substring(0, nl)));
    }
    Map<?, ?> m;
    try {
      m = (Map<?, ?>) Json.parse(out.toString().strip());
    } catch (JsonException | ClassCastException e) {
      throw new IllegalStateException("run " + p.title() + " printed no JSON summary: " + out, e);
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("optimizer", p.optimizer());
    settings.put("batch_size", p.batchSize());
    settings.put("lr", p.lr());
    if (p.momentum() != null) {
      settings.put("momentum", p.momentum());
    }
    return SweepRun.of(p.title(), settings, String.valueOf(m.get("status")),
        m.containsKey("message") ? String.valueOf(m.get("message")) : "", ((Number) m.get("steps")).longValue(),
        Json.asDouble(m.get("train_loss")), Json.asDouble(m.get("test_loss")), Json.asDouble(m.get("test_accuracy")),
        trace(runDir.resolve("trace.csv")));
  }

  private static List<LossTrace.Point> trace(Path csv) throws IOException {
    List<LossTrace.Point> points = new ArrayList<>();
    if (!Files.exists(csv)) {
      return points;
    }
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      points.add(new LossTrace.Point(Long.parseLong(f[0]), Double.parseDouble(f[1])));
    }
    return points;
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  static String plain(double v) {
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
