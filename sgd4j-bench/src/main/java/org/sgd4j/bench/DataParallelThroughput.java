package org.sgd4j.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sgd4j.data.Batch;
import org.sgd4j.nn.Conv2d;
import org.sgd4j.nn.ConvOptions;
import org.sgd4j.nn.Flatten;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.MaxPool2d;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.ReLU;
import org.sgd4j.nn.Sequential;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.Kernels;
import org.sgd4j.tensor.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.train.parallel.DataParallel;

/**
 * Throughput and allocation of synchronous data-parallel training ({@link DataParallel#step}, as
 * {@code sgd4j train --workers M} runs it): M workers with a batch of {@code batch} each, SGD with
 * momentum, over a pool of 16 pre-made random batches (data loading not measured), the same models as
 * {@link TrainThroughput}. After the warm-up, prints one JSON line with samples per second (wall) and
 * per CPU-second of the process, and the bytes allocated per step by the calling thread, the
 * data-parallel worker threads and the kernel pool threads together.
 *
 * <p>Usage: {@code DataParallelThroughput --model mlp|lenet --batch B --workers M --threads T
 * [--warmup W] [--warmup-seconds S] [--steps N]}.
 */
public final class DataParallelThroughput {
  private DataParallelThroughput() {}

  public static void main(String[] args) {
    String model = "mlp";
    int batch = 16;
    int workers = 2;
    int threads = Parallel.threads();
    int warmup = 200;
    double warmupSeconds = 0;
    int steps = 500;
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--model": model = v; break;
        case "--batch": batch = Integer.parseInt(v); break;
        case "--workers": workers = Integer.parseInt(v); break;
        case "--threads": threads = Integer.parseInt(v); break;
        case "--warmup": warmup = Integer.parseInt(v); break;
        case "--warmup-seconds": warmupSeconds = Double.parseDouble(v); break;
        case "--steps": steps = Integer.parseInt(v); break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Parallel.setThreads(threads);
    Rng rng = new Rng(1);
    Module net;
    int[] xShape;
    double momentum;
    if (model.equals("mlp")) {
      net = new Sequential(new Flatten(), new Linear(784, 512, rng), new ReLU(), new Linear(512, 512, rng), new ReLU(),
          new Linear(512, 10, rng));
      xShape = new int[] {batch, 1, 28, 28};
      momentum = 0.5;
    } else if (model.equals("lenet")) {
      net = new Sequential(new Conv2d(ConvOptions.builder(3, 6, 5).padding(2).build(), rng), new ReLU(),
          new MaxPool2d(2), new Conv2d(6, 16, 5, rng), new ReLU(), new MaxPool2d(2), new Flatten(),
          new Linear(16 * 6 * 6, 120, rng), new ReLU(), new Linear(120, 84, rng), new ReLU(), new Linear(84, 10, rng));
      xShape = new int[] {batch, 3, 32, 32};
      momentum = 0.9;
    } else {
      throw new IllegalArgumentException("unknown model " + model);
    }
    SGD opt = new SGD(net.parameters(), SGD.options().lr(1e-3).momentum(momentum));
    int pool = 16;
    Batch[] batches = new Batch[pool];
    int numel = Arrays.stream(xShape).reduce(1, (a, b) -> a * b);
    for (int b = 0; b < pool; b++) {
      float[] x = new float[numel];
      for (int i = 0; i < numel; i++) {
        x[i] = (float) rng.nextGaussian();
      }
      float[] y = new float[batch];
      for (int i = 0; i < batch; i++) {
        y[i] = Math.floorMod(rng.nextLong(), 10L);
      }
      batches[b] = new Batch(Tensor.wrap(x, xShape.clone()), Tensor.wrap(y, batch), new int[batch]);
    }
    var bean = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (DataParallel dp = new DataParallel(net, new CrossEntropyLoss(), opt, workers)) {
      int next = 0;
      double last = 0;
      long w0 = System.nanoTime();
      int warmed = 0;
      while (warmed < warmup || System.nanoTime() - w0 < warmupSeconds * 1e9) {
        last = dp.step(group(batches, next, workers)).loss();
        next += workers;
        warmed++;
      }
      long bytes0 = allocated(mx);
      long cpu0 = bean.getProcessCpuTime();
      long t0 = System.nanoTime();
      for (int s = 0; s < steps; s++) {
        last = dp.step(group(batches, next, workers)).loss();
        next += workers;
      }
      long wall = System.nanoTime() - t0;
      long cpu = bean.getProcessCpuTime() - cpu0;
      long bytes = allocated(mx) - bytes0;
      double samples = (double) steps * batch * workers;
      System.out.printf(java.util.Locale.ROOT,
          "{\"impl\":\"sgd4j-dp\",\"model\":\"%s\",\"batch\":%d,\"workers\":%d,\"threads\":%d,\"steps\":%d,"
              + "\"samples_per_s\":%.1f,\"samples_per_cpu_s\":%.1f,\"ms_per_step\":%.4f,\"alloc_bytes_per_step\":%d,"
              + "\"kernels\":\"%s\",\"loss\":%.6f,\"warmup_steps\":%d}%n",
          model, batch, workers, threads, steps, samples / (wall / 1e9), samples / (cpu / 1e9), wall / 1e6 / steps,
          bytes / steps, Kernels.get().name(), last, warmed);
    }
  }

  private static List<Batch> group(Batch[] batches, int next, int workers) {
    List<Batch> g = new ArrayList<>(workers);
    for (int m = 0; m < workers; m++) {
      g.add(batches[(next + m) % batches.length]);
    }
    return g;
  }

  /** Bytes allocated so far by this thread and the library's worker and kernel threads. */
  private static long allocated(com.sun.management.ThreadMXBean mx) {
    long sum = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
    for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("sgd4j-")) {
        sum += Math.max(0, mx.getThreadAllocatedBytes(info.getThreadId()));
      }
    }
    return sum;
  }
}
