package org.sgd4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.nn.loss.MSELoss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.spark.DistributedDataset;
import org.sgd4j.spark.LossFactory;
import org.sgd4j.spark.ModelFactory;
import org.sgd4j.spark.SparkTrainer;
import org.sgd4j.spark.SparkTrainingOptions;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.train.MetricsExport;
import org.sgd4j.train.RunStatus;
import org.sgd4j.train.TrainResult;

/**
 * {@code sgd4j train --spark-master URL}: the same training as {@code --workers M} locally (global
 * batch of M·B, the shared seed's order, gradients averaged), run by {@link SparkTrainer} on the
 * cluster: the training set in M cached partitions, the driver holding weights and optimizer state,
 * checkpoints every epoch (and every {@code --checkpoint-every} steps) in
 * {@code --spark-checkpoint-dir} (default {@code OUT/spark-checkpoint}), from which a rerun resumes.
 * It writes what the local path writes (metrics, trace, plots, report, the same {@code --json} keys).
 *
 * <p>Spark's classes come from {@code spark-submit}, {@code $SPARK_HOME/jars} or the jars the build
 * fetched (bin/sgd4j). On a non-local master the executors get sgd4j's own jar through
 * {@code spark.jars}, unless spark-submit (or the user) already named the jars. The training set is
 * read on the driver, so on a cluster its partitions are checkpointed into
 * {@code CHECKPOINTS/data}, from where a partition lost with its executor is read back. See
 * {@code sgd4j-spark/README.md}.
 */
final class SparkTrain {
  private SparkTrain() {}

  static int run(TrainCommand c, TensorDataset train, TensorDataset test, Module net, int outputs, boolean regression,
                 Function<List<Tensor>, Optimizer<?>> optimizerFactory, Path outDir, PrintStream log,
                 PrintStream human) throws IOException {
    if (c.resume != null) {
      throw new UserError("--resume does not apply to --spark-master: rerun with the same --out (or"
          + " --spark-checkpoint-dir) and the run resumes from its latest Spark checkpoint");
    }
    try {
      Class.forName("org.apache.spark.SparkContext", false, SparkTrain.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new UserError("--spark-master needs Apache Spark on the class path: run bin/sgd4j (it adds $SPARK_HOME/jars,"
          + " or the jars the build fetched) or run sgd4j.jar through spark-submit (spark-submit --class org.sgd4j.cli.Main"
          + " sgd4j.jar train --spark-master ...); see sgd4j-spark/README.md", e);
    }
    try {
      return Driver.run(c, train, test, net, outputs, regression, optimizerFactory, outDir, log, human);
    } catch (UserError e) {
      throw e;
    } catch (Exception e) { // SparkException is checked, but Scala code throws it undeclared
      if (SparkFailure.is(e)) {
        throw new UserError("Spark (" + c.sparkMaster + ") failed: " + SparkFailure.describe(e), e);
      }
      if (e instanceof IOException io) {
        throw io;
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e);
    }
  }

  /** Spark's exceptions, told apart from sgd4j's own and put in one line. */
  static final class SparkFailure {
    private SparkFailure() {}

    /** Whether {@code e} or one of its causes comes from Spark. */
    static boolean is(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t.getClass().getName().startsWith("org.apache.spark.")) {
          return true;
        }
        for (StackTraceElement frame : t.getStackTrace()) {
          if (frame.getClassName().startsWith("org.apache.spark.")) {
            return true;
          }
        }
      }
      return false;
    }

    /** The first line of Spark's message (a failed job's message names the task, the executor and the cause). */
    static String describe(Throwable e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage().strip();
      int nl = m.indexOf('\n');
      return nl < 0 ? m : m.substring(0, nl).strip();
    }
  }

  /** The Spark-dependent part, loaded only once Spark is known to be present. */
  private static final class Driver {
    static int run(TrainCommand c, TensorDataset train, TensorDataset test, Module net, int outputs,
                   boolean regression, Function<List<Tensor>, Optimizer<?>> optimizerFactory, Path outDir,
                   PrintStream log, PrintStream human) throws IOException {
      long global = (long) c.batchSize * c.workers;
      long stepsPerEpoch = (train.size() + global - 1) / global; // the last global batch may be smaller
      String modelName = c.model;
      int[] xShape = train.xShape();
      long seed = c.seed;
      ModelFactory modelFactory = () -> Models.create(modelName, xShape, outputs, regression, new Rng(seed));
      LossFactory lossFactory = regression ? MSELoss::new : CrossEntropyLoss::new;
      String checkpoints = c.sparkCheckpointDir != null ? c.sparkCheckpointDir
          : outDir.resolve("spark-checkpoint").toAbsolutePath().toUri().toString();
      SparkTrainingOptions options = SparkTrainingOptions.builder().workers(c.workers).batchSize(c.batchSize)
          .seed(seed).shuffle(!c.noShuffle).steps(stepsPerEpoch * c.epochs)
          .checkpoint(c.checkpointEvery > 0 ? c.checkpointEvery : stepsPerEpoch, checkpoints).build();

      if (!c.verbosity.verbose) {
        quietSpark(c.quiet ? "error" : "warn"); // before Spark's first logger is made
      }
      boolean local = c.sparkMaster.startsWith("local");
      SparkConf conf = new SparkConf().setMaster(c.sparkMaster).setAppName("sgd4j train");
      if (local) {
        conf.setIfMissing("spark.ui.enabled", "false").setIfMissing("spark.driver.host", "127.0.0.1")
            .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      } else {
        shipOwnJar(conf, c.sparkMaster);
      }
      // the SIMD kernels on the executors too (the driver's flag comes from bin/sgd4j or spark-submit)
      conf.setIfMissing("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector");
      Map<String, Object> config = c.config(train, test, net);
      config.put("backend", "spark");
      config.put("master", c.sparkMaster);
      config.put("spark_checkpoint_dir", checkpoints);
      Map<String, Object> backend = new LinkedHashMap<>();
      backend.put("backend", "spark");
      backend.put("master", c.sparkMaster);
      backend.put("workers", c.workers);
      c.backendSummary = backend;

      JavaSparkContext sc = new JavaSparkContext(conf);
      try {
        if (!c.verbosity.verbose) {
          sc.setLogLevel(c.quiet ? "ERROR" : "WARN"); // where Spark logs through log4j (spark-submit)
        }
        String dataCheckpoints = checkpoints.replaceAll("/+$", "") + "/data";
        if (!local) {
          sc.setCheckpointDir(dataCheckpoints);
        }
        DistributedDataset data = DistributedDataset.of(sc, train, c.workers);
        try (SparkTrainer trainer = new SparkTrainer(sc, data, modelFactory, lossFactory, optimizerFactory, options)) {
          trainer.model().loadStateDict(net.stateDict()); // --init, or the seed's initialisation
          SparkProgress progress = new SparkProgress(c, trainer, train.size(), global, test, regression, outDir, config,
              human);
          trainer.callerState(progress);
          RunStatus status = RunStatus.COMPLETED;
          String message = "";
          try {
            trainer.fit(progress);
          } catch (IllegalStateException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("loss is ")) {
              throw e;
            }
            status = RunStatus.DIVERGED;
            message = e.getMessage();
            progress.partialEpoch();
          }
          TrainResult result = progress.result(status, message);
          progress.writeMetrics(status.label(), message);
          int exit = c.finish(result, trainer.model(), outDir, progress.trace(), config, log, human);
          if (!c.quiet) {
            human.println("Spark checkpoints in " + checkpoints);
          }
          return exit;
        } finally {
          data.unpersist();
          if (!local) { // also the data of earlier drivers of this run that were killed
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dataCheckpoints);
            p.getFileSystem(sc.hadoopConfiguration()).delete(p, true);
          }
        }
      } finally {
        sc.stop();
      }
    }

    /**
     * Names sgd4j's own jar in {@code spark.jars}, so that the executors can load its classes, unless
     * spark-submit (which ships the application jar itself) or the user already set the jars.
     */
    private static void shipOwnJar(SparkConf conf, String master) {
      if (System.getProperty("SPARK_SUBMIT") != null || !conf.get("spark.jars", "").isBlank()) {
        return;
      }
      Path self;
      try {
        self = Path.of(SparkTrain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      } catch (URISyntaxException | RuntimeException e) {
        throw new UserError("--spark-master " + master + ": cannot locate sgd4j's own jar to ship to the executors ("
            + e.getMessage() + "); name it with -Dspark.jars=PATH or use spark-submit", e);
      }
      if (!Files.isRegularFile(self) || !self.getFileName().toString().endsWith(".jar")) {
        throw new UserError("--spark-master " + master + ": sgd4j's classes were loaded from " + self
            + ", not from a jar, and the executors need one: run the built jar (bin/sgd4j or spark-submit"
            + " sgd4j-cli/target/sgd4j.jar), or name a jar with -Dspark.jars=PATH");
      }
      conf.set("spark.jars", self.toAbsolutePath().toString());
    }

    /**
     * Spark's INFO log is a line per task; keep it at {@code level} unless --verbose or the user chose
     * (an explicit {@code -Dorg.slf4j.simpleLogger.log.org.apache.spark=...} wins).
     */
    private static void quietSpark(String level) {
      for (String logger : new String[] {"org.apache.spark", "org.sparkproject", "org.apache.hadoop", "io.netty"}) {
        String key = "org.slf4j.simpleLogger.log." + logger;
        if (System.getProperty(key) == null) {
          System.setProperty(key, level);
        }
      }
    }
  }
}
