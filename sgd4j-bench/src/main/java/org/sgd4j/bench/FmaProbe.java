package org.sgd4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector width the JVM gives the Vector API on this machine, and the fp32 FMA throughput it
 * reaches: the peak that {@code bench/compare-pytorch} divides each case by, measured instead of
 * assumed from a model of the core.
 *
 * <p>The probe runs {@value #CHAINS} independent chains {@code acc_i = acc_i * m + c} of
 * {@code FloatVector.fma} on {@code SPECIES_PREFERRED} vectors: enough chains to cover the FMA
 * latency times the number of FMA units of current x86 cores (4 cycles x 2 units, 8 chains), so the
 * loop is bound by FMA throughput, not latency. Each FMA is {@code 2 x lanes} flops. It times
 * {@code rounds} bursts of {@code iters} iterations after a warm-up (the JIT compiles the loop first)
 * and reports the best burst, the closest to the machine's peak on a machine shared with other work.
 * With {@code --threads T} the same probe runs on T threads at once and the sum of their best bursts
 * is reported too (T cores' worth, when the operating system gives the probe T cores).
 *
 * <p>Usage: {@code FmaProbe [--threads 1] [--iters 1000000] [--rounds 50]}. Prints one JSON line:
 * {@code lanes}, {@code vector_bits}, {@code species}, {@code fma_gflops_per_thread} (the best burst
 * of one thread alone), {@code fma_gflops_all_threads} (T threads at once).
 */
public final class FmaProbe {
  /** Independent accumulator chains per thread. */
  static final int CHAINS = 12;

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private FmaProbe() {}

  public static void main(String[] args) throws Exception {
    BenchArgs opts = new BenchArgs(args, java.util.Set.of("--threads", "--iters", "--rounds"));
    int threads = opts.integer("--threads", 1);
    int iters = opts.integer("--iters", 1_000_000);
    int rounds = opts.integer("--rounds", 50);
    if (threads < 1 || iters < 1 || rounds < 1) {
      throw new IllegalArgumentException("--threads, --iters and --rounds must be at least 1");
    }
    // Warm-up: the JIT compiles the loop (C2) before the timed bursts.
    for (int r = 0; r < 20; r++) {
      sink += burst(iters / 10);
    }
    double one = best(iters, rounds);
    double all = one;
    if (threads > 1) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Callable<Double>> jobs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          jobs.add(() -> best(iters, rounds));
        }
        all = 0;
        for (Future<Double> f : pool.invokeAll(jobs)) {
          all += f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    System.out.printf(Locale.ROOT,
        "{\"impl\":\"java-vector\",\"species\":\"%s\",\"lanes\":%d,\"vector_bits\":%d,\"chains\":%d,"
            + "\"fma_gflops_per_thread\":%.1f,\"threads\":%d,\"fma_gflops_all_threads\":%.1f,\"sink\":%s}%n",
        SPECIES, SPECIES.length(), SPECIES.vectorBitSize(), CHAINS, one, threads, all,
        Float.isFinite((float) sink) ? "true" : "false");
  }

  /** Read at the end so that the JIT keeps the chains. */
  private static volatile double sink;

  /** The best GFLOPS of {@code rounds} bursts of {@code iters} iterations. */
  private static double best(int iters, int rounds) {
    double best = 0;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      float s = burst(iters);
      long dt = System.nanoTime() - t0;
      sink += s;
      best = Math.max(best, 2.0 * SPECIES.length() * CHAINS * (double) iters / dt);
    }
    return best;
  }

  /**
   * {@code iters} steps of {@value #CHAINS} independent chains {@code acc = acc * m + c}; returns a
   * value that depends on every chain. {@code m} slightly below 1 and {@code c} small keep the
   * accumulators bounded and normal.
   */
  private static float burst(int iters) {
    FloatVector m = FloatVector.broadcast(SPECIES, 0.999999f);
    FloatVector c = FloatVector.broadcast(SPECIES, 1e-6f);
    // Twelve named locals rather than an array: C2 keeps locals in vector registers, an array of vectors
    // may stay boxed in memory and then the loop would measure loads and stores.
    FloatVector a0 = FloatVector.broadcast(SPECIES, 1.0f);
    FloatVector a1 = FloatVector.broadcast(SPECIES, 1.1f);
    FloatVector a2 = FloatVector.broadcast(SPECIES, 1.2f);
    FloatVector a3 = FloatVector.broadcast(SPECIES, 1.3f);
    FloatVector a4 = FloatVector.broadcast(SPECIES, 1.4f);
    FloatVector a5 = FloatVector.broadcast(SPECIES, 1.5f);
    FloatVector a6 = FloatVector.broadcast(SPECIES, 1.6f);
    FloatVector a7 = FloatVector.broadcast(SPECIES, 1.7f);
    FloatVector a8 = FloatVector.broadcast(SPECIES, 1.8f);
    FloatVector a9 = FloatVector.broadcast(SPECIES, 1.9f);
    FloatVector a10 = FloatVector.broadcast(SPECIES, 2.0f);
    FloatVector a11 = FloatVector.broadcast(SPECIES, 2.1f);
    for (int i = 0; i < iters; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
      a10 = a10.fma(m, c);
      a11 = a11.fma(m, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
        .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }
}
