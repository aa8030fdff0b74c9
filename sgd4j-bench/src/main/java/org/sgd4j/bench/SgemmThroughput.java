package org.sgd4j.bench;

import java.util.Arrays;
import org.sgd4j.tensor.kernel.Kernels;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * Square SGEMM speed for {@code bench/compare-pytorch}: {@code C = A B} with {@code n x n} matrices on
 * {@code T} threads, {@code 2 n^3 / time} over {@code rounds} timed products after a warm-up, printed
 * as one JSON line with the median and the best GFLOPS (wall clock), and {@code 2 n^3 rounds} per
 * CPU-second of the process over the timed products ({@code gflops_per_cpu_s}: steadier than the wall
 * clock on a shared machine at one thread; at more threads it also counts the pool's spinning).
 *
 * <p>Usage: {@code SgemmThroughput [--n 1024] [--threads 1] [--rounds 20]}.
 */
public final class SgemmThroughput {
  private SgemmThroughput() {}

  public static void main(String[] args) {
    int n = 1024;
    int threads = 1;
    int rounds = 20;
    for (int i = 0; i < args.length; i += 2) {
      int v = Integer.parseInt(args[i + 1]);
      switch (args[i]) {
        case "--n": n = v; break;
        case "--threads": threads = v; break;
        case "--rounds": rounds = v; break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Parallel.setThreads(threads);
    Rng rng = new Rng(1);
    float[] a = Tensor.rand(rng, n * n).data();
    float[] b = Tensor.rand(rng, n * n).data();
    float[] c = new float[n * n];
    Kernels k = Kernels.get();
    for (int r = 0; r < 5; r++) {
      k.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
    }
    var bean = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean();
    double[] gflops = new double[rounds];
    long cpu0 = bean.getProcessCpuTime();
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      k.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
      gflops[r] = 2.0 * n * n * n / (System.nanoTime() - t0);
    }
    long cpu = bean.getProcessCpuTime() - cpu0;
    Arrays.sort(gflops);
    System.out.printf(java.util.Locale.ROOT,
        "{\"impl\":\"sgd4j\",\"n\":%d,\"threads\":%d,\"gflops_median\":%.1f,\"gflops_best\":%.1f,\"gflops_per_cpu_s\":%.1f,"
            + "\"kernels\":\"%s\"}%n",
        n, threads, gflops[rounds / 2], gflops[rounds - 1], 2.0 * n * n * n * rounds / cpu, k.name());
  }
}
