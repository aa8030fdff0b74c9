package org.sgd4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.sgd4j.data.DataLoader;
import org.sgd4j.data.DatasetRegistry;
import org.sgd4j.data.Split;
import org.sgd4j.data.TensorDataset;
import org.knowm.xchart.XYChart;
import org.sgd4j.io.AtomicFile;
import org.sgd4j.io.Json;
import org.sgd4j.lab.LearningCurve;
import org.sgd4j.lab.RunReport;
import org.sgd4j.io.SafeTensors;
import org.sgd4j.io.SafeTensorsFile;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.train.Checkpointing;
import org.sgd4j.train.EarlyStopping;
import org.sgd4j.train.HistoryRow;
import org.sgd4j.train.LossTrace;
import org.sgd4j.train.MetricsExport;
import org.sgd4j.train.RunStatus;
import org.sgd4j.train.TrainResult;
import org.sgd4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sgd4j train}: the notes' first training script by default (Fashion-MNIST, the
 * 784-512-512-10 MLP, cross-entropy, SGD lr 1e-3 momentum 0.5, batch 16, 10 epochs), any model,
 * dataset and optimizer by flags. It prints the PyTorch quickstart's log on stdout, a progress line
 * per epoch on stderr, and writes {@code metrics.csv}, {@code metrics.json}, the final weights
 * ({@code model.safetensors}), a checkpoint directory ({@code checkpoint/}, every epoch and every
 * {@code --checkpoint-every} steps), every step's loss ({@code trace.csv}), the learning curve
 * ({@code loss.png}, {@code loss.svg}), the test accuracy ({@code accuracy.png}, {@code accuracy.svg},
 * for a classifier) and a one-page {@code report.html} with both into {@code --out}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, version = "sgd4j 0.1.0",
    description = "Train a model with an SGD-family optimizer (default: the notes' first training script).")
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", defaultValue = "mlp", description = "mlp, lenet, cifar-net, linear, logistic, or a layer"
      + " spec such as \"flatten linear(128) relu linear(10)\" (input sizes inferred; default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--loss", description = "cross-entropy, nll, bce-with-logits, mse, l1, huber, smooth-l1 (default:"
      + " cross-entropy for class labels, mse for real-number targets)")
  String loss;

  @Option(names = "--label-smoothing", description = "cross-entropy label smoothing ε in [0, 1] (default 0)")
  Double labelSmoothing;

  @Option(names = "--huber-delta", description = "huber δ (default 1)")
  Double huberDelta;

  @Option(names = "--smooth-l1-beta", description = "smooth-l1 β (default 1)")
  Double smoothL1Beta;

  @Option(names = "--dataset", defaultValue = "fashion-mnist",
      description = "fashion-mnist, mnist, cifar10, airfoil, libsvm:PATH, csv:PATH, synthetic:{linear,logistic,"
          + "separable,noisy} (default: ${DEFAULT-VALUE})")
  String dataset;

  @Option(names = "--data-dir", description = "look for the dataset here first (DIR/<name> or DIR)")
  Path dataDir;

  @Option(names = "--no-download", description = "never download a missing dataset")
  boolean noDownload;

  @Option(names = "--optimizer", defaultValue = "sgd",
      description = "sgd, adam, adamw, rmsprop, adagrad, adadelta, nadam, yogi, lars (default: ${DEFAULT-VALUE})")
  String optimizer;

  @Option(names = "--lr", description = "learning rate (default: the optimizer's; sgd: 1e-3)")
  Double lr;

  @Option(names = "--momentum", description = "momentum (sgd default 0.5; rmsprop, lars)")
  Double momentum;

  @Option(names = "--dampening", description = "sgd dampening")
  Double dampening;

  @Option(names = "--weight-decay", description = "L2 penalty (decoupled for adamw)")
  Double weightDecay;

  @Option(names = "--nesterov", arity = "0..1", fallbackValue = "true", description = "sgd Nesterov momentum")
  Boolean nesterov;

  @Option(names = "--beta1", description = "first-moment decay (adam, adamw, nadam, yogi)")
  Double beta1;

  @Option(names = "--beta2", description = "second-moment decay (adam, adamw, nadam, yogi)")
  Double beta2;

  @Option(names = "--eps", description = "the epsilon of the denominator")
  Double eps;

  @Option(names = "--amsgrad", arity = "0..1", fallbackValue = "true", description = "adam/adamw AMSGrad")
  Boolean amsgrad;

  @Option(names = "--alpha", description = "rmsprop smoothing constant")
  Double alpha;

  @Option(names = "--centered", arity = "0..1", fallbackValue = "true", description = "centered rmsprop")
  Boolean centered;

  @Option(names = "--rho", description = "adadelta decay")
  Double rho;

  @Option(names = "--lr-schedule", description = "a learning-rate schedule: " + Schedules.HELP)
  String lrSchedule;

  @Option(names = "--early-stopping", description = "stop after N epochs without a lower test loss")
  Integer earlyStopping;

  @Option(names = "--batch-size", defaultValue = "16", description = "examples per mini-batch (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--epochs", defaultValue = "10", description = "passes over the training set (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--seed", defaultValue = "0", description = "seed of the initialisation and of the shuffling (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--threads", description = "worker threads of the kernels (default: all cores)")
  Integer threads;

  @Option(names = "--workers", defaultValue = "1",
      description = "M data-parallel workers, each with a batch of --batch-size; gradients averaged, one step with"
          + " batch M*B (default: ${DEFAULT-VALUE})")
  int workers;

  @Option(names = "--spark-master", description = "train on Apache Spark: local[2], spark://HOST:7077, yarn, ..."
      + " (Spark comes from spark-submit; see sgd4j-spark/README.md)")
  String sparkMaster;

  @Option(names = "--spark-checkpoint-dir", description = "with --spark-master: Hadoop path or URI of the driver"
      + " checkpoints (default: OUT/spark-checkpoint); a rerun resumes from the latest one")
  String sparkCheckpointDir;

  @Option(names = "--out", description = "output directory (default: runs/<date>-<time>)")
  Path out;

  @Option(names = "--checkpoint-every", defaultValue = "0",
      description = "also checkpoint every N steps (checkpoints are always written at epoch ends)")
  long checkpointEvery;

  @Option(names = "--resume", description = "continue the run saved in this checkpoint directory (e.g. OUT/checkpoint)")
  Path resume;

  @Option(names = "--init", description = "initial weights from a safetensors file, matched by parameter name")
  Path init;

  @Option(names = "--save", description = "write the final weights here (default: OUT/model.safetensors)")
  Path save;

  @Option(names = "--no-shuffle", description = "visit the training examples in order")
  boolean noShuffle;

  @Option(names = "--train-limit", description = "use only the first N training examples")
  Integer trainLimit;

  @Option(names = "--test-limit", description = "use only the first N test examples")
  Integer testLimit;

  @Option(names = "--log-every", defaultValue = "100", description = "print the loss every N batches (default: ${DEFAULT-VALUE})")
  int logEvery;

  @Option(names = "--progress-every", defaultValue = "0", description = "also print a progress line every N batches")
  int progressEvery;

  @Option(names = "--json", description = "print one JSON object with the results on stdout (the log goes to stderr)")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "print nothing but errors (and --json)")
  boolean quiet;

  @Mixin VerboseOption verbosity;

  /** The loss in use (--loss or the task's default), for the run's record. */
  private String lossName;

  /** Keys the back end adds to the {@code --json} summary (the Spark path: backend, master). */
  Map<String, Object> backendSummary = Map.of();

  @Override
  public Integer call() throws IOException {
    checkNumbers();
    if (quiet) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    if (threads != null) {
      // read by org.sgd4j.tensor.kernel.Parallel when the kernels start
      System.setProperty("sgd4j.threads", Integer.toString(threads));
    }
    Function<List<Tensor>, Optimizer<?>> optimizerFactory = Optimizers.factory(optimizer, new Optimizers.Flags(lr,
        momentum, dampening, weightDecay, nesterov, beta1, beta2, eps, amsgrad, alpha, centered, rho));
    Models.check(model);
    Losses.Flags lossFlags = new Losses.Flags(labelSmoothing, huberDelta, smoothL1Beta);
    Losses.check(loss, lossFlags);
    if (sparkMaster != null && loss != null) {
      throw new UserError("--loss is not supported with --spark-master (Spark trains with the default loss:"
          + " cross-entropy for class labels, mse for real-number targets)");
    }
    Path outDir = prepareOut();
    Thread warmUp = new Thread(LearningCurve::warmUp, "sgd4j-plot-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    PrintStream log = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true,
        java.nio.charset.StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new WriterOutputStream(spec.commandLine().getErr()), true,
        java.nio.charset.StandardCharsets.UTF_8);
    PrintStream human = json ? err : log;

    DatasetRegistry registry = DatasetRegistry.standard().withDataDir(dataDir).withDownload(!noDownload);
    TensorDataset train = limit(registry.load(dataset, Split.TRAIN), trainLimit, "--train-limit");
    TensorDataset test = limit(loadTest(registry), testLimit, "--test-limit");
    Task task = Task.of(train, test);
    if (model.equals("logistic") && task.regression()) {
      throw new UserError("model logistic needs class labels, but the dataset's targets are real numbers"
          + " (use --model linear for regression)");
    }
    Losses objective = Losses.of(loss, lossFlags, task.regression() ? 0 : task.outputs());
    lossName = objective.name();
    if (objective.classIndices() || objective.binary()) {
      train = task.targets(train);
      test = task.targets(test);
    }
    Module net = Models.create(model, train.xShape(), objective.classIndices() ? task.outputs() : 1,
        objective.oneOutput(), new Rng(seed));
    if (init != null) {
      loadInit(net, err);
    }
    Loss lossFn = objective.loss();
    if (objective.name().equals("nll") && !quiet && !net.toString().contains("LogSoftmax")) {
      err.println(spec.qualifiedName() + ": warning: --loss nll expects log-probabilities, but the model does not"
          + " end with logsoftmax");
    }
    if (sparkMaster != null) {
      return SparkTrain.run(this, train, test, net, task.outputs(), task.regression(), optimizerFactory, outDir, log, human);
    }
    Optimizer<?> opt = optimizerFactory.apply(net.parameters());
    DataLoader trainLoader = DataLoader.of(train).batchSize(batchSize).shuffle(!noShuffle).seed(seed).build();
    DataLoader testLoader = test == null ? null : DataLoader.of(test).batchSize(batchSize).build();

    Map<String, Object> config = config(train, test, net);
    Trainer.Builder b = Trainer.builder(net, lossFn, opt, trainLoader).test(testLoader).epochs(epochs).config(config)
        .workers(workers);
    ProgressBarLog.addTo(b, quiet, json, human, err, logEvery, progressEvery);
    if (lrSchedule != null) {
      b.callback(Schedules.create(lrSchedule, opt, epochs * trainLoader.numBatches()));
    }
    if (earlyStopping != null) {
      b.callback(new EarlyStopping(earlyStopping, 0));
    }
    // every step's loss (the curves are drawn against samples seen, smoothed); before Checkpointing, so that a
    // checkpoint includes this step's loss
    LossTrace trace = new LossTrace(1);
    b.callback(trace);
    b.callback(new Checkpointing(outDir.resolve("checkpoint"), checkpointEvery));
    b.callback(new MetricsExport(outDir));
    Trainer trainer = b.build();
    if (resume != null) {
      trainer.resume(resume);
    }
    if (!quiet) {
      err.println(header(train, test, net, opt, outDir, trainer));
      if (verbosity.verbose) {
        err.println(net);
      }
    }
    java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    Thread hook = stopOnSignal(trainer, finished, err);
    try {
      TrainResult result = trainer.fit();
      return finish(result, net, outDir, trace, config, log, err);
    } finally {
      finished.countDown(); // lets a signal handler waiting for the results end the JVM
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running and has just been released
      }
    }
  }

  /**
   * On Ctrl-C (SIGINT) or SIGTERM the run stops after the current step and writes its checkpoint,
   * metrics and weights before the JVM exits (waiting up to 60 s), so that it can be resumed.
   */
  private Thread stopOnSignal(Trainer trainer, java.util.concurrent.CountDownLatch finished, PrintStream err) {
    Thread hook = new Thread(() -> {
      trainer.requestStop("interrupted by a signal");
      err.println(spec.qualifiedName() + ": stopping after the current step and saving a checkpoint...");
      try {
        finished.await(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sgd4j-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /** Writes the weights, pictures and JSON summary; the exit status. */
  int finish(TrainResult result, Module net, Path outDir, LossTrace trace, Map<String, Object> config,
      PrintStream log, PrintStream err) throws IOException {
    Path weights = save != null ? save : outDir.resolve("model.safetensors");
    SafeTensors.write(weights, net.stateDict(), Map.of("format", "pt"));
    List<Path> pictures = pictures(outDir, trace, result, config, err);
    if (json) {
      log.println(Json.write(summary(result)));
    }
    if (result.status() == RunStatus.DIVERGED) {
      err.println(spec.qualifiedName() + ": diverged: " + result.message() + " (history so far in "
          + outDir.resolve(MetricsExport.CSV) + ")");
      return Main.EXIT_DIVERGED;
    }
    if (!quiet) {
      StringBuilder wrote = new StringBuilder("wrote ").append(outDir.resolve(MetricsExport.CSV)).append(", ")
          .append(outDir.resolve(MetricsExport.JSON)).append(", ").append(weights);
      pictures.forEach(p -> wrote.append(", ").append(p));
      err.println(wrote + (result.status() == RunStatus.STOPPED ? " (" + result.message() + ")" : ""));
    }
    return 0;
  }

  /** trace.csv, loss.png, loss.svg and report.html; a failure to draw is a warning, the run is kept. */
  private List<Path> pictures(Path outDir, LossTrace trace, TrainResult result, Map<String, Object> config,
      PrintStream err) {
    List<Path> written = new java.util.ArrayList<>();
    try {
      Path csv = outDir.resolve("trace.csv");
      AtomicFile.writeString(csv, trace.toCsv());
      written.add(csv);
      XYChart chart = LearningCurve.chart(title(), trace.points(), result.history());
      written.addAll(LearningCurve.write(chart, outDir, "loss"));
      List<RunReport.Figure> figures = new java.util.ArrayList<>(List.of(new RunReport.Figure(
          LearningCurve.svgBytes(chart), "Loss against samples seen: every step's training loss, its EMA, and the"
          + " test loss at each epoch's end (loss.png, loss.svg).")));
      XYChart accuracy = LearningCurve.accuracyChart(title(), result.history());
      if (accuracy != null) {
        written.addAll(LearningCurve.write(accuracy, outDir, "accuracy"));
        figures.add(new RunReport.Figure(LearningCurve.svgBytes(accuracy), "Test accuracy at each epoch's end"
            + " (accuracy.png, accuracy.svg)."));
      }
      written.add(RunReport.write(outDir, title(), config, result, figures));
    } catch (IOException | RuntimeException | Error e) {
      err.println(spec.qualifiedName() + ": warning: could not write the plots and report: " + e);
      if (verbosity.verbose) {
        e.printStackTrace(err);
      }
    }
    return written;
  }

  private void checkNumbers() {
    positive("--batch-size", batchSize);
    positive("--epochs", epochs);
    positive("--log-every", logEvery);
    positive("--workers", workers);
    if (progressEvery < 0) {
      throw new UserError("--progress-every must be >= 0, got " + progressEvery);
    }
    if (checkpointEvery < 0) {
      throw new UserError("--checkpoint-every must be >= 0, got " + checkpointEvery);
    }
    if (threads != null) {
      positive("--threads", threads);
    }
    if (earlyStopping != null) {
      positive("--early-stopping", earlyStopping);
    }
    if (trainLimit != null) {
      positive("--train-limit", trainLimit);
    }
    if (testLimit != null) {
      positive("--test-limit", testLimit);
    }
  }

  private static void positive(String flag, long value) {
    if (value < 1) {
      throw new UserError(flag + " must be a positive integer, got " + value);
    }
  }

  private Path prepareOut() {
    Path dir = out != null ? out
        : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UserError("cannot create the output directory " + dir + " (" + Main.describe(e) + ")", e);
    }
    if (!Files.isWritable(dir)) {
      throw new UserError("the output directory " + dir + " is not writable");
    }
    return dir;
  }

  private TensorDataset loadTest(DatasetRegistry registry) throws IOException {
    try {
      return registry.load(dataset, Split.TEST);
    } catch (IllegalArgumentException | UnsupportedOperationException noTestSplit) {
      return null; // e.g. airfoil has only a training split: no test loop
    }
  }

  private static TensorDataset limit(TensorDataset d, Integer n, String flag) {
    if (d == null || n == null || n >= d.size()) {
      return d;
    }
    return new TensorDataset(d.x().narrow(0, 0, n), d.y().narrow(0, 0, n));
  }

  private void loadInit(Module net, PrintStream err) throws IOException {
    SafeTensorsFile f = SafeTensors.read(init);
    Module.LoadResult r;
    try {
      r = net.loadStateDict(f.tensors(), false);
    } catch (IllegalArgumentException e) {
      throw new UserError("--init " + init + " does not fit model " + model + ": "
          + e.getMessage().replace(":\n\t", ": ").replace("\n\t", "; "), e);
    }
    int loaded = net.stateDict().size() - r.missingKeys().size();
    if (loaded == 0) {
      throw new UserError("--init " + init + " has no tensor named like a parameter of model " + model + " (it has "
          + f.tensors().keySet() + ", the model has " + net.stateDict().keySet() + ")");
    }
    if (!quiet && (!r.missingKeys().isEmpty() || !r.unexpectedKeys().isEmpty())) {
      err.println("--init: loaded " + loaded + " tensors; kept the initialisation of " + r.missingKeys()
          + "; ignored " + r.unexpectedKeys());
    }
  }

  Map<String, Object> config(TensorDataset train, TensorDataset test, Module net) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model", model);
    c.put("loss", lossName);
    c.put("dataset", dataset);
    c.put("train_size", train.size());
    c.put("test_size", test == null ? 0 : test.size());
    c.put("parameters", net.parameterCount());
    c.put("optimizer", optimizer);
    Map<String, Object> hyper = new LinkedHashMap<>();
    new Optimizers.Flags(lr, momentum, dampening, weightDecay, nesterov, beta1, beta2, eps, amsgrad, alpha, centered,
        rho).given().forEach((k, v) -> hyper.put(k.substring(2), v));
    c.put("optimizer_flags", hyper);
    c.put("optimizer_settings", settings());
    c.put("batch_size", batchSize);
    c.put("workers", workers);
    c.put("epochs", epochs);
    c.put("seed", seed);
    c.put("shuffle", !noShuffle);
    c.put("lr_schedule", lrSchedule);
    c.put("early_stopping", earlyStopping);
    c.put("title", title());
    return c;
  }

  /**
   * The run's title in the notes' style, {@code Optimizer-SGD lr-0.001 mt-0.5 bs-16}, with the
   * hyper-parameters the optimizer uses (e.g. Adagrad's default lr 0.01).
   */
  String title() {
    return OptimizerSettings.title(optimizer, settings(), batchSize);
  }

  /** The optimizer's options as it uses them, defaults filled in. */
  private Map<String, Object> settings() {
    return OptimizerSettings.of(Optimizers.factory(optimizer, new Optimizers.Flags(lr, momentum, dampening,
        weightDecay, nesterov, beta1, beta2, eps, amsgrad, alpha, centered, rho)));
  }

  private String header(TensorDataset train, TensorDataset test, Module net, Optimizer<?> opt, Path outDir,
      Trainer trainer) {
    return String.format(Locale.ROOT, "sgd4j train: %s (%d train, %s test), model %s (%d parameters), %s, %d epoch%s%s"
            + " -> %s", dataset, train.size(), test == null ? "no" : Integer.toString(test.size()), model,
        net.parameterCount(), title(), epochs, epochs == 1 ? "" : "s",
        resume == null ? "" : ", resuming at step " + trainer.step(), outDir);
  }

  private Map<String, Object> summary(TrainResult r) {
    HistoryRow last = r.last();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", r.status().label());
    m.put("epochs", r.history().size());
    m.put("steps", r.steps());
    m.put("train_loss", last == null ? Double.NaN : last.trainLoss());
    m.put("test_loss", last == null ? Double.NaN : last.testLoss());
    m.put("test_accuracy", last == null ? Double.NaN : last.testAccuracy());
    m.put("seconds", r.seconds());
    m.put("samples_per_second", r.samplesPerSecond());
    if (!r.message().isEmpty()) {
      m.put("message", r.message());
    }
    m.putAll(backendSummary);
    return m;
  }

  /**
   * Classification (labels 0..k-1, or the ±1 labels of LIBSVM and the synthetic problems, read as
   * 0 for -1 and 1 for +1) or regression (real targets), from the targets.
   */
  record Task(boolean regression, int outputs, boolean plusMinusOne) {
    static Task of(TensorDataset train, TensorDataset test) {
      if (train.yShape().length != 0) {
        throw new UserError("targets of shape " + java.util.Arrays.toString(train.yShape())
            + " per example are not supported: sgd4j train needs one class label or one real number per example");
      }
      int max = 0;
      boolean labels = true;
      boolean pm = true;
      for (TensorDataset d : new TensorDataset[] {train, test}) {
        if (d == null) {
          continue;
        }
        for (float y : d.y().toArray()) {
          pm &= y == -1 || y == 1;
          if (y < 0 || y != Math.rint(y) || y > 1_000_000) {
            labels = false;
          } else {
            max = Math.max(max, (int) y);
          }
        }
      }
      if (pm) {
        return new Task(false, 2, true);
      }
      return labels ? new Task(false, Math.max(2, max + 1), false) : new Task(true, 1, false);
    }

    /** The dataset with -1 read as class 0 when the labels are ±1; else unchanged. */
    TensorDataset targets(TensorDataset d) {
      if (d == null || !plusMinusOne) {
        return d;
      }
      float[] y = d.y().toArray();
      for (int i = 0; i < y.length; i++) {
        y[i] = y[i] > 0 ? 1 : 0;
      }
      return new TensorDataset(d.x(), Tensor.wrap(y, y.length));
    }
  }
}
