package org.sgd4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sgd4j.data.DataLoader;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.io.Json;
import org.sgd4j.io.SafeTensors;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.nn.loss.MSELoss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.spark.DistributedDataset;
import org.sgd4j.spark.LossFactory;
import org.sgd4j.spark.ModelFactory;
import org.sgd4j.spark.SparkTrainer;
import org.sgd4j.spark.SparkTrainingOptions;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.train.Evaluation;
import org.sgd4j.train.Trainer;

/**
 * {@code sgd4j train --spark-master URL}: the same training as {@code --workers M} locally (global
 * batch of M·B, the shared seed's order, gradients averaged), run by {@link SparkTrainer} on the
 * cluster: the training set in M cached partitions, the driver holding weights and optimizer state,
 * checkpoints every epoch (and every {@code --checkpoint-every} steps) in
 * {@code --spark-checkpoint-dir} (default {@code OUT/spark-checkpoint}), from which a rerun resumes.
 * Spark's classes come from {@code spark-submit} (Spark is {@code provided}); see
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
      throw new UserError("--spark-master needs Apache Spark on the class path: set SPARK_HOME (bin/sgd4j then adds"
          + " $SPARK_HOME/jars) or run sgd4j.jar through spark-submit (spark-submit --class org.sgd4j.cli.Main sgd4j.jar"
          + " train --spark-master ...); see sgd4j-spark/README.md", e);
    }
    return Driver.run(c, train, test, net, outputs, regression, optimizerFactory, outDir, log, human);
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

      SparkConf conf = new SparkConf().setMaster(c.sparkMaster).setAppName("sgd4j train");
      if (c.sparkMaster.startsWith("local")) {
        conf.setIfMissing("spark.ui.enabled", "false").setIfMissing("spark.driver.host", "127.0.0.1")
            .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      }
      long start = System.nanoTime();
      JavaSparkContext sc = new JavaSparkContext(conf);
      try {
        if (c.quiet) {
          sc.setLogLevel("ERROR");
        }
        DistributedDataset data = DistributedDataset.of(sc, train, c.workers);
        try (SparkTrainer trainer = new SparkTrainer(sc, data, modelFactory, lossFactory, optimizerFactory, options)) {
          trainer.model().loadStateDict(net.stateDict()); // --init, or the seed's initialisation
          try {
            fit(trainer, c, stepsPerEpoch, human);
          } catch (IllegalStateException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("loss is ")) {
              throw e;
            }
            human.println("sgd4j train: diverged: " + e.getMessage());
            return Main.EXIT_DIVERGED;
          }
          Loss lossFn = regression ? new MSELoss() : new CrossEntropyLoss();
          Evaluation eval = null;
          if (test != null) {
            DataLoader trainLoader = DataLoader.of(train).batchSize(c.batchSize).build();
            eval = Trainer.builder(trainer.model(), lossFn, trainer.optimizer(), trainLoader).build()
                .evaluate(DataLoader.of(test).batchSize(c.batchSize).build());
            if (!c.quiet) {
              human.printf(Locale.ROOT, "Test Error: %n Accuracy: %.1f%%, Avg loss: %.6f%n", 100 * eval.accuracy(),
                  eval.avgLoss());
            }
          }
          Path weights = c.save != null ? c.save : outDir.resolve("model.safetensors");
          SafeTensors.write(weights, trainer.model().stateDict(), Map.of("format", "pt"));
          if (c.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", "completed");
            m.put("backend", "spark");
            m.put("master", c.sparkMaster);
            m.put("workers", c.workers);
            m.put("steps", trainer.step());
            m.put("test_loss", eval == null ? Double.NaN : eval.avgLoss());
            m.put("test_accuracy", eval == null ? Double.NaN : eval.accuracy());
            m.put("seconds", (System.nanoTime() - start) / 1e9);
            log.println(Json.write(m));
          }
          if (!c.quiet) {
            human.println("wrote " + weights + "; Spark checkpoints in " + checkpoints);
          }
        } finally {
          data.unpersist();
        }
      } finally {
        sc.stop();
      }
      return 0;
    }

    /** Trains, printing the mean training loss at the end of every epoch. */
    private static void fit(SparkTrainer trainer, TrainCommand c, long stepsPerEpoch, PrintStream human) {
      double[] epochLoss = new double[2];
      trainer.fit((step, loss) -> {
        epochLoss[0] += loss;
        epochLoss[1]++;
        if (step % stepsPerEpoch == 0) {
          if (!c.quiet) {
            human.printf(Locale.ROOT, "Epoch %d (Spark %s, %d workers): mean train loss %.6f over %d steps%n",
                step / stepsPerEpoch, c.sparkMaster, c.workers, epochLoss[0] / epochLoss[1], (long) epochLoss[1]);
          }
          epochLoss[0] = 0;
          epochLoss[1] = 0;
        }
      });
    }
  }
}
