package org.sgd4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sgd4j.tensor.kernel.Kernels;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * SGEMM throughput, {@code C = A * B} with A {@code m x k} and B {@code k x n}, for square sizes and the
 * MLP's layer shapes (batch 64: 64x784 times 784x512, 64x512 times 512x512), on 1 and 2 threads.
 *
 * <p>The secondary result {@code gflops} is {@code 2 * m * n * k} floating-point operations per call,
 * counted in units of 10^9, per second: GFLOPS. The kernels are whatever {@link Kernels#get()} picks
 * in the forked JVM: add {@code -jvmArgsAppend "--add-modules jdk.incubator.vector"} for the SIMD
 * ones. Example: {@code java -jar sgd4j-bench/target/benchmarks.jar SgemmBenchmark -wi 2 -i 3 -f 1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SgemmBenchmark {
  /**
   * {@code m x n x k}, optionally followed by {@code nt} (B transposed: a layer's forward
   * {@code x Wᵀ}) or {@code tn} (A transposed: a layer's weight gradient {@code gᵀ x}).
   */
  @Param({"256x256x256", "512x512x512", "1024x1024x1024", "64x512x784", "64x512x512", "16x512x784nt",
      "64x512x784nt", "16x512x512", "512x784x16tn", "512x784x64tn"})
  public String shape;

  @Param({"1", "2"})
  public int threads;

  private int m;
  private int n;
  private int k;
  private boolean transA;
  private boolean transB;
  private float[] a;
  private float[] b;
  private float[] c;

  /** Counts floating-point operations so JMH reports them per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Flops {
    /** Billions of floating-point operations done, {@code 2 m n k / 1e9} per call. */
    public double gflops;

    @Setup(Level.Iteration)
    public void reset() {
      gflops = 0;
    }
  }

  @Setup(Level.Trial)
  public void setup() {
    transB = shape.endsWith("nt");
    transA = shape.endsWith("tn");
    String[] dims = shape.replaceAll("(nt|tn)$", "").split("x");
    m = Integer.parseInt(dims[0]);
    n = Integer.parseInt(dims[1]);
    k = Integer.parseInt(dims[2]);
    Parallel.setThreads(threads);
    Rng rng = new Rng(1);
    a = Tensor.rand(rng, m * k).data();
    b = Tensor.rand(rng, k * n).data();
    c = new float[m * n];
    System.out.println("kernels: " + Kernels.get().name() + ", threads: " + Parallel.threads());
  }

  @Benchmark
  public float[] sgemm(Flops flops) {
    Kernels.get().sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
    flops.gflops += 2e-9 * m * n * k;
    return c;
  }
}
