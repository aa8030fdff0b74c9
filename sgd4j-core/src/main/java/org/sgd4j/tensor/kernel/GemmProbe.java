package org.sgd4j.tensor.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The start-up measurement that picks a GEMM tile ("measure, then remember", as ATLAS and FFTW tune
 * themselves): each candidate computes the same packed product on the calling thread until its speed
 * stops improving (the JIT has compiled its micro-kernel), then all candidates are timed in interleaved
 * rounds and each keeps its best round, so a burst of load from other processes costs a candidate one
 * round, not the choice. Times are the calling thread's CPU time where the JVM measures it (time the
 * thread waits for a core is not counted), else wall time.
 */
final class GemmProbe {
  /** Interleaved timed rounds after the warm-up. */
  static final int ROUNDS = 5;
  /** Products per timed round. */
  static final int PER_ROUND = 4;
  /** The most CPU time one candidate's warm-up may take. */
  static final long WARM_UP_LIMIT_NANOS = 150_000_000L;

  private GemmProbe() {}

  /**
   * The speed of each candidate, in GFLOPS per CPU-second, on an {@code m x n x k} product with
   * {@code m} and {@code n} multiples of every candidate's tile and {@code k} one k-block; kernel threads
   * limited to one.
   */
  static Map<String, Double> measure(Map<String, Kernels> candidates, int m, int n, int k) {
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    float[] c = new float[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i % 17) * 0.125f - 1f;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (i % 13) * 0.25f - 1.5f;
    }
    double flops = 2.0 * m * n * k;
    Map<String, Double> best = new LinkedHashMap<>();
    try (Parallel.Limit limit = Parallel.limitThisThread(1)) {
      for (Map.Entry<String, Kernels> e : candidates.entrySet()) {
        warmUp(e.getValue(), m, n, k, a, b, c);
        best.put(e.getKey(), 0.0);
      }
      for (int round = 0; round < ROUNDS; round++) {
        for (Map.Entry<String, Kernels> e : candidates.entrySet()) {
          long t0 = now();
          for (int r = 0; r < PER_ROUND; r++) {
            e.getValue().sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
          }
          long t = Math.max(1, now() - t0);
          best.merge(e.getKey(), flops * PER_ROUND / t, Math::max);
        }
      }
    }
    return best;
  }

  /** Runs the product until three rounds in a row are no faster than the best so far (or the limit). */
  private static void warmUp(Kernels kernels, int m, int n, int k, float[] a, float[] b, float[] c) {
    long start = now();
    long best = Long.MAX_VALUE;
    int stale = 0;
    while (stale < 3 && now() - start < WARM_UP_LIMIT_NANOS) {
      long t0 = now();
      for (int r = 0; r < PER_ROUND; r++) {
        kernels.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
      }
      long t = now() - t0;
      if (t < best * 0.97) {
        best = t;
        stale = 0;
      } else {
        stale++;
      }
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

  /** The calling thread's CPU time in nanoseconds where the JVM measures it, else wall time. */
  static long now() {
    return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }
}
