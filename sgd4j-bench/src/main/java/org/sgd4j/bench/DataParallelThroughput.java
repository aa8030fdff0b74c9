package org.sgd4j.bench;

import java.lang.management.ManagementFactory;
import org.sgd4j.data.Batch;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.kernel.Kernels;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
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
 * [--warmup W] [--warmup-seconds S] [--steps N]}. {@code T} is the kernel threads of each worker: the
 * run sets the library's thread count to M·T, which {@link DataParallel} shares out among its M
 * workers ({@code Parallel.threads() / M} each), and the gradient average and the optimizer step run on
 * all M·T. So {@code --workers 2 --threads 8} is two workers of eight threads on sixteen cores, and
 * {@code --workers 1 --threads 16} one model with all of them. The JSON line records both
 * ({@code threads} per worker, {@code threads_total}).
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
    if (workers < 1 || threads < 1) {
      throw new IllegalArgumentException("--workers and --threads must be at least 1");
    }
    Parallel.setThreads(workers * threads);
    Rng rng = new Rng(1);
    BenchModel bm = BenchModel.of(model, batch, rng);
    Module net = bm.net();
    Optimizer<?> opt = bm.optimizer("sgd", net.parameters());
    Batch[] batches = bm.randomBatches(16, rng).asBatches();
    var bean = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (DataParallel dp = new DataParallel(net, new CrossEntropyLoss(), opt, workers)) {
      int next = 0;
      double last = 0;
      long w0 = System.nanoTime();
      int warmed = 0;
      while (warmed < warmup || System.nanoTime() - w0 < warmupSeconds * 1e9) {
        last = dp.step(BenchModel.group(batches, next, workers)).loss();
        next += workers;
        warmed++;
      }
      long bytes0 = allocated(mx);
      long cpu0 = bean.getProcessCpuTime();
      long t0 = System.nanoTime();
      for (int s = 0; s < steps; s++) {
        last = dp.step(BenchModel.group(batches, next, workers)).loss();
        next += workers;
      }
      long wall = System.nanoTime() - t0;
      long cpu = bean.getProcessCpuTime() - cpu0;
      long bytes = allocated(mx) - bytes0;
      double samples = (double) steps * batch * workers;
      System.out.printf(java.util.Locale.ROOT,
          "{\"impl\":\"sgd4j-dp\",\"model\":\"%s\",\"batch\":%d,\"workers\":%d,\"threads\":%d,\"threads_total\":%d,"
              + "\"steps\":%d,\"samples_per_s\":%.1f,\"samples_per_cpu_s\":%.1f,\"ms_per_step\":%.4f,\"alloc_bytes_per_step\":%d,"
              + "\"kernels\":\"%s\",\"loss\":%.6f,\"warmup_steps\":%d}%n",
          model, batch, workers, threads, Parallel.threads(), steps, samples / (wall / 1e9), samples / (cpu / 1e9), wall / 1e6 / steps,
          bytes / steps, Kernels.get().name(), last, warmed);
    }
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
