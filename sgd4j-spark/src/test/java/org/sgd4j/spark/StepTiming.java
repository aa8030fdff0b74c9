package org.sgd4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sgd4j.data.FashionMnist;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.nn.Flatten;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.ReLU;
import org.sgd4j.nn.Sequential;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.Rng;
import org.sgd4j.train.parallel.DataParallel;
import org.sgd4j.train.parallel.ShardedLoader;

/**
 * A manual timing run (not a unit test): time per step of the Fashion-MNIST MLP 784-h-h-10 with batch
 * 16 per worker, locally with M = 1 and 2 worker threads and on Spark local[2] with M = 2, for
 * several widths h. Usage: {@code StepTiming <fashion-mnist dir> [h ...]}.
 */
public final class StepTiming {
  private StepTiming() {}

  static Module mlp(int h) {
    Rng rng = new Rng(0);
    return new Sequential(new Flatten(), new Linear(784, h, rng), new ReLU(), new Linear(h, h, rng), new ReLU(),
        new Linear(h, 10, rng));
  }

  static double localMsPerStep(TensorDataset data, int h, int workers, int warmup, int steps) {
    Module model = mlp(h);
    SGD opt = new SGD(model.parameters(), SGD.options().withLr(1e-3).withMomentum(0.5));
    try (DataParallel dp = new DataParallel(model, new CrossEntropyLoss(), opt, workers);
         ShardedLoader loader = new ShardedLoader(data, 16, true, 42, workers)) {
      for (int s = 0; s < warmup; s++) {
        dp.step(loader.next());
      }
      long t0 = System.nanoTime();
      for (int s = 0; s < steps; s++) {
        dp.step(loader.next());
      }
      return (System.nanoTime() - t0) / 1e6 / steps;
    }
  }

  static double sparkMsPerStep(JavaSparkContext sc, DistributedDataset data, int h, int workers, int warmup, int steps) {
    SparkTrainingOptions all = SparkTrainingOptions.builder().workers(workers).batchSize(16).seed(42)
        .steps(warmup + steps).build();
    long[] start = new long[1];
    try (SparkTrainer t = new SparkTrainer(sc, data, () -> mlp(h), CrossEntropyLoss::new,
        p -> new SGD(p, SGD.options().withLr(1e-3).withMomentum(0.5)), all)) {
      t.fit((s, l) -> {
        if (s == warmup) {
          start[0] = System.nanoTime();
        }
      });
      return (System.nanoTime() - start[0]) / 1e6 / steps;
    }
  }

  /** Median of {@code reps} timings of {@code r}, in ms. */
  static double medianMs(int reps, Runnable r) {
    double[] t = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      r.run();
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    java.util.Arrays.sort(t);
    return t[reps / 2];
  }

  /**
   * The parts of a synchronisation without the model: an empty job over the cached partitions, a
   * broadcast of |θ| floats read by every partition, and the treeAggregate of one |θ|-float partial per
   * partition (kept apart, as the deterministic sum does).
   */
  static void components(JavaSparkContext sc, DistributedDataset data, int floats) {
    double job = medianMs(30, () -> data.shards().map(s -> s.partition).count());
    float[][] theta = {new float[floats]};
    double bcast = medianMs(30, () -> {
      org.apache.spark.broadcast.Broadcast<float[][]> b = sc.broadcast(theta);
      data.shards().map(s -> b.value()[0].length).count();
      b.destroy();
    });
    double agg = medianMs(30, () -> data.shards().treeAggregate(new PartialSums(false),
        (acc, s) -> acc.add(s.partition, new PartialSums.Partial(1, 0, new float[][] {new float[floats]})),
        PartialSums::merge, 2));
    System.out.printf("%d floats: empty job %.2f ms, job+broadcast %.2f ms, job+aggregate %.2f ms%n", floats, job, bcast,
        agg);
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "/work/shared/datasets/fashion-mnist");
    int[] widths = {512};
    if (args.length > 1) {
      widths = new int[args.length - 1];
      for (int i = 1; i < args.length; i++) {
        widths[i - 1] = Integer.parseInt(args[i]);
      }
    }
    TensorDataset train = FashionMnist.train(dir);
    System.out.printf("kernel threads %d, cores %d%n", org.sgd4j.tensor.kernel.Parallel.threads(),
        Runtime.getRuntime().availableProcessors());
    JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("sgd4j-timing")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
    sc.setLogLevel("WARN");
    try {
      String where = dir.toString();
      DistributedDataset distributed = DistributedDataset.load(sc, () -> {
        try {
          return FashionMnist.train(Path.of(where));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, 2);
      for (int floats : new int[] {13_002, 669_706, 1_863_690, 4_000_000}) {
        components(sc, distributed, floats);
      }
      System.out.println("h, params, local M=1 ms/step, local M=2 ms/step, spark local[2] M=2 ms/step");
      for (int h : widths) {
        long params = mlp(h).parameterCount();
        double l1 = localMsPerStep(train, h, 1, 100, 300);
        double l2 = localMsPerStep(train, h, 2, 100, 300);
        double sp = sparkMsPerStep(sc, distributed, h, 2, 20, 60);
        System.out.printf("%d, %d, %.2f, %.2f, %.2f%n", h, params, l1, l2, sp);
      }
    } finally {
      sc.stop();
    }
  }
}
