package org.sgd4j.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 * MLP training steps (TrainThroughput's step) in blocks of 25,600 samples, each block tagged with the round
 * trip of a cache line between two threads (CoreRoundTrip) measured just before and just after it. On a VM
 * whose two vCPUs the host moves between cores that share a last-level cache (a round trip of about 70 ns on
 * Zen 4) and cores that do not (about 330 ns: another chiplet or socket), a two-thread run switches between
 * two speeds every few tens of seconds; this harness reports each kind of block apart
 * (bench/results/2026-12-05-part-affinity.md):
 *   javac -cp JAR -d /tmp/modes bench/ab/StepModes.java sgd4j-bench/src/main/java/org/sgd4j/bench/CoreRoundTrip.java
 *   java --add-modules jdk.incubator.vector -cp JAR:/tmp/modes org.sgd4j.bench.StepModes THREADS BATCH BLOCKS [WORKERS]
 * with WORKERS > 1 for data-parallel workers (DataParallel, as sgd4j train --workers runs them) of BATCH samples
 * each, sharing the THREADS kernel threads; with JAR a build's sgd4j-bench/target/benchmarks.jar (CoreRoundTrip is compiled too, for jars older than
 * it). Blocks whose two round trips disagree are dropped.
 */
public final class StepModes {
  private StepModes() {}

  public static void main(String[] a) throws InterruptedException {
    Parallel.setThreads(Integer.parseInt(a[0]));
    int batch = Integer.parseInt(a[1]);
    int blocks = Integer.parseInt(a[2]);
    int workers = a.length > 3 ? Integer.parseInt(a[3]) : 1;
    Rng rng = new Rng(1);
    BenchModel bm = BenchModel.of("mlp", batch, rng);
    Module net = bm.net();
    Optimizer<?> opt = bm.optimizer("sgd", net.parameters());
    BenchModel.Batches data = bm.randomBatches(16, rng);
    Tensor[] xs = data.inputs();
    int[][] ys = data.labels();
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    if (workers > 1) {
      org.sgd4j.data.Batch[] batches = data.asBatches();
      try (DataParallel dp = new DataParallel(net, lossFn, opt, workers)) {
        run(a[0] + " (" + workers + " data-parallel workers)", batch, blocks, workers,
            s -> dp.step(BenchModel.group(batches, s * workers, workers)));
      }
      return;
    }
    run(a[0], batch, blocks, 1, s -> step(net, lossFn, opt, xs[s % 16], ys[s % 16]));
  }

  /** One training step, the s-th. */
  private interface Step {
    void run(int s);
  }

  private static void run(String threads, int batch, int blocks, int workers, Step step) throws InterruptedException {
    int s = 0;
    for (long w0 = System.nanoTime(); System.nanoTime() - w0 < 4e9; s++) {
      step.run(s);
    }
    List<Double> far = new ArrayList<>();
    List<Double> near = new ArrayList<>();
    int per = Math.max(20, 25_600 / (batch * workers));
    for (int b = 0; b < blocks; b++) {
      double before = CoreRoundTrip.roundTripNanos(100_000);
      long t0 = System.nanoTime();
      for (int i = 0; i < per; i++, s++) {
        step.run(s);
      }
      double samplesPerS = per * (double) batch * workers / ((System.nanoTime() - t0) / 1e9);
      double after = CoreRoundTrip.roundTripNanos(100_000);
      if (before > 200 && after > 200) {
        far.add(samplesPerS);
      } else if (before < 150 && after < 150) {
        near.add(samplesPerS);
      }
    }
    System.out.printf(Locale.ROOT, "threads %s batch %d: far (round trip > 200 ns) %d blocks, median %s samples/s;"
        + " near (< 150 ns) %d blocks, median %s%n", threads, batch, far.size(), median(far), near.size(), median(near));
  }

  /** The median, or "-" for no blocks. */
  private static String median(List<Double> v) {
    if (v.isEmpty()) {
      return "-";
    }
    Collections.sort(v);
    return String.format(Locale.ROOT, "%.0f", v.get(v.size() / 2));
  }

  private static float step(Module net, CrossEntropyLoss lossFn, Optimizer<?> opt, Tensor x, int[] y) {
    Tensor loss = lossFn.apply(net.forward(x), y);
    Backward.overwriting(loss, net, opt);
    opt.step();
    return loss.item();
  }
}
