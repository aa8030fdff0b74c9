package org.sgd4j.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.tensor.kernel.Kernels;
import org.sgd4j.tensor.kernel.Parallel;

/**
 * SGEMM speed at a given thread count, {@code C = A B} for square {@code n x n} matrices, by two clocks:
 * wall time (median and best of the rounds) and the process's CPU time ({@code 2 n^3} per CPU-second
 * summed over threads, best round), the second staying meaningful when other processes compete for the
 * cores (though it counts the pool's spin-waiting as work).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp sgd4j-bench/target/benchmarks.jar
 * org.sgd4j.bench.SgemmCpuTimeThreads N[,N...] THREADS[,THREADS...] [ROUNDS]}.
 */
public final class SgemmCpuTimeThreads {
  private SgemmCpuTimeThreads() {}

  public static void main(String[] args) {
    int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1024,2048").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    int[] threadCounts = Arrays.stream((args.length > 1 ? args[1] : "1,2").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Kernels kernels = Kernels.get();
    // The SIMD provider logs its tile and how it was chosen once at start-up.
    System.out.println("kernels: " + kernels.name() + ", java " + System.getProperty("java.version"));
    for (int n : sizes) {
      Rng rng = new Rng(1);
      float[] a = Tensor.rand(rng, n * n).data();
      float[] b = Tensor.rand(rng, n * n).data();
      float[] c = new float[n * n];
      double flops = 2.0 * n * n * n;
      for (int threads : threadCounts) {
        Parallel.setThreads(threads);
        for (int w = 0; w < 5; w++) {
          kernels.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        }
        // The process CPU clock ticks in milliseconds or coarser: rounds of at least 40 GFLOP (a quarter of a
        // CPU-second or more) keep its granularity under a few percent.
        int reps = (int) Math.ceil(4e10 / flops);
        double[] wall = new double[rounds];
        double bestCpu = 0;
        for (int r = 0; r < rounds; r++) {
          long c0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          for (int i = 0; i < reps; i++) {
            kernels.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
          }
          long t = System.nanoTime() - t0;
          long cpu = os.getProcessCpuTime() - c0;
          wall[r] = flops * reps / t;
          bestCpu = Math.max(bestCpu, flops * reps / Math.max(1, cpu));
        }
        Arrays.sort(wall);
        System.out.printf("n=%d threads=%d wall_median=%.1f wall_best=%.1f cpu=%.1f GFLOPS%n", n, threads,
            wall[rounds / 2], wall[rounds - 1], bestCpu);
      }
    }
  }
}
