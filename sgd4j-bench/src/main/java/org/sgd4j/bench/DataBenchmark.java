package org.sgd4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.sgd4j.data.Batch;
import org.sgd4j.data.DataLoader;
import org.sgd4j.data.FashionMnist;
import org.sgd4j.data.LabelMapping;
import org.sgd4j.data.LibSvm;
import org.sgd4j.data.LibSvmData;
import org.sgd4j.data.TensorDataset;

/**
 * Data-path costs: reading the Fashion-MNIST training set (gzip IDX, 60,000 x 784) into a float
 * tensor, one {@link DataLoader} epoch over it (shuffled, batch 16, with and without prefetch), and
 * reading LIBSVM a9a. The data directory is {@code -Dsgd4j.data=...}, else {@code $SGD4J_DATA}, else
 * {@code shared/datasets} above the working directory.
 *
 * <p>Run: {@code java -jar sgd4j-bench/target/benchmarks.jar DataBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class DataBenchmark {
  @Param({"0", "4"})
  public int prefetch;

  private Path dir;
  private TensorDataset train;
  private DataLoader loader;

  static Path dataDir() {
    String prop = System.getProperty("sgd4j.data", System.getenv("SGD4J_DATA"));
    if (prop != null) {
      return Path.of(prop);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("shared/datasets"))) {
        return p.resolve("shared/datasets");
      }
    }
    throw new IllegalStateException("datasets not found: pass -Dsgd4j.data=<dir>");
  }

  @Setup
  public void setup() throws IOException {
    dir = dataDir();
    train = FashionMnist.train(dir.resolve("fashion-mnist"));
    loader = DataLoader.of(train).batchSize(16).shuffle(true).seed(42).prefetch(prefetch).build();
  }

  /** Fashion-MNIST train images + labels, gunzipped, parsed, scaled to [0, 1] floats. */
  @Benchmark
  public TensorDataset readFashionMnistTrain() throws IOException {
    return FashionMnist.train(dir.resolve("fashion-mnist"));
  }

  /** One epoch: 3,750 shuffled batches of 16 assembled into (16, 1, 28, 28) tensors. */
  @Benchmark
  public void loaderEpochBatch16(Blackhole bh) {
    for (Batch b : loader) {
      bh.consume(b.x());
      bh.consume(b.y());
    }
  }

  /** LIBSVM a9a (32,561 rows, 2.3 MB of text) into labels and CSR. */
  @Benchmark
  public LibSvmData readA9a() throws IOException {
    return LibSvm.read(dir.resolve("libsvm/a9a/a9a"), LibSvm.options().dimension(123).labels(LabelMapping.PLUS_MINUS_ONE));
  }
}
