package org.sgd4j.bench;

import java.util.Locale;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.train.Backward;
import org.sgd4j.train.parallel.DataParallel;

/*
 * Variants of the kernels in one JVM, taking turns block by block, so that every variant meets the same core
 * placement (bench/results/2026-12-06-zen5-handovers.md). A run needs a throwaway build whose code reads a
 * switch, a public static volatile int MODE in org.sgd4j.tensor.kernel.SpinPool (that class made public), one
 * bit per change (say `if ((SpinPool.MODE & 1) != 0 && ...` in front of the new path); main has no such field.
 * Each variant warms up for 2 s, then each round runs blocks of 12,800 samples in every mode in turn, and prints
 * the cache line's round trip (CoreRoundTrip) before and after the round and each mode's samples/s:
 *   javac -cp JAR -d /tmp/alt bench/ab/AltModes.java sgd4j-bench/src/main/java/org/sgd4j/bench/CoreRoundTrip.java
 *   java --add-modules jdk.incubator.vector -Dmodes=0,1,2,3 [-Dmodel=lenet] -cp JAR:/tmp/alt \
 *     org.sgd4j.bench.AltModes THREADS BATCH ROUNDS [WORKERS]
 * with JAR that build's sgd4j-bench/target/benchmarks.jar, and WORKERS > 1 for data-parallel workers of BATCH samples
 * each sharing the THREADS kernel threads (as sgd4j train --workers runs them). The rounds whose two round trips are both above 200 ns
 * (cores without a shared cache) or both below 150 are then compared mode by mode (medians).
 */
/** Kernel variants taking turns in one JVM, each round tagged by the core placement around it. */
public final class AltModes {
  private AltModes() {}

  public static void main(String[] a) throws InterruptedException {
    Parallel.setThreads(Integer.parseInt(a[0]));
    int batch = Integer.parseInt(a[1]);
    int blocks = Integer.parseInt(a[2]);
    int workers = a.length > 3 ? Integer.parseInt(a[3]) : 1;
    Rng rng = new Rng(1);
    BenchModel bm = BenchModel.of(System.getProperty("model", "mlp"), batch, rng);
    Module net = bm.net();
    Optimizer<?> opt = bm.optimizer("sgd", net.parameters());
    BenchModel.Batches data = bm.randomBatches(16, rng);
    Tensor[] xs = data.inputs();
    int[][] ys = data.labels();
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    if (workers > 1) {
      org.sgd4j.data.Batch[] batches = data.asBatches();
      try (DataParallel dp = new DataParallel(net, lossFn, opt, workers)) {
        run(batch * workers, blocks, s -> dp.step(BenchModel.group(batches, s * workers, workers)));
      }
      return;
    }
    run(batch, blocks, s -> step(net, lossFn, opt, xs[s % 16], ys[s % 16]));
  }

  /** One training step, the s-th. */
  private interface Step {
    void run(int s);
  }

  private static void run(int batch, int blocks, Step step) throws InterruptedException {
    int[] modes = java.util.Arrays.stream(System.getProperty("modes", "0,1").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int s = 0;
    for (int m : modes) {
      org.sgd4j.tensor.kernel.SpinPool.MODE = m;
      for (long w0 = System.nanoTime(); System.nanoTime() - w0 < 2e9; s++) {
        step.run(s);
      }
    }
    int per = Math.max(20, 12_800 / batch);
    for (int b = 0; b < blocks; b++) {
      StringBuilder line = new StringBuilder();
      double before = CoreRoundTrip.roundTripNanos(50_000);
      for (int m : modes) {
        org.sgd4j.tensor.kernel.SpinPool.MODE = m;
        long t0 = System.nanoTime();
        for (int i = 0; i < per; i++, s++) {
          step.run(s);
        }
        line.append(String.format(Locale.ROOT, " m%d %.0f", m, per * (double) batch / ((System.nanoTime() - t0) / 1e9)));
      }
      double after = CoreRoundTrip.roundTripNanos(50_000);
      System.out.printf(Locale.ROOT, "rt %.0f %.0f%s%n", before, after, line);
    }
  }

  private static float step(Module net, CrossEntropyLoss lossFn, Optimizer<?> opt, Tensor x, int[] y) {
    Tensor loss = lossFn.apply(net.forward(x), y);
    Backward.overwriting(loss, net, opt);
    opt.step();
    return loss.item();
  }
}
