package org.sgd4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * The generic tensor ops of a training step: add and mul of 1M contiguous floats, an in-place
 * {@code add_} of 1M (gradient accumulation), a bias row added to a 64x512 batch, the bias gradient
 * (sum over dim 0 of 64x512), a convolution's bias gradient (sum over dims 0, 2, 3 of 64x16x12x12), a
 * sum over the last dim of 64x512, log-softmax of 64x10 (cross-entropy on a batch) and of 1024x1000, and
 * log-softmax's backward on 64x10. Scores are microseconds per call.
 *
 * <p>JMH: {@code java -jar sgd4j-bench/target/benchmarks.jar ElementwiseBenchmark [-p threads=2]}.
 * CPU time (meaningful on a shared machine; one thread): {@code java -cp
 * sgd4j-bench/target/benchmarks.jar org.sgd4j.bench.ElementwiseBenchmark [name filter]} prints, per op, the median
 * over 15 rounds of the calling thread's CPU time per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ElementwiseBenchmark {
  /** Threads the tensor kernels may use. */
  @Param({"1"})
  public int threads;

  private Tensor a1m;
  private Tensor b1m;
  private Tensor acc1m;
  private Tensor x64x512;
  private Tensor bias512;
  private Tensor maps64x16x12x12;
  private Tensor logits64x10;
  private Tensor logits1024x1000;
  private Tensor logp64x10;
  private Tensor grad64x10;

  /** Random operands from a fixed seed. */
  @Setup
  public void setup() {
    Parallel.setThreads(threads);
    Rng rng = new Rng(1);
    a1m = Tensor.randn(rng, 1 << 20);
    b1m = Tensor.randn(rng, 1 << 20);
    acc1m = Tensor.zeros(1 << 20);
    x64x512 = Tensor.randn(rng, 64, 512);
    bias512 = Tensor.randn(rng, 512);
    maps64x16x12x12 = Tensor.randn(rng, 64, 16, 12, 12);
    logits64x10 = Tensor.randn(rng, 64, 10);
    logits1024x1000 = Tensor.randn(rng, 1024, 1000);
    logp64x10 = logits64x10.logSoftmax(1);
    grad64x10 = Tensor.randn(rng, 64, 10);
  }

  /** {@code a + b}, 1M floats each. */
  @Benchmark
  public Tensor add1m() {
    return a1m.add(b1m);
  }

  /** {@code a * b}, 1M floats each. */
  @Benchmark
  public Tensor mul1m() {
    return a1m.mul(b1m);
  }

  /** {@code acc += a} in place, 1M floats (gradient accumulation). */
  @Benchmark
  public Tensor addInPlace1m() {
    return acc1m.add_(a1m);
  }

  /** A 512 bias row added to each of 64 rows. */
  @Benchmark
  public Tensor biasAdd64x512() {
    return x64x512.add(bias512);
  }

  /** The bias gradient: sum over dim 0 of 64x512. */
  @Benchmark
  public Tensor sumDim0of64x512() {
    return x64x512.sum(0);
  }

  /** A convolution's bias gradient: sum over dims 0, 2, 3 of 64x16x12x12. */
  @Benchmark
  public Tensor sumConvBias64x16x12x12() {
    return maps64x16x12x12.sum(new int[] {0, 2, 3}, false);
  }

  /** Sum over the last dim of 64x512 (one value per row). */
  @Benchmark
  public Tensor sumDim1of64x512() {
    return x64x512.sum(1);
  }

  /** Log-softmax over the last dim of 64x10. */
  @Benchmark
  public Tensor logSoftmax64x10() {
    return logits64x10.logSoftmax(1);
  }

  /** Log-softmax over the last dim of 1024x1000. */
  @Benchmark
  public Tensor logSoftmax1024x1000() {
    return logits1024x1000.logSoftmax(1);
  }

  /** Log-softmax's backward formula on 64x10: {@code g - exp(out) * sum(g, 1, keepdim)}. */
  @Benchmark
  public Tensor logSoftmaxBackward64x10() {
    return grad64x10.sub(logp64x10.exp().mul(grad64x10.sum(new int[] {1}, true)));
  }

  /**
   * Prints the median CPU time per call of each op (one thread).
   *
   * @param args optional: a substring of the op names to run (all by default)
   */
  public static void main(String[] args) {
    ElementwiseBenchmark b = new ElementwiseBenchmark();
    b.threads = 1;
    b.setup();
    Map<String, Supplier<Tensor>> ops = new LinkedHashMap<>();
    ops.put("add1m", b::add1m);
    ops.put("mul1m", b::mul1m);
    ops.put("addInPlace1m", b::addInPlace1m);
    ops.put("biasAdd64x512", b::biasAdd64x512);
    ops.put("sumDim0of64x512", b::sumDim0of64x512);
    ops.put("sumConvBias64x16x12x12", b::sumConvBias64x16x12x12);
    ops.put("sumDim1of64x512", b::sumDim1of64x512);
    ops.put("logSoftmax64x10", b::logSoftmax64x10);
    ops.put("logSoftmax1024x1000", b::logSoftmax1024x1000);
    ops.put("logSoftmaxBackward64x10", b::logSoftmaxBackward64x10);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (Map.Entry<String, Supplier<Tensor>> op : ops.entrySet()) {
      if (args.length > 0 && !op.getKey().contains(args[0])) {
        continue;
      }
      Supplier<Tensor> f = op.getValue();
      long t0 = mx.getCurrentThreadCpuTime();
      int reps = 0;
      while (mx.getCurrentThreadCpuTime() - t0 < 20_000_000L) {
        f.get();
        reps++;
      }
      for (int w = 0; w < reps * 40; w++) {
        f.get();
      }
      double[] us = new double[15];
      for (int round = 0; round < us.length; round++) {
        long c0 = mx.getCurrentThreadCpuTime();
        for (int r = 0; r < reps; r++) {
          f.get();
        }
        us[round] = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / reps;
      }
      Arrays.sort(us);
      System.out.printf("%-24s %10.2f us CPU per call (median of %d rounds of %d calls)%n", op.getKey(), us[us.length / 2],
          us.length, reps);
    }
  }
}
