package org.sgd4j.tensor.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The start-up measurement that picks a GEMM tile ("measure, then remember", as ATLAS and FFTW tune
 * themselves): the candidates compute the same packed product on the calling thread, in turn, until
 * each has reached its compiled speed, then all are timed in interleaved rounds and each keeps its best
 * round, so a burst of load from other processes costs a candidate one round, not the choice. Times are
 * the calling thread's CPU time where the JVM measures it (time the thread waits for a core is not
 * counted), else wall time.
 *
 * <p>The warm-up has to see through the JIT's tiers: a Vector API kernel runs at well under a tenth of
 * its speed until C2 has compiled it (interpreted, then code that boxes its vectors), and it can sit on
 * such a plateau for a hundred products, longest for the largest tile; all candidates can even sit on
 * one together, early on. "No faster for a few products" alone would time a candidate before it is
 * compiled and never pick it. So the candidates take turns, one product each (the JIT compiles them side
 * by side), for at least {@link WarmUp#minRounds} turns, the product counts that bring C2 in; and a
 * candidate has warmed up when its last {@value #STALE_ROUNDS} products were no faster than its best and
 * that best is at least {@value #SETTLED_FRACTION} of the fastest candidate's, or it has been no faster
 * for {@link WarmUp#slowSettleNanos} (a tile that is slow when compiled). The warm-up stops at
 * {@link WarmUp#limitNanos} of CPU time whatever happens.
 */
final class GemmProbe {
  /** Interleaved timed rounds after the warm-up. */
  static final int ROUNDS = 5;
  /** Products per timed round. */
  static final int PER_ROUND = 4;
  /** Products in a row no faster than a candidate's best before it counts as warmed up. */
  static final int STALE_ROUNDS = 3;
  /** The fraction of the fastest candidate's speed a candidate must reach to count as warmed up. */
  static final double SETTLED_FRACTION = 0.5;

  /**
   * The warm-up's bounds: at least {@code minRounds} products per candidate; a candidate slower than
   * {@link #SETTLED_FRACTION} of the fastest counts as warmed up once it has been no faster for
   * {@code slowSettleNanos}; the whole warm-up stops at {@code limitNanos}. CPU time throughout.
   */
  record WarmUp(int minRounds, long slowSettleNanos, long limitNanos) {
    /** 150 products (C2 compiles a tile's micro-kernel after about 5,000 calls, 72 per product), 1 s, 4 s. */
    static final WarmUp DEFAULT = new WarmUp(150, 1_000_000_000L, 4_000_000_000L);
  }

  private GemmProbe() {}

  /**
   * The speed of each candidate, in GFLOPS per CPU-second, on an {@code m x n x k} product with
   * {@code m} and {@code n} multiples of every candidate's tile and {@code k} one k-block; kernel threads
   * limited to one.
   */
  static Map<String, Double> measure(Map<String, Kernels> candidates, int m, int n, int k) {
    return measure(candidates, m, n, k, WarmUp.DEFAULT);
  }

  /** {@link #measure(Map, int, int, int)} with the given warm-up bounds. */
  static Map<String, Double> measure(Map<String, Kernels> candidates, int m, int n, int k, WarmUp warmUp) {
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
      warmUp(candidates, m, n, k, a, b, c, warmUp);
      for (String name : candidates.keySet()) {
        best.put(name, 0.0);
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

  /**
   * Runs the product with each candidate in turn until every one has warmed up (see the class comment)
   * or the bounds say stop; returns the number of turns.
   */
  static int warmUp(Map<String, Kernels> candidates, int m, int n, int k, float[] a, float[] b, float[] c,
                    WarmUp bounds) {
    int count = candidates.size();
    Kernels[] kernels = candidates.values().toArray(new Kernels[0]);
    long[] best = new long[count];
    int[] stale = new int[count];
    long[] staleSince = new long[count];
    java.util.Arrays.fill(best, Long.MAX_VALUE);
    long start = now();
    int rounds = 0;
    boolean warm = false;
    while (!warm && now() - start < bounds.limitNanos()) {
      long fastest = Long.MAX_VALUE;
      for (int i = 0; i < count; i++) {
        long t0 = now();
        kernels[i].sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        long t1 = now();
        if (t1 - t0 < best[i] * 0.97) {
          best[i] = t1 - t0;
          stale[i] = 0;
        } else if (stale[i]++ == 0) {
          staleSince[i] = t1;
        }
        fastest = Math.min(fastest, best[i]);
      }
      warm = ++rounds >= bounds.minRounds();
      long t = now();
      for (int i = 0; i < count; i++) {
        warm &= stale[i] >= STALE_ROUNDS
            && (fastest >= SETTLED_FRACTION * best[i] || t - staleSince[i] >= bounds.slowSettleNanos());
      }
    }
    return rounds;
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

  /** The calling thread's CPU time in nanoseconds where the JVM measures it, else wall time. */
  static long now() {
    return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }
}
