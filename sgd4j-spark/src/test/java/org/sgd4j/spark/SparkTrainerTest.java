package org.sgd4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgd4j.data.Batch;
import org.sgd4j.data.DataLoader;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.ReLU;
import org.sgd4j.nn.Sequential;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.train.parallel.DataParallel;
import org.sgd4j.train.parallel.ShardedLoader;

/** Spark in local[2] mode with up to 3 attempts per task; one context for the class (start-up is slow). */
class SparkTrainerTest {
  static final int FEATURES = 12;
  static final int CLASSES = 4;
  static final int N = 200;
  static final int M = 2;
  static final int B = 8;
  static final int STEPS = 15; // 12 steps an epoch: crosses an epoch boundary

  static JavaSparkContext sc;
  static TensorDataset dataset;
  static DistributedDataset distributed;
  static List<float[]> sparkReference;

  @BeforeAll
  static void start() {
    sc = new JavaSparkContext(new SparkConf().setMaster("local[2,3]").setAppName("sgd4j-spark-test")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
    dataset = dataset(N, 1);
    distributed = DistributedDataset.of(sc, dataset, 2);
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.stop();
    }
  }

  static TensorDataset dataset(int n, long seed) {
    Rng rng = new Rng(seed);
    float[] x = new float[n * FEATURES];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      float best = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < FEATURES; j++) {
        x[i * FEATURES + j] = (float) rng.nextGaussian();
      }
      for (int c = 0; c < CLASSES; c++) {
        float score = x[i * FEATURES + c] - x[i * FEATURES + c + CLASSES];
        if (score > best) {
          best = score;
          y[i] = c;
        }
      }
    }
    return new TensorDataset(Tensor.wrap(x, n, FEATURES), Tensor.wrap(y, n));
  }

  static Module mlp() {
    Rng rng = new Rng(7);
    return new Sequential(new Linear(FEATURES, 16, rng), new ReLU(), new Linear(16, CLASSES, rng));
  }

  static SGD sgd(List<Tensor> params) {
    return new SGD(params, SGD.options().withLr(0.1).withMomentum(0.5));
  }

  static SparkTrainingOptions.Builder options() {
    return SparkTrainingOptions.builder().workers(M).batchSize(B).seed(42).dropLast(true).steps(STEPS);
  }

  static List<float[]> weights(Module model) {
    return model.parameters().stream().map(Tensor::toArray).collect(Collectors.toList());
  }

  static List<float[]> train(ModelFactory factory, SparkTrainingOptions opts, SparkTrainer.StepListener listener) {
    try (SparkTrainer t = new SparkTrainer(sc, distributed, factory, CrossEntropyLoss::new, SparkTrainerTest::sgd, opts)) {
      t.fit(listener);
      assertThat(t.step()).isEqualTo(opts.steps());
      return weights(t.model());
    }
  }

  static synchronized List<float[]> sparkReference() {
    if (sparkReference == null) {
      sparkReference = train(SparkTrainerTest::mlp, options().build(), (s, l) -> { });
    }
    return sparkReference;
  }

  static void assertBitIdentical(List<float[]> a, List<float[]> b) {
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i)).as("parameter %d", i).containsExactly(b.get(i));
    }
  }

  static double worstRelativeError(List<float[]> a, List<float[]> b) {
    double worst = 0;
    for (int i = 0; i < a.size(); i++) {
      for (int j = 0; j < a.get(i).length; j++) {
        worst = Math.max(worst, Math.abs(a.get(i)[j] - b.get(i)[j]) / Math.max(1, Math.abs(b.get(i)[j])));
      }
    }
    return worst;
  }

  @Test
  void sparkRunEqualsTheLocalRunWithTheSameWorkersSeedAndBatch() {
    Module local = mlp();
    try (DataParallel dp = new DataParallel(local, new CrossEntropyLoss(), sgd(local.parameters()), M);
         ShardedLoader loader = new ShardedLoader(dataset, B, true, 42, M)) {
      for (int s = 0; s < STEPS; s++) {
        dp.step(loader.next());
      }
    }
    double err = worstRelativeError(sparkReference(), weights(local));
    assertThat(err).isLessThan(1e-5);
    assertThat(worstRelativeError(sparkReference(), weights(mlp()))).as("training moved the weights").isGreaterThan(1e-2);
  }

  @Test
  void keepingTheLastBatchFollowsTheTrainerWithWorkers() {
    // 200 examples, M·B = 16: 13 steps an epoch, the last on 8 examples.
    Module local = mlp();
    DataLoader loader = DataLoader.of(dataset).batchSize(B).shuffle(true).seed(42).build();
    org.sgd4j.train.Trainer.builder(local, new CrossEntropyLoss(), sgd(local.parameters()), loader).epochs(2)
        .workers(M).build().fit();
    List<float[]> spark = train(SparkTrainerTest::mlp, options().dropLast(false).steps(26).build(), (s, l) -> { });
    assertThat(worstRelativeError(spark, weights(local))).isLessThan(1e-5);
  }

  @Test
  void summingInTheTreeGivesTheSameWeightsUpToSummationOrder() {
    List<float[]> summed = train(SparkTrainerTest::mlp, options().deterministicSum(false).build(), (s, l) -> { });
    assertThat(worstRelativeError(summed, sparkReference())).isLessThan(1e-5);
  }

  @Test
  void aDatasetLoadedOnTheExecutorsGivesTheSameRun() {
    DistributedDataset loaded = DistributedDataset.load(sc, () -> dataset(N, 1), 2);
    try (SparkTrainer t = new SparkTrainer(sc, loaded, SparkTrainerTest::mlp, CrossEntropyLoss::new,
        SparkTrainerTest::sgd, options().build())) {
      t.fit();
      assertBitIdentical(weights(t.model()), sparkReference());
    } finally {
      loaded.unpersist();
    }
  }

  /** Drops every cached block of the data, as the death of the executors holding them would. */
  static void loseCachedPartitions(DistributedDataset data) {
    sc.sc().env().blockManager().master().removeRdd(data.shards().id(), true);
  }

  /** Trains 4 steps on {@code data}, losing its cached partitions after step 2. */
  static List<float[]> trainLosingThePartitions(DistributedDataset data) {
    try (SparkTrainer t = new SparkTrainer(sc, data, SparkTrainerTest::mlp, CrossEntropyLoss::new,
        SparkTrainerTest::sgd, options().steps(4).build())) {
      t.fit((step, loss) -> {
        if (step == 2) {
          loseCachedPartitions(data);
        }
      });
      return weights(t.model());
    }
  }

  @Test
  void partitionsOfDriverDataLostWithTheirExecutorAreReadBackFromTheCheckpoint(@TempDir Path dir) {
    sc.setCheckpointDir(dir.toUri().toString());
    DistributedDataset checkpointed = DistributedDataset.of(sc, dataset, 2);
    Path files = Path.of(checkpointed.shards().rdd().getCheckpointFile().get().replaceFirst("^file:", ""));
    assertThat(files).as("the partitions are written to the checkpoint directory").isDirectory();
    try {
      List<float[]> survived = trainLosingThePartitions(checkpointed);
      assertBitIdentical(survived, train(SparkTrainerTest::mlp, options().steps(4).build(), (s, l) -> { }));
    } finally {
      checkpointed.unpersist();
    }
    assertThat(files).as("unpersist deletes the checkpoint files").doesNotExist();
  }

  static final AtomicInteger LOADS = new AtomicInteger(); // static: the loader travels serialized

  @Test
  void partitionsOfLoadedDataLostWithTheirExecutorAreLoadedAgain() {
    DistributedDataset loaded = DistributedDataset.load(sc, () -> {
      LOADS.incrementAndGet();
      return dataset(N, 1);
    }, 2);
    try {
      int before = LOADS.get();
      List<float[]> survived = trainLosingThePartitions(loaded);
      assertThat(LOADS.get() - before).as("both partitions loaded again").isEqualTo(2);
      assertBitIdentical(survived, train(SparkTrainerTest::mlp, options().steps(4).build(), (s, l) -> { }));
    } finally {
      loaded.unpersist();
    }
  }

  static final AtomicInteger INJECTED = new AtomicInteger();

  /** The MLP, but partition 1's first attempt of every task throws. */
  static final class FailingOnFirstAttempt extends Module {
    private final Module net;

    FailingOnFirstAttempt() {
      net = registerModule("net", mlp());
    }

    @Override
    public Tensor forward(Tensor input) {
      TaskContext tc = TaskContext.get();
      if (tc != null && tc.attemptNumber() == 0 && tc.partitionId() == 1) {
        INJECTED.incrementAndGet();
        throw new IllegalStateException("injected failure of the first attempt");
      }
      return net.forward(input);
    }
  }

  @Test
  void aTaskThatFailsIsRetriedAndTheResultIsUnchanged() {
    INJECTED.set(0);
    List<float[]> retried = train(FailingOnFirstAttempt::new, options().steps(4).build(), (s, l) -> { });
    assertThat(INJECTED.get()).as("failures injected").isGreaterThanOrEqualTo(4);
    List<float[]> clean = train(SparkTrainerTest::mlp, options().steps(4).build(), (s, l) -> { });
    assertBitIdentical(retried, clean);
  }

  @Test
  void aRestartedDriverResumesFromTheCheckpointAndReachesTheSameWeights(@TempDir Path dir) throws Exception {
    String uri = dir.toUri().toString();
    SparkTrainingOptions opts = options().checkpoint(4, uri).build();
    List<Long> seen = new ArrayList<>();
    assertThatThrownBy(() -> train(SparkTrainerTest::mlp, opts, (s, l) -> {
      seen.add(s);
      if (s == 10) {
        throw new IllegalStateException("driver killed at step 10");
      }
    })).hasMessageContaining("driver killed");
    assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    List<Long> resumed = new ArrayList<>();
    List<float[]> weights = train(SparkTrainerTest::mlp, opts, (s, l) -> resumed.add(s));
    assertThat(resumed).as("resumed after the checkpoint of step 8").containsExactly(9L, 10L, 11L, 12L, 13L, 14L, 15L);
    assertBitIdentical(weights, sparkReference());
    try (Stream<Path> files = Files.list(dir)) {
      // Hidden files are Hadoop's .crc side files, plus the temporary file if one were left behind.
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
      assertThat(names).as("no temporary file is left").noneMatch(n -> n.endsWith(".tmp"));
      assertThat(names).filteredOn(n -> !n.startsWith(".")).as("the last two checkpoints are kept")
          .containsExactly("step-000000000008.ckpt", "step-000000000012.ckpt");
    }
  }

  @Test
  void localSgdAveragesTheModelsOfPartitionsThatTookHLocalSteps() {
    int h = 3;
    double eta = 0.1;
    SparkTrainingOptions opts = options().steps(6).localSgd(h, eta).build();
    List<float[]> spark;
    try (SparkTrainer t = new SparkTrainer(sc, distributed, SparkTrainerTest::mlp, CrossEntropyLoss::new,
        p -> new SGD(p, SGD.options().withLr(1.0)), opts)) {
      t.fit();
      spark = weights(t.model());
    }
    // The definition, sequentially: the global batches of one loader with batch M·B; partition p holds
    // examples [p·n/2, (p+1)·n/2); each takes H SGD steps on its part; the models are averaged by examples.
    Module avg = mlp();
    DataLoader loader = DataLoader.of(dataset).batchSize(M * B).shuffle(true).seed(42).dropLast(true).build();
    var it = loader.iterator();
    for (int round = 0; round < 2; round++) {
      List<Batch> globals = new ArrayList<>();
      for (int i = 0; i < h; i++) {
        globals.add(it.next());
      }
      float[][] sum = null;
      int total = 0;
      for (int p = 0; p < 2; p++) {
        Module replica = mlp();
        replica.loadStateDict(avg.stateDict());
        int used = 0;
        for (Batch g : globals) {
          int lo = p * N / 2;
          int hi = (p + 1) * N / 2;
          int[] rows = java.util.stream.IntStream.range(0, g.size())
              .filter(j -> g.indices()[j] >= lo && g.indices()[j] < hi).toArray();
          if (rows.length == 0) {
            continue;
          }
          Tensor x = Tensor.wrap(gather(g.x(), rows), rows.length, FEATURES);
          Tensor y = Tensor.wrap(gather(g.y().reshape(g.size(), 1), rows), rows.length);
          SGD inner = new SGD(replica.parameters(), SGD.options().withLr(eta));
          inner.zeroGrad();
          new CrossEntropyLoss().apply(replica.forward(x), y).backward();
          inner.step();
          used += rows.length;
        }
        List<float[]> w = weights(replica);
        if (sum == null) {
          sum = new float[w.size()][];
          for (int q = 0; q < w.size(); q++) {
            sum[q] = new float[w.get(q).length];
          }
        }
        for (int q = 0; q < w.size(); q++) {
          for (int i = 0; i < w.get(q).length; i++) {
            sum[q][i] += w.get(q)[i] * used;
          }
        }
        total += used;
      }
      try (var s = org.sgd4j.tensor.GradMode.noGrad()) {
        for (int q = 0; q < sum.length; q++) {
          for (int i = 0; i < sum[q].length; i++) {
            sum[q][i] /= total;
          }
          avg.parameters().get(q).copy_(Tensor.wrap(sum[q], avg.parameters().get(q).shape()));
        }
      }
    }
    assertThat(worstRelativeError(spark, weights(avg))).isLessThan(1e-5);
    assertThat(worstRelativeError(spark, weights(mlp()))).as("training moved the weights").isGreaterThan(1e-2);
  }

  /** Rows {@code rows} of a (b, d) tensor, flattened. */
  static float[] gather(Tensor t, int[] rows) {
    int d = t.size(1);
    float[] src = t.toArray();
    float[] out = new float[rows.length * d];
    for (int j = 0; j < rows.length; j++) {
      System.arraycopy(src, rows[j] * d, out, j * d, d);
    }
    return out;
  }

  @Test
  void aDivergingRunStopsNamingTheStepAndTheLearningRate() {
    try (SparkTrainer t = new SparkTrainer(sc, distributed, SparkTrainerTest::mlp, CrossEntropyLoss::new,
        p -> new SGD(p, SGD.options().withLr(1e30)), options().build())) {
      assertThatThrownBy(t::fit).isInstanceOf(IllegalStateException.class)
          .hasMessageMatching("loss is (NaN|Infinity) at step \\d+ with lr=1.0E30: training diverged.*");
      assertThat(t.step()).isLessThan(STEPS);
      assertThat(t.model().parameters()).allSatisfy(p -> assertThat(p.toArray()).doesNotContain(Float.NaN));
    }
  }

  @Test
  void badOptionsAreRefused() {
    assertThatThrownBy(() -> options().workers(0).build()).hasMessageContaining("Invalid number of workers: 0");
    assertThatThrownBy(() -> options().localSgd(2, 0).build()).hasMessageContaining("Invalid local learning rate: 0.0");
    assertThatThrownBy(() -> options().checkpoint(3, null).build()).hasMessageContaining("needs a checkpointDir");
    assertThatThrownBy(() -> new SparkTrainer(sc, distributed, SparkTrainerTest::mlp, CrossEntropyLoss::new,
        SparkTrainerTest::sgd, options().workers(20).batchSize(20).build()))
        .hasMessageContaining("200 examples are fewer than one global batch of 20 workers x 20 examples");
    assertThatThrownBy(() -> DistributedDataset.of(sc, dataset, 0)).hasMessageContaining("invalid number of partitions 0");
  }
}
