package org.sgd4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.nn.Flatten;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.ReLU;
import org.sgd4j.nn.Sequential;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.SGD;
import org.sgd4j.spark.DistributedDataset;
import org.sgd4j.spark.SparkTrainer;
import org.sgd4j.spark.SparkTrainingOptions;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.train.parallel.DataParallel;
import org.sgd4j.train.parallel.ShardedLoader;

/**
 * Manual measurement (not a unit test) of a step's time on the test cluster of {@link SparkClusterIT}
 * (a standalone master and two workers of one core on 127.0.0.1) against local threads: the notes'
 * MLP 784-512-512-10 and a model about 10× larger (784-2200-2200-10), batch 16 per partition, by
 * number of executors and partitions, and local SGD at H = 1, 10, 100. The figures go to
 * {@code sgd4j-spark/README.md}. Run after {@code mvn -o -q -pl sgd4j-cli -am package -DskipTests}:
 *
 * <pre>
 * cd sgd4j-cli && mvn -o -q test-compile && jar cf target/timing.jar -C target/test-classes org/sgd4j/cli/ClusterStepTiming.class
 * java -Xmx1g --add-modules jdk.incubator.vector $SPARK_FLAGS \
 *   -cp target/test-classes:target/sgd4j.jar:$(cat target/spark-classpath.txt) org.sgd4j.cli.ClusterStepTiming
 * </pre>
 */
public final class ClusterStepTiming {
  static final int B = 16;

  private ClusterStepTiming() {}

  static Module mlp(int h) {
    Rng rng = new Rng(0);
    return new Sequential(new Flatten(), new Linear(784, h, rng), new ReLU(), new Linear(h, h, rng), new ReLU(),
        new Linear(h, 10, rng));
  }

  static TensorDataset data(int n) {
    Rng rng = new Rng(1);
    float[] x = new float[n * 784];
    float[] y = new float[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      y[i] = i % 10;
    }
    return new TensorDataset(Tensor.wrap(x, n, 784), Tensor.wrap(y, n));
  }

  public static void main(String[] args) throws Exception {
    Path target = Path.of("target").toAbsolutePath();
    Path dir = Files.createTempDirectory("sgd4j-timing");
    TensorDataset data = data(4096);
    List<String> rows = new ArrayList<>();
    rows.add(String.format(Locale.ROOT, "| %-28s | %-22s | %5s | %5s | %3s | %12s | %10s |", "model", "run", "exec",
        "parts", "H", "ms per step", "examples/s"));
    for (int h : new int[] {512, 2200}) {
      rows.add(row(h, "local, 2 threads", 0, 2, 1, localStep(h, data)));
    }
    try (LocalSparkCluster cluster = new LocalSparkCluster(dir, target.resolve("spark-classpath.txt"), 2, 1, "1g",
        Duration.ofMinutes(3))) {
      int[][] shapes = {{1, 1}, {1, 2}, {2, 2}, {2, 4}};
      for (int h : new int[] {512, 2200}) {
        for (int[] s : shapes) {
          rows.add(row(h, "spark, checkpointed", s[0], s[1], 1, sparkStep(cluster, target, h, s[0], s[1], 1, false, data)));
        }
      }
      rows.add(row(512, "spark, lineage (load)", 2, 2, 1, sparkStep(cluster, target, 512, 2, 2, 1, true, data)));
      for (int localSteps : new int[] {10, 100}) {
        rows.add(row(512, "spark, local SGD", 2, 2, localSteps, sparkStep(cluster, target, 512, 2, 2, localSteps, false,
            data)));
      }
    }
    rows.forEach(System.out::println);
  }

  static String row(int h, String run, int executors, int partitions, int localSteps, double ms) {
    long params = 784L * h + h + (long) h * h + h + 10L * h + 10;
    return String.format(Locale.ROOT, "| MLP 784-%d-%d-10 (%.2fM) | %-22s | %5s | %5d | %3d | %12.1f | %10.0f |", h, h,
        params / 1e6, run, executors == 0 ? "-" : Integer.toString(executors), partitions, localSteps, ms,
        partitions * B * 1000 / ms);
  }

  /** Median ms per step of M = 2 local threads, batch 16 each. */
  static double localStep(int h, TensorDataset data) {
    Module net = mlp(h);
    double[] ms = new double[15];
    try (DataParallel dp = new DataParallel(net, new CrossEntropyLoss(), new SGD(net.parameters(),
        SGD.options().lr(1e-3).momentum(0.5)), 2); ShardedLoader loader = new ShardedLoader(data, B, true, 42, 2)) {
      for (int i = -5; i < ms.length; i++) {
        long t0 = System.nanoTime();
        dp.step(loader.next());
        if (i >= 0) {
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
      }
    }
    return median(ms);
  }

  /** Median ms per step (a synchronisation covers {@code localSteps} steps) on the cluster. */
  static double sparkStep(LocalSparkCluster cluster, Path target, int h, int executors, int partitions, int localSteps,
                          boolean lineage, TensorDataset data) {
    SparkConf conf = new SparkConf().setMaster(cluster.masterUrl()).setAppName("sgd4j step timing")
        .set("spark.jars", target.resolve("sgd4j.jar") + "," + target.resolve("timing.jar"))
        .set("spark.executor.memory", "768m").set("spark.executor.cores", "1")
        .set("spark.cores.max", Integer.toString(executors)).set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1").set("spark.ui.enabled", "false")
        .set("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector");
    JavaSparkContext sc = new JavaSparkContext(conf);
    try {
      sc.setLogLevel("WARN");
      sc.setCheckpointDir(cluster.dir.resolve("rdd-checkpoints").toUri().toString());
      int n = data.size();
      DistributedDataset dd = lineage ? DistributedDataset.load(sc, () -> data(n), partitions)
          : DistributedDataset.of(sc, data, partitions);
      int syncs = localSteps == 1 ? 15 : localSteps == 10 ? 6 : 3;
      int warm = localSteps == 100 ? 1 : 3;
      SparkTrainingOptions.Builder o = SparkTrainingOptions.builder().workers(partitions).batchSize(B).seed(42)
          .steps((long) (warm + syncs) * localSteps);
      if (localSteps > 1) {
        o.localSgd(localSteps, 1e-3);
      }
      double[] ms = new double[syncs];
      long[] last = {0};
      int[] done = {0};
      try (SparkTrainer t = new SparkTrainer(sc, dd, () -> mlp(h), CrossEntropyLoss::new,
          p -> new SGD(p, SGD.options().lr(localSteps > 1 ? 1.0 : 1e-3).momentum(localSteps > 1 ? 0 : 0.5)), o.build())) {
        last[0] = System.nanoTime();
        t.fit((step, loss) -> {
          long now = System.nanoTime();
          int i = done[0]++ - warm;
          if (i >= 0) {
            ms[i] = (now - last[0]) / 1e6 / localSteps;
          }
          last[0] = now;
        });
      } finally {
        dd.unpersist();
      }
      System.err.printf(Locale.ROOT, "h=%d executors=%d partitions=%d H=%d: %s%n", h, executors, partitions, localSteps,
          Arrays.toString(ms));
      return median(ms);
    } finally {
      sc.stop();
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
