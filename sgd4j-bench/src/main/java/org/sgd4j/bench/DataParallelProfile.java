package org.sgd4j.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.sgd4j.data.Batch;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.train.parallel.DataParallel;

/**
 * Data-parallel workers against one model, step by step, in one JVM: each configuration
 * {@code MxT} (M workers of T kernel threads each, batch B per worker, {@link DataParallel} as
 * {@code sgd4j train --workers M} runs it) trains its own copy of the model, and the configurations
 * take turns, a block of steps each, for several rounds, so that they see the same load on a shared
 * machine. Each step is timed in two phases: the workers' gradients with their average
 * ({@link DataParallel#computeGradients}) and the optimizer step. Prints, per configuration, the median
 * and the 10th percentile of each phase and of the whole step, and the samples per second they give;
 * the 10th percentile stands for the steps that other processes did not disturb, the nearest a loaded
 * machine gets to a quiet one.
 *
 * <p>Usage: {@code DataParallelProfile [--model mlp] [--batch 64] [--configs 1x2,2x1] [--steps 100]
 * [--rounds 5] [--warmup-seconds 3]}.
 */
public final class DataParallelProfile {
  private DataParallelProfile() {}

  public static void main(String[] args) {
    BenchArgs opts = new BenchArgs(args, java.util.Set.of("--model", "--batch", "--configs", "--steps", "--rounds",
        "--warmup-seconds"));
    String model = opts.string("--model", "mlp");
    int batch = opts.integer("--batch", 64);
    String[] configs = opts.string("--configs", "1x2,2x1").split(",");
    int steps = opts.integer("--steps", 100);
    int rounds = opts.integer("--rounds", 5);
    double warmupSeconds = opts.real("--warmup-seconds", 3);
    int n = configs.length;
    int[] workers = new int[n];
    int[] threads = new int[n];
    DataParallel[] dps = new DataParallel[n];
    Optimizer<?>[] opts2 = new Optimizer<?>[n];
    Batch[] batches = null;
    for (int c = 0; c < n; c++) {
      String[] mt = configs[c].split("x");
      if (mt.length != 2) {
        throw new IllegalArgumentException("--configs: '" + configs[c] + "' is not MxT (workers x threads each)");
      }
      workers[c] = Integer.parseInt(mt[0]);
      threads[c] = Integer.parseInt(mt[1]);
      Rng rng = new Rng(1);
      BenchModel bm = BenchModel.of(model, batch, rng);
      Module net = bm.net();
      opts2[c] = bm.optimizer("sgd", net.parameters());
      dps[c] = new DataParallel(net, new CrossEntropyLoss(), opts2[c], workers[c]);
      if (batches == null) {
        batches = bm.randomBatches(16, rng).asBatches();
      }
    }
    try {
      int next = 0;
      for (int c = 0; c < n; c++) {
        Parallel.setThreads(workers[c] * threads[c]);
        long w0 = System.nanoTime();
        while (System.nanoTime() - w0 < warmupSeconds * 1e9 / n) {
          dps[c].step(BenchModel.group(batches, next, workers[c]));
          next += workers[c];
        }
      }
      long[][][] samples = new long[n][3][rounds * steps];
      for (int r = 0; r < rounds; r++) {
        for (int c = 0; c < n; c++) {
          Parallel.setThreads(workers[c] * threads[c]);
          for (int s = 0; s < steps; s++) {
            List<Batch> g = BenchModel.group(batches, next, workers[c]);
            next += workers[c];
            long t0 = System.nanoTime();
            dps[c].computeGradients(g);
            long t1 = System.nanoTime();
            opts2[c].step();
            long t2 = System.nanoTime();
            samples[c][0][r * steps + s] = t1 - t0;
            samples[c][1][r * steps + s] = t2 - t1;
            samples[c][2][r * steps + s] = t2 - t0;
          }
        }
      }
      System.out.printf(Locale.ROOT, "%s, batch %d per worker; µs per step (median / 10th percentile)%n", model, batch);
      System.out.printf(Locale.ROOT, "%-8s %24s %20s %20s %26s%n", "config", "gradients + average", "optimizer step",
          "step", "samples/s (median / p10)");
      for (int c = 0; c < n; c++) {
        double[] p50 = new double[3];
        double[] p10 = new double[3];
        for (int p = 0; p < 3; p++) {
          long[] v = samples[c][p].clone();
          Arrays.sort(v);
          p50[p] = v[v.length / 2] / 1e3;
          p10[p] = v[(v.length - 1) / 10] / 1e3;
        }
        double perStep = (double) batch * workers[c];
        System.out.printf(Locale.ROOT, "%-8s %13.0f / %8.0f %11.0f / %6.0f %11.0f / %6.0f %14.0f / %9.0f%n", configs[c],
            p50[0], p10[0], p50[1], p10[1], p50[2], p10[2], perStep / p50[2] * 1e6, perStep / p10[2] * 1e6);
      }
    } finally {
      for (DataParallel dp : dps) {
        dp.close();
      }
    }
  }
}
