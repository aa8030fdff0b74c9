package org.sgd4j.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.sgd4j.data.Batch;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.kernel.Kernels;
import org.sgd4j.tensor.kernel.Parallel;
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
    BenchArgs opts = new BenchArgs(args, java.util.Set.of("--model", "--batch", "--workers", "--threads", "--warmup",
        "--warmup-seconds", "--steps"));
    String model = opts.string("--model", "mlp");
    int batch = opts.integer("--batch", 16);
    int workers = opts.integer("--workers", 2);
    int threads = opts.integer("--threads", Parallel.threads());
    int warmup = opts.integer("--warmup", 200);
    double warmupSeconds = opts.real("--warmup-seconds", 0);
    int steps = opts.integer("--steps", 500);
    Parallel.setThreads(threads);
    Rng rng = new Rng(1);
    BenchModel bm = BenchModel.of(model, batch, rng);
    Module net = bm.net();
    double momentum = bm.momentum();
    SGD opt = new SGD(net.parameters(), SGD.options().withLr(1e-3).withMomentum(momentum));
    int pool = 16;
    Batch[] batches = new Batch[pool];
    for (int b = 0; b < pool; b++) {
      Tensor x = bm.randomInputs(rng);
      int[] labels = BenchModel.randomLabels(rng, batch);
      float[] y = new float[batch];
      for (int i = 0; i < batch; i++) {
        y[i] = labels[i];
      }
      batches[b] = new Batch(x, Tensor.wrap(y, batch), new int[batch]);
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
