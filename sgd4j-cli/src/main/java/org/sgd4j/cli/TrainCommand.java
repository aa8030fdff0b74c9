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
import org.sgd4j.tensor.kernel.Parallel;
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
 *
 * <p>Nothing is silent: flags are checked before any data is read (exit 2); {@code --out} is a
 * {@link RunDirectory} (no run overwritten, one writer at a time); a resumed run continues exactly
 * what its checkpoint recorded ({@link ResumeCheck}); the task is stated ({@link TrainingTask}) and
 * the data checked ({@link DataChecks}); the run prints and records the directory it read and its
 * test split ("no test split" rather than the training data); the checkpoint directory and
 * {@code --save} are checked before training, and the history is written before a checkpoint.
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

  @Option(names = "--task", description = "classify or regress (default: what the dataset declares; a csv: file"
      + " needs it)")
  String task;

  @Option(names = "--test-fraction", description = "hold out this fraction of the training set (seeded by --seed) as"
      + " the test split, for a dataset without one")
  Double testFraction;

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

  @Option(names = "--overwrite", description = "write into an --out that already holds a run, replacing its results")
  boolean overwrite;

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

  /** The task and data registry of the run in progress (for {@link #config}). */
  private TrainingTask runTask;
  private DatasetRegistry runRegistry;

  /** The loss in use (--loss or the task's default), for the run's record. */
  private String lossName;

  /** Keys the back end adds to the {@code --json} summary (the Spark path: backend, master). */
  Map<String, Object> backendSummary = Map.of();

  @Override
  public Integer call() throws IOException {
    checkNumbers();
    ResumeCheck resumed = null; // before anything else reads the flags: a resumed run takes the checkpoint's
    if (resume != null) {
      resumed = ResumeCheck.read(resume);
      resumed.apply(this, spec.commandLine().getParseResult());
      try {
        checkNumbers(); // the values taken from the checkpoint
      } catch (UsageError e) {
        throw new UserError("--resume " + resume + ": the checkpoint's configuration does not hold: " + e.getMessage());
      }
    }
    if (quiet) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    if (threads != null) {
      Parallel.setThreads(threads);
    }
    Function<List<Tensor>, Optimizer<?>> optimizerFactory = flagValue(() -> Optimizers.factory(optimizer, flags()));
    flagValue(() -> {
      Models.check(model);
      return null;
    });
    Losses.Flags lossFlags = new Losses.Flags(labelSmoothing, huberDelta, smoothL1Beta);
    flagValue(() -> {
      Losses.check(loss, lossFlags);
      return null;
    });
    if (sparkMaster != null && loss != null) {
      throw new UsageError("--loss is not supported with --spark-master (Spark trains with the default loss:"
          + " cross-entropy for class labels, mse for real-number targets)");
    }
    String declaredTask = TrainingTask.declared(task, dataset);
    if (lrSchedule != null) { // its parameters checked now, not after the data has loaded
      flagValue(() -> Schedules.create(lrSchedule, optimizerFactory.apply(List.of(Tensor.zeros(1).requiresGrad_())),
          1));
    }
    if (!dataset.contains(":")) {
      flagValue(() -> DatasetRegistry.standard().spec(dataset)); // a known name
    }
    Path outPath = out != null ? out
        : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
    // a Spark run continues in its --out from the latest Spark checkpoint there
    boolean replaceable = overwrite || sparkMaster != null && Files.isDirectory(outPath.resolve("spark-checkpoint"));
    RunDirectory.checkNotARun(outPath, replaceable, resume);
    Thread warmUp = new Thread(LearningCurve::warmUp, "sgd4j-plot-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    PrintStream log = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true,
        java.nio.charset.StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new WriterOutputStream(spec.commandLine().getErr()), true,
        java.nio.charset.StandardCharsets.UTF_8);
    PrintStream human = json ? err : log;

    DatasetRegistry registry = DatasetRegistry.standard().withDataDir(dataDir).withDownload(!noDownload)
        .withWarnings(w -> err.println(spec.qualifiedName() + ": " + w));
    TrainData data = TrainData.load(registry, dataset, declaredTask, testFraction, seed, trainLimit, testLimit);
    TensorDataset train = data.train();
    TensorDataset test = data.test();
    TrainingTask task = data.task();
    runTask = task;
    runRegistry = registry;
    if (resumed != null) {
      resumed.checkTrainSize(train.size());
    }
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
    int outputs = objective.classIndices() ? task.outputs() : 1;
    Memory.require("model " + model + " for inputs of shape " + java.util.Arrays.toString(train.xShape()) + " and "
        + outputs + " outputs", Models.bytes(model, train.xShape(), outputs));
    Memory.require("--workers " + workers + " replicas of model " + model, Memory.times(workers,
        Models.bytes(model, train.xShape(), outputs)));
    Module net = Models.create(model, train.xShape(), outputs, objective.oneOutput(), new Rng(seed));
    if (init != null) {
      loadInit(net, err);
    }
    Loss lossFn = objective.loss();
    if (objective.name().equals("nll") && !quiet && !net.toString().contains("LogSoftmax")) {
      err.println(spec.qualifiedName() + ": warning: --loss nll expects log-probabilities, but the model does not"
          + " end with logsoftmax");
    }
    if (sparkMaster != null) {
      RunDirectory sparkDir = RunDirectory.open(outPath, replaceable, resume);
      try (sparkDir) {
        return SparkTrain.run(this, train, test, net, task.outputs(), task.regression(), optimizerFactory, outPath, log,
            human);
      }
    }
    Optimizer<?> opt = optimizerFactory.apply(net.parameters());
    DataLoader trainLoader = DataLoader.of(train).batchSize(batchSize).shuffle(!noShuffle).seed(seed).build();
    DataLoader testLoader = test == null ? null : DataLoader.of(test).batchSize(batchSize).build();

    Map<String, Object> config = config(train, test, net, task, registry);
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
    b.callback(new MetricsExport(outPath)); // before Checkpointing: a failing checkpoint write leaves the history
    b.callback(new Checkpointing(outPath.resolve("checkpoint"), checkpointEvery));
    Trainer trainer = b.build();

    RunDirectory runDir = RunDirectory.open(outPath, replaceable, resume);
    boolean training = false;
    try {
      Path outDir = runDir.path();
      RunDirectory.checkWritableDir(outDir.resolve("checkpoint"), "checkpoint");
      if (save != null) {
        RunDirectory.checkWritableFile(save, "--save");
      }
      if (resume != null) {
        for (Path orphan : ResumeCheck.removeOrphans(Files.isDirectory(resume) ? resume : resume.getParent())) {
          err.println(spec.qualifiedName() + ": removed " + orphan + ", left by a checkpoint write that was killed");
        }
        trainer.resume(resume);
      }
      if (!quiet) {
        err.println(header(train, test, net, outDir, trainer, task, config));
        if (verbosity.verbose) {
          err.println(net);
        }
      }
      java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
      Thread hook = stopOnSignal(trainer, finished, err);
      try {
        training = true;
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
    } finally {
      if (training) {
        runDir.close();
      } else {
        runDir.abandon();
      }
    }
  }

  /** What {@code check} returns; its refusal of a flag's value is a bad command line (exit 2). */
  private static <T> T flagValue(java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (UserError | IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  /** The hyper-parameter flags as given. */
  Optimizers.Flags flags() {
    return new Optimizers.Flags(lr, momentum, dampening, weightDecay, nesterov, beta1, beta2, eps, amsgrad, alpha,
        centered, rho);
  }

  /** The value of a hyper-parameter flag (null: not given). */
  Object hyperParameter(String flag) {
    return flags().given().get(flag);
  }

  /** Sets a hyper-parameter flag (booleans from 0/1), as {@link ResumeCheck} adopts a checkpoint's value. */
  void setHyperParameter(String flag, double v) {
    switch (flag) {
      case "--lr" -> lr = v;
      case "--momentum" -> momentum = v;
      case "--dampening" -> dampening = v;
      case "--weight-decay" -> weightDecay = v;
      case "--nesterov" -> nesterov = v != 0;
      case "--beta1" -> beta1 = v;
      case "--beta2" -> beta2 = v;
      case "--eps" -> eps = v;
      case "--amsgrad" -> amsgrad = v != 0;
      case "--alpha" -> alpha = v;
      case "--centered" -> centered = v != 0;
      case "--rho" -> rho = v;
      default -> throw new IllegalArgumentException(flag);
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
      throw new UsageError("--progress-every must be >= 0, got " + progressEvery);
    }
    if (checkpointEvery < 0) {
      throw new UsageError("--checkpoint-every must be >= 0, got " + checkpointEvery);
    }
    if (threads != null) {
      positive("--threads", threads);
      if (threads > 4096) {
        throw new UsageError("--threads " + threads + " is more than the 4096 kernel threads sgd4j starts");
      }
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
    flags().given().forEach((flag, v) -> {
      if (v instanceof Double d && !Double.isFinite(d)) {
        throw new UsageError(flag + " must be a finite number, got " + d);
      }
    });
    Memory.require("--epochs " + epochs + " (the history keeps a row of each epoch)", Memory.times(epochs, 256));
    if (testFraction != null && !(testFraction > 0 && testFraction < 1)) {
      throw new UsageError("--test-fraction must be between 0 and 1 (exclusive), got " + testFraction);
    }
    if (out != null && out.toString().isBlank()) {
      throw new UsageError("--out is empty; name a directory (--out . for the working directory)");
    }
    if (sparkCheckpointDir != null && sparkMaster == null) {
      throw new UsageError("--spark-checkpoint-dir has no effect without --spark-master");
    }
    if (sparkMaster != null && resume != null) {
      throw new UsageError("--resume does not apply to --spark-master: rerun with the same --out (or"
          + " --spark-checkpoint-dir) and the run resumes from its latest Spark checkpoint");
    }
    if (init != null && resume != null) {
      throw new UsageError("--init has no effect with --resume (the weights come from the checkpoint)");
    }
    if (overwrite && resume != null) {
      throw new UsageError("--overwrite with --resume: a resumed run continues its directory (or writes a new --out)");
    }
  }

  private static void positive(String flag, long value) {
    if (value < 1) {
      throw new UsageError(flag + " must be a positive integer, got " + value);
    }
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
    DataChecks.finiteWeights(net, init, "--init");
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

  /** The configuration recorded in metrics.json and checkpoints (as {@link SparkTrain} records it too). */
  Map<String, Object> config(TensorDataset train, TensorDataset test, Module net) throws IOException {
    return config(train, test, net, runTask, runRegistry);
  }

  private Map<String, Object> config(TensorDataset train, TensorDataset test, Module net, TrainingTask t,
      DatasetRegistry registry) throws IOException {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model", model);
    c.put("loss", lossName);
    c.put("dataset", dataset);
    c.put("data_source", dataSource(registry));
    c.put("task", t.regression() ? TrainingTask.REGRESS : TrainingTask.CLASSIFY);
    c.put("classes", t.regression() ? 0 : t.outputs());
    c.put("train_size", train.size());
    c.put("test_size", test == null ? 0 : test.size());
    c.put("test_split", test == null ? "none" : testFraction != null ? "held out " + testFraction + " of the training"
        + " set (seed " + seed + ")" : "the dataset's");
    c.put("train_limit", trainLimit);
    c.put("test_limit", testLimit);
    c.put("test_fraction", testFraction);
    c.put("parameters", net.parameterCount());
    c.put("optimizer", optimizer);
    Map<String, Object> hyper = new LinkedHashMap<>();
    flags().given().forEach((k, v) -> hyper.put(k.substring(2), v));
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

  /** Where the data was read: the directory of a named dataset (and which place it is), or the files. */
  private String dataSource(DatasetRegistry registry) throws IOException {
    if (dataset.startsWith("synthetic:")) {
      return "generated (seed 0)";
    }
    Path trainFile = registry.file(dataset, Split.TRAIN);
    if (trainFile != null) {
      return trainFile.toAbsolutePath() + (registry.hasTestSplit(dataset) ? ", test " + registry.file(dataset,
          Split.TEST).toAbsolutePath() : "");
    }
    DatasetRegistry.Location at = registry.find(dataset);
    return at.dir().toAbsolutePath() + " (" + at.how() + (at.mismatch() != null ? ", not the published checksums" : "")
        + ")";
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

  private String header(TensorDataset train, TensorDataset test, Module net, Path outDir, Trainer trainer,
      TrainingTask t, Map<String, Object> config) {
    return String.format(Locale.ROOT, "sgd4j train: %s (%d train, %s; read from %s), %s, model %s (%d parameters),"
            + " %s, %d epoch%s%s -> %s", dataset, train.size(), test == null ? "no test split"
            : test.size() + " test", config.get("data_source"), t.regression() ? "regression"
            : "classification into " + t.outputs() + " classes", model, net.parameterCount(), title(), epochs,
        epochs == 1 ? "" : "s", resume == null ? "" : ", resuming at step " + trainer.step(), outDir);
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
}
