package org.sgd4j.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.tensor.kernel.Kernels;
import org.sgd4j.tensor.kernel.Parallel;

/**
 * SGEMM speed at a given thread count, {@code C = op(A) op(B)} for square {@code n x n} matrices or any
 * shape {@link GemmShape} reads (such as a layer's {@code tn:512x784x256}), by two clocks:
 * wall time (median and best of the rounds) and the process's CPU time ({@code 2 n^3} per CPU-second
 * summed over threads, best round), the second staying meaningful when other processes compete for the
 * cores (though it counts the pool's spin-waiting as work).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp sgd4j-bench/target/benchmarks.jar
 * org.sgd4j.bench.SgemmCpuTimeThreads N|[nn:|nt:|tn:|tt:]MxNxK[,...] THREADS[,THREADS...] [ROUNDS]}.
 */
public final class SgemmCpuTimeThreads {
  private SgemmCpuTimeThreads() {}

  public static void main(String[] args) {
    GemmShape[] shapes = Arrays.stream((args.length > 0 ? args[0] : "1024,2048").split(",")).map(GemmShape::parse)
        .toArray(GemmShape[]::new);
    int[] threadCounts = Arrays.stream((args.length > 1 ? args[1] : "1,2").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Kernels kernels = Kernels.get();
    // The SIMD provider logs its tile and how it was chosen once at start-up.
    System.out.println("kernels: " + kernels.name() + ", java " + System.getProperty("java.version"));
    for (GemmShape g : shapes) {
      Rng rng = new Rng(1);
      float[] a = Tensor.rand(rng, g.m() * g.k()).data();
      float[] b = Tensor.rand(rng, g.k() * g.n()).data();
      float[] c = new float[g.m() * g.n()];
      double flops = g.flops();
      for (int threads : threadCounts) {
        Parallel.setThreads(threads);
        for (int w = 0; w < 5; w++) {
          kernels.sgemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), 1f, a, 0, g.lda(), b, 0, g.ldb(), 0f, c, 0, g.n());
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
            kernels.sgemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), 1f, a, 0, g.lda(), b, 0, g.ldb(), 0f, c, 0, g.n());
          }
          long t = System.nanoTime() - t0;
          long cpu = os.getProcessCpuTime() - c0;
          wall[r] = flops * reps / t;
          bestCpu = Math.max(bestCpu, flops * reps / Math.max(1, cpu));
        }
        Arrays.sort(wall);
        String what = g.m() == g.n() && g.n() == g.k() && !g.name().contains(":") ? "n=" + g.n() : "shape=" + g.name();
        System.out.printf("%s threads=%d wall_median=%.1f wall_best=%.1f cpu=%.1f GFLOPS%n", what, threads,
            wall[rounds / 2], wall[rounds - 1], bestCpu);
      }
    }
  }
}
