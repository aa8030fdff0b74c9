package org.sgd4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.sgd4j.tensor.kernel.Kernels;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * Single-thread SGEMM speed per second of the calling thread's CPU time, {@code 2 m n k / cpu time}:
 * a companion to {@link SgemmBenchmark} that stays meaningful when other processes compete for the
 * cores (time the thread is descheduled is not counted). Prints the best of 30 rounds per shape after
 * a warm-up.
 *
 * <p>Run: {@code java [--add-modules jdk.incubator.vector] -cp sgd4j-bench/target/benchmarks.jar
 * org.sgd4j.bench.SgemmCpuTime [[nn:|nt:|tn:|tt:]MxNxK,...]}: a prefix reads A and/or B transposed, as a
 * layer's products do ({@code nt:} the forward {@code x Wᵀ}, {@code tn:} the weight gradient {@code gᵀ x}).
 */
public final class SgemmCpuTime {
  private SgemmCpuTime() {}

  public static void main(String[] args) {
    String shapes = args.length > 0 ? args[0] : "256x256x256,512x512x512,1024x1024x1024,64x512x784,64x512x512";
    Parallel.setThreads(1);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Kernels kernels = Kernels.get();
    System.out.println("kernels: " + kernels.name() + ", java " + System.getProperty("java.version"));
    for (String shape : shapes.split(",")) {
      GemmShape g = GemmShape.parse(shape);
      boolean transA = g.transA();
      boolean transB = g.transB();
      int m = g.m();
      int n = g.n();
      int k = g.k();
      Rng rng = new Rng(1);
      float[] a = Tensor.rand(rng, m * k).data();
      float[] b = Tensor.rand(rng, k * n).data();
      float[] c = new float[m * n];
      double flops = 2.0 * m * n * k;
      int reps = (int) Math.max(1, 2e8 / flops);
      for (int w = 0; w < 20; w++) {
        kernels.sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
      }
      double best = 0;
      for (int round = 0; round < 30; round++) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (int r = 0; r < reps; r++) {
          kernels.sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
        }
        best = Math.max(best, flops * reps / (mx.getCurrentThreadCpuTime() - t0));
      }
      System.out.printf("%-16s %6.1f GFLOPS per CPU-second (best of 30)%n", shape, best);
    }
  }
}
