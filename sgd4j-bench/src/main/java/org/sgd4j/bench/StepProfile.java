package org.sgd4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.Sequential;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.kernel.Kernels;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.train.Backward;

/**
 * Where the time of one training step goes, at each thread count: the serial fraction of a step
 * (Amdahl's s in {@code speed-up(p) = 1 / (s + (1 - s) / p)}) and the phases that make it.
 *
 * <p>The step is {@link TrainThroughput}'s (same models and optimizers), with each module of the
 * model wrapped in a timer, so the forward pass is timed layer by layer (a {@code Linear} is its
 * product with the bias folded in; {@code ReLU}, {@code Flatten}, the convolutions and pooling on
 * their own), then the loss, the backward pass and the optimizer step. The backward pass is the one
 * {@link TrainThroughput} and the {@code Trainer} run, {@link Backward#overwriting} ({@code zero_grad()}
 * set to none, then {@code backward()}, written over the last step's gradients), so there is no
 * zeroing phase. It runs as one graph walk, so it is split after the fact: the products of the {@code Linear}
 * layers' backward ({@code dX = g W}, except for the first layer, and {@code dW = gᵀ X}) are replayed
 * alone with the same shapes on the same kernels, and the rest of the backward time (ReLU masks, bias
 * sums, the loss's gradient, the convolutions' backward, bookkeeping) is the difference.
 *
 * <p>The thread counts are interleaved within one JVM (a block of steps at each count in turn, for
 * {@code rounds} rounds) so that they see the same noise on a shared machine; each phase's figure is
 * the median over all its steps, in microseconds, and again the 10th percentile (the steps least
 * disturbed by other processes, on a shared machine). Per thread count p > the first, it prints each
 * phase's speed-up and the step's serial fraction by Karp–Flatt, {@code e = (1/S − 1/p') / (1 − 1/p')}
 * with {@code p'} the ratio of the thread counts; then one JSON line.
 *
 * <p>Usage: {@code StepProfile [--model mlp] [--optim sgd] [--batch 64] [--threads 1,2] [--steps 100]
 * [--rounds 5] [--warmup-seconds 3]}.
 */
public final class StepProfile {
  private StepProfile() {}

  /** A module that times its inner module's forward pass. */
  private static final class Timed extends Module {
    final String name;
    final Module inner;
    long nanos;

    Timed(String name, Module inner) {
      this.name = name;
      this.inner = registerModule(name, inner);
    }

    @Override
    public Tensor forward(Tensor input) {
      long t0 = System.nanoTime();
      Tensor y = inner.forward(input);
      nanos += System.nanoTime() - t0;
      return y;
    }
  }

  public static void main(String[] args) {
    BenchArgs opts = new BenchArgs(args, java.util.Set.of("--model", "--optim", "--batch", "--threads", "--steps",
        "--rounds", "--warmup-seconds"));
    String model = opts.string("--model", "mlp");
    String optim = opts.string("--optim", "sgd");
    int batch = opts.integer("--batch", 64);
    int[] threads = Arrays.stream(opts.string("--threads", "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
    int steps = opts.integer("--steps", 100);
    int rounds = opts.integer("--rounds", 5);
    double warmupSeconds = opts.real("--warmup-seconds", 3);
    Rng rng = new Rng(1);
    BenchModel bm = BenchModel.of(model, batch, rng);
    Sequential original = (Sequential) bm.net();
    List<Timed> layers = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Module m : original.children()) {
      String kind = m.getClass().getSimpleName().toLowerCase(Locale.ROOT);
      int k = seen.merge(kind, 1, Integer::sum);
      layers.add(new Timed(kind + k, m));
    }
    Sequential net = new Sequential(layers.toArray(new Module[0]));
    Optimizer<?> opt = bm.optimizer(optim, net.parameters());
    int pool = 16;
    BenchModel.Batches data = bm.randomBatches(pool, rng);
    Tensor[] xs = data.inputs();
    int[][] ys = data.labels();
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    BackwardProducts replay = new BackwardProducts(net, batch);

    List<String> phases = new ArrayList<>();
    for (Timed t : layers) {
      phases.add("forward " + t.name);
    }
    phases.addAll(List.of("loss", "backward (overwriting)", "  of which linear products (replayed)",
        "  of which the rest", "optimizer step", "outside these (Sequential, loss.item)", "step"));
    int nPhases = phases.size();
    // samples[thread index][phase][step]
    long[][][] samples = new long[threads.length][nPhases][rounds * steps];
    int step = 0;
    for (int ti = 0; ti < threads.length; ti++) {
      Parallel.setThreads(threads[ti]);
      long w0 = System.nanoTime();
      while (System.nanoTime() - w0 < warmupSeconds * 1e9 / threads.length) {
        oneStep(net, layers, lossFn, opt, xs[step % pool], ys[step % pool], null, 0);
        replay.run();
        step++;
      }
    }
    for (int r = 0; r < rounds; r++) {
      for (int ti = 0; ti < threads.length; ti++) {
        Parallel.setThreads(threads[ti]);
        for (int s = 0; s < steps; s++) {
          long[] row = new long[nPhases];
          oneStep(net, layers, lossFn, opt, xs[step % pool], ys[step % pool], row, layers.size());
          row[layers.size() + 2] = replay.run();
          for (int p = 0; p < nPhases; p++) {
            samples[ti][p][r * steps + s] = row[p];
          }
          step++;
        }
      }
    }
    System.out.println("medians:");
    print(model, optim, batch, threads, phases, derive(percentile(samples, 50), layers.size()), "median");
    System.out.println("10th percentiles (the steps least disturbed by other processes on a shared machine):");
    print(model, optim, batch, threads, phases, derive(percentile(samples, 10), layers.size()), "p10");
  }

  /**
   * Fills the rest of the backward pass (backward minus its replayed products) from the percentiles of
   * the two: they are timed apart, so a difference taken step by step would carry the noise of both.
   */
  private static double[][] derive(double[][] pct, int layerCount) {
    int backward = layerCount + 1;
    for (double[] row : pct) {
      row[backward + 2] = row[backward] - row[backward + 1];
    }
    return pct;
  }

  /** The {@code q}-th percentile of each thread count's and phase's step samples, in microseconds. */
  private static double[][] percentile(long[][][] samples, int q) {
    double[][] out = new double[samples.length][samples[0].length];
    for (int ti = 0; ti < samples.length; ti++) {
      for (int p = 0; p < samples[ti].length; p++) {
        long[] v = samples[ti][p].clone();
        Arrays.sort(v);
        out[ti][p] = v[(int) ((long) (v.length - 1) * q / 100)] / 1e3;
      }
    }
    return out;
  }

  /**
   * One step; {@code row}, when not null, gets each layer's forward time, then the loss and backward
   * times (at {@code layerCount + 1}), the optimizer step's (at {@code layerCount + 4}: the two slots
   * before it are the replayed products and the rest of backward), the step's time outside those phases
   * (the model's own loop, {@code loss.item}) and the whole step's (last).
   */
  private static void oneStep(Module net, List<Timed> layers, CrossEntropyLoss lossFn, Optimizer<?> opt, Tensor x,
                              int[] y, long[] row, int layerCount) {
    for (Timed t : layers) {
      t.nanos = 0;
    }
    long t0 = System.nanoTime();
    Tensor out = net.forward(x);
    long t1 = System.nanoTime();
    Tensor loss = lossFn.apply(out, y);
    long t2 = System.nanoTime();
    Backward.overwriting(loss, net, opt);
    long t3 = System.nanoTime();
    opt.step();
    long t4 = System.nanoTime();
    loss.item();
    if (row != null) {
      for (int i = 0; i < layerCount; i++) {
        row[i] = layers.get(i).nanos;
      }
      row[layerCount] = t2 - t1;
      row[layerCount + 1] = t3 - t2;
      row[layerCount + 4] = t4 - t3;
      row[row.length - 1] = t4 - t0;
      long timed = 0;
      for (int p = 0; p <= layerCount + 1; p++) {
        timed += row[p];
      }
      row[layerCount + 5] = row[row.length - 1] - timed - row[layerCount + 4];
    }
  }

  /** The Linear layers' backward products, replayed with the same shapes: dX = g W (not for the first), dW = gᵀ X. */
  private static final class BackwardProducts {
    private final List<int[]> shapes = new ArrayList<>();
    private final float[][] buffers;

    BackwardProducts(Module net, int batch) {
      collect(net, shapes);
      int max = 1;
      for (int[] s : shapes) {
        max = Math.max(max, Math.max(batch * Math.max(s[0], s[1]), s[0] * s[1]));
      }
      buffers = new float[4][max];
      Rng rng = new Rng(2);
      for (float[] b : buffers) {
        for (int i = 0; i < b.length; i++) {
          b[i] = (float) rng.nextGaussian();
        }
      }
      this.batch = batch;
    }

    private final int batch;

    private static void collect(Module m, List<int[]> out) {
      if (m instanceof Linear) {
        int[] w = m.namedParameters().get("weight").shape();
        out.add(new int[] {w[0], w[1]});
      }
      for (Module c : m.children()) {
        collect(c, out);
      }
    }

    /** Runs the products in backward order; their total wall time in nanoseconds. */
    long run() {
      Kernels k = Kernels.get();
      float[] g = buffers[0];
      float[] w = buffers[1];
      float[] x = buffers[2];
      float[] out = buffers[3];
      long t0 = System.nanoTime();
      for (int i = shapes.size() - 1; i >= 0; i--) {
        int o = shapes.get(i)[0];
        int in = shapes.get(i)[1];
        if (i > 0) {
          k.sgemm(false, false, batch, in, o, 1f, g, 0, o, w, 0, in, 0f, out, 0, in);
        }
        k.sgemm(true, false, o, in, batch, 1f, g, 0, o, x, 0, in, 0f, out, 0, in);
      }
      return System.nanoTime() - t0;
    }
  }

  private static void print(String model, String optim, int batch, int[] threads, List<String> phases, double[][] med,
                            String statistic) {
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-44s", model + " " + optim + " batch " + batch));
    for (int t : threads) {
      head.append(String.format(Locale.ROOT, "%12s", "t" + t + " µs"));
    }
    for (int ti = 1; ti < threads.length; ti++) {
      head.append(String.format(Locale.ROOT, "%14s", "speed-up t" + threads[ti]));
    }
    System.out.println(head);
    int stepRow = phases.size() - 1;
    for (int p = 0; p < phases.size(); p++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-44s", phases.get(p)));
      for (int ti = 0; ti < threads.length; ti++) {
        line.append(String.format(Locale.ROOT, "%12.1f", med[ti][p]));
      }
      for (int ti = 1; ti < threads.length; ti++) {
        line.append(String.format(Locale.ROOT, "%14.2f", med[0][p] / med[ti][p]));
      }
      line.append(String.format(Locale.ROOT, "   %4.1f%% of t%d step", 100 * med[0][p] / med[0][stepRow], threads[0]));
      System.out.println(line);
    }
    StringBuilder json = new StringBuilder();
    json.append(String.format(Locale.ROOT, "{\"model\":\"%s\",\"optim\":\"%s\",\"batch\":%d,\"kernels\":\"%s\",\"statistic\":\"%s\","
        + "\"phases_us\":{", model, optim, batch, Kernels.get().name(), statistic));
    for (int p = 0; p < phases.size(); p++) {
      json.append(p > 0 ? "," : "").append('"').append(phases.get(p).trim()).append("\":[");
      for (int ti = 0; ti < threads.length; ti++) {
        json.append(ti > 0 ? "," : "").append(String.format(Locale.ROOT, "%.1f", med[ti][p]));
      }
      json.append(']');
    }
    json.append("},\"threads\":").append(Arrays.toString(threads).replace(" ", "")).append(",\"serial_fraction\":[");
    for (int ti = 1; ti < threads.length; ti++) {
      double speedup = med[0][stepRow] / med[ti][stepRow];
      double ratio = (double) threads[ti] / threads[0];
      double e = (1 / speedup - 1 / ratio) / (1 - 1 / ratio);
      json.append(ti > 1 ? "," : "").append(String.format(Locale.ROOT, "%.3f", e));
      System.out.printf(Locale.ROOT, "step t%d/t%d: speed-up %.2f, serial fraction (Karp-Flatt) %.3f%n", threads[ti],
          threads[0], speedup, e);
    }
    json.append("]}");
    System.out.println(json);
  }
}
