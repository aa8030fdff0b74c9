package org.sgd4j.bench;

import java.lang.management.ManagementFactory;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.kernel.Kernels;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * Training throughput of the notes' models on random data, the Java half of
 * {@code bench/compare-pytorch} (whose Python half, {@code bench/torch_train.py}, runs the same loop in
 * PyTorch): after {@code warmup} steps, {@code steps} steps of forward, cross-entropy, zero-grad,
 * backward and optimizer step, over a pool of 16 pre-made random batches (so data loading is not
 * measured). Prints one JSON line with samples per second (wall) and per CPU-second of this process, and
 * the bytes the calling thread allocated per step (kernel pool threads not counted).
 *
 * <p>The warm-up runs at least {@code warmup} steps and at least {@code warmup-seconds} seconds: the
 * JIT compiles the kernels during the first seconds of a run (on two cores its compiler threads share
 * them with the training), so the measured steps see the steady state that most of a training run sees.
 * The warm-up's own throughput is reported too ({@code warmup_samples_per_s}), so that start-up cost
 * stays visible.
 *
 * <p>Usage: {@code TrainThroughput --model mlp|lenet --batch N --optim sgd|adam --threads T
 * [--warmup W] [--warmup-seconds T] [--steps S]}. Models: {@code mlp} = Flatten, Linear(784, 512), ReLU, Linear(512, 512),
 * ReLU, Linear(512, 10) with SGD lr 1e-3 momentum 0.5 (the notes' Fashion-MNIST script);
 * {@code lenet} = LeNet-5 on 3x32x32 (d2l.ai §7.6, as {@code sgd4j train --model lenet}) with SGD lr
 * 1e-3 momentum 0.9 (PyTorch's CIFAR-10 tutorial). {@code adam}: Adam lr 1e-3.
 */
public final class TrainThroughput {
  private TrainThroughput() {}

  public static void main(String[] args) {
    BenchArgs opts = new BenchArgs(args, java.util.Set.of("--model", "--optim", "--batch", "--threads", "--warmup",
        "--steps", "--warmup-seconds"));
    String model = opts.string("--model", "mlp");
    String optim = opts.string("--optim", "sgd");
    int batch = opts.integer("--batch", 16);
    int threads = opts.integer("--threads", Parallel.threads());
    int warmup = opts.integer("--warmup", 300);
    int steps = opts.integer("--steps", 1000);
    double warmupSeconds = opts.real("--warmup-seconds", 0);
    Parallel.setThreads(threads);
    Rng rng = new Rng(1);
    BenchModel bm = BenchModel.of(model, batch, rng);
    Module net = bm.net();
    Optimizer<?> opt = bm.optimizer(optim, net.parameters());
    int pool = 16;
    BenchModel.Batches data = bm.randomBatches(pool, rng);
    Tensor[] xs = data.inputs();
    int[][] ys = data.labels();
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    float last = 0f;
    long w0 = System.nanoTime();
    int warmed = 0;
    while (warmed < warmup || System.nanoTime() - w0 < warmupSeconds * 1e9) {
      last = step(net, lossFn, opt, xs[warmed % pool], ys[warmed % pool]);
      warmed++;
    }
    double warmWall = (System.nanoTime() - w0) / 1e9;
    var bean = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long bytes0 = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
    long cpu0 = bean.getProcessCpuTime();
    long t0 = System.nanoTime();
    for (int s = 0; s < steps; s++) {
      last = step(net, lossFn, opt, xs[(warmed + s) % pool], ys[(warmed + s) % pool]);
    }
    long wall = System.nanoTime() - t0;
    long cpu = bean.getProcessCpuTime() - cpu0;
    long bytes = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - bytes0;
    double samples = (double) steps * batch;
    System.out.printf(java.util.Locale.ROOT,
        "{\"impl\":\"sgd4j\",\"model\":\"%s\",\"optim\":\"%s\",\"batch\":%d,\"threads\":%d,\"steps\":%d,"
            + "\"samples_per_s\":%.1f,\"samples_per_cpu_s\":%.1f,\"ms_per_step\":%.4f,\"alloc_bytes_per_step\":%d,\"kernels\":\"%s\",\"loss\":%.6f,"
            + "\"warmup_steps\":%d,\"warmup_samples_per_s\":%.1f}%n",
        model, optim, batch, threads, steps, samples / (wall / 1e9), samples / (cpu / 1e9), wall / 1e6 / steps, bytes / steps,
        Kernels.get().name(), last, warmed, (double) warmed * batch / warmWall);
  }

  private static float step(Module net, CrossEntropyLoss lossFn, Optimizer<?> opt, Tensor x, int[] y) {
    Tensor loss = lossFn.apply(net.forward(x), y);
    // In place, as torch 1.13's zero_grad() (bench/torch_train.py): no gradient tensor per step.
    opt.zeroGrad(false);
    loss.backward();
    opt.step();
    return loss.item();
  }
}
