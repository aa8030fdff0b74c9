package org.sgd4j.train.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.sgd4j.data.Batch;
import org.sgd4j.nn.BatchNorm;
import org.sgd4j.nn.Dropout;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.Tensor;

/**
 * Synchronous data-parallel SGD on one machine: M worker threads, one shared set of weights and one
 * optimizer. One {@link #step} is the notes' recipe
 *
 * <pre>
 *   for m = 0 … M−1, in parallel:   g_m = ∇_θ L(θ; batch_m)          (worker m, its own activations)
 *   ḡ = (g_0 + … + g_{M−1}) / M                                      (worker order, GradientAverage)
 *   θ.grad = ḡ;  optimizer.step()                                    (once, on the calling thread)
 * </pre>
 *
 * which, for a mean-reduced loss and equal batch sizes B, is one step with the global batch of size
 * M·B. Workers compute with {@link BatchGradient} ({@code Autograd.gradInto}), so they never write
 * the shared {@code grad()} fields; the weights are only read while workers run and only written by
 * the optimizer after all of them have finished. The average is summed in worker order, so a run is
 * bit-identical whatever the thread scheduling, and bit-identical to the sequential loop that computes
 * g_0, …, g_{M−1} one after another.
 *
 * <p>Buffers: each worker keeps one gradient buffer per parameter from step to step, and ḡ is written
 * over the parameters' gradients in place ({@link GradientAverage#setGrads}; a new tensor only after
 * a {@code zeroGrad()} that set them to none); so a steady loop allocates no gradient memory per step.
 *
 * <p>Threads: the workers share the kernel threads ({@code org.sgd4j.tensor.kernel.Parallel}), each
 * getting {@code threads() / M} of them. With one each, the workers are the parts of one job on the
 * kernel pool, so a step hands the batches to threads that are spinning for the next job instead of
 * waking parked ones, and each thread runs the same worker at every step; with more, the workers are
 * threads of their own whose kernels call the pool (which accepts concurrent callers).
 *
 * <p>For M ≥ 2 the model must not change state in its forward pass: {@link Dropout} (its masks would
 * depend on scheduling) and {@link BatchNorm} (running statistics written concurrently; batch statistics
 * of B instead of M·B examples) are refused in training mode.
 */
public final class DataParallel implements AutoCloseable {
  private final Module model;
  private final Loss loss;
  private final Optimizer<?> optimizer;
  private final List<Tensor> params;
  private final int workers;
  private final ExecutorService pool;
  /**
   * Worker m's gradient buffers, reused from step to step (written only by worker m, read by the
   * calling thread after the worker's future completes).
   */
  private final List<Tensor>[] buffers;

  /**
   * @param model the model; its parameters are the shared weights
   * @param loss the loss, applied to each worker's batch (mean reduction for the M·B equivalence)
   * @param optimizer the optimizer over (some of) the model's parameters
   * @param workers M, the number of worker threads, {@code >= 1}
   * @throws IllegalArgumentException if {@code workers < 1}, or M ≥ 2 and the model holds a module
   *     whose forward pass changes its state in training mode
   */
  public DataParallel(Module model, Loss loss, Optimizer<?> optimizer, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("Invalid number of workers: " + workers + " (must be at least 1)");
    }
    if (workers > 1) {
      requireStatelessForward("", model);
    }
    this.model = model;
    this.loss = loss;
    this.optimizer = optimizer;
    this.params = model.parameters();
    this.workers = workers;
    this.pool = workers > 1 ? Executors.newFixedThreadPool(workers - 1, new WorkerThreads()) : null;
    @SuppressWarnings("unchecked")
    List<Tensor>[] perWorker = new List[workers];
    this.buffers = perWorker;
  }

  private static void requireStatelessForward(String path, Module module) {
    if (module.isTraining() && (module instanceof Dropout || module instanceof BatchNorm)) {
      throw new IllegalArgumentException("DataParallel: module '" + (path.isEmpty() ? "<root>" : path) + "' ("
          + module.getClass().getSimpleName() + ") changes state in its forward pass in training mode, which"
          + " M >= 2 worker threads cannot share; use workers = 1 or a model without it");
    }
    for (Map.Entry<String, Module> c : module.namedChildren().entrySet()) {
      requireStatelessForward(path.isEmpty() ? c.getKey() : path + "." + c.getKey(), c.getValue());
    }
  }

  /** M. */
  public int workers() {
    return workers;
  }

  /** The model's parameters, in the order of the gradient lists. */
  public List<Tensor> params() {
    return params;
  }

  /**
   * One synchronous step over the workers' batches: batch m goes to worker m. Fewer than M batches
   * (the end of an epoch) leave the last workers idle; the average is then weighted by the batches'
   * sizes, so the step is still the one of the concatenated batch.
   *
   * @param batches 1 to M batches, in worker order
   * @return the example-weighted mean loss, the number of examples and the workers' losses
   * @throws IllegalArgumentException if there are no batches or more than M
   */
  public StepResult step(List<Batch> batches) {
    StepResult r = computeGradients(batches);
    optimizer.step();
    return r;
  }

  /**
   * The first half of {@link #step}: the workers' gradients, averaged into every parameter's
   * {@code grad()}, without the optimizer step (for a caller that checks the loss first, e.g. to stop
   * a diverging run before the update).
   *
   * @param batches 1 to M batches, in worker order
   * @throws IllegalArgumentException if there are no batches or more than M
   */
  public StepResult computeGradients(List<Batch> batches) {
    if (batches.isEmpty() || batches.size() > workers) {
      throw new IllegalArgumentException("DataParallel.step: got " + batches.size() + " batches for " + workers
          + " workers (one batch per worker, at least one)");
    }
    List<BatchGradient> grads = gradients(batches);
    GradientAverage.setGrads(grads, params);
    return StepResult.of(grads);
  }

  /** The workers' gradients at the current weights, in worker order (worker 0 on the calling thread). */
  List<BatchGradient> gradients(List<Batch> batches) {
    int n = batches.size();
    // The workers share the kernel threads: M workers x threads() each would oversubscribe the cores.
    // Kernels give the same bits for every thread count, so this changes only the speed.
    int kernelThreads = Math.max(1, org.sgd4j.tensor.kernel.Parallel.threads() / n);
    if (n > 1 && kernelThreads == 1) {
      return onKernelPool(batches);
    }
    List<Future<BatchGradient>> futures = new ArrayList<>(n);
    for (int m = 1; m < n; m++) {
      Batch b = batches.get(m);
      int slot = m;
      futures.add(pool.submit(() -> gradient(slot, kernelThreads, b)));
    }
    List<BatchGradient> out = new ArrayList<>(n);
    RuntimeException failure = null;
    try {
      out.add(gradient(0, kernelThreads, batches.get(0)));
    } catch (RuntimeException e) {
      failure = e;
    }
    for (int m = 1; m < n; m++) {
      try {
        out.add(await(futures.get(m - 1)));
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return out;
  }

  /**
   * Workers of one kernel thread each, as the parts of one job on the kernel pool
   * ({@link org.sgd4j.tensor.kernel.Parallel#run}, part m = worker m): the pool's threads wait for the next
   * job by spinning a while, as between the kernels of a step, so a step hands its batches over without
   * waking a parked thread, and each thread runs the same workers at every step (the pool deals parts in
   * blocks). The workers' own kernel calls are nested in that job and so run on the worker's thread, with
   * the bits of one kernel thread. At most {@code threads()} workers run at once; more take turns. A
   * failure is rethrown after all workers ran, the first in worker order.
   */
  private List<BatchGradient> onKernelPool(List<Batch> batches) {
    int n = batches.size();
    BatchGradient[] out = new BatchGradient[n];
    RuntimeException[] failures = new RuntimeException[n];
    org.sgd4j.tensor.kernel.Parallel.run(n, m -> {
      try {
        out[m] = gradient(m, 1, batches.get(m));
      } catch (RuntimeException e) {
        failures[m] = e;
      }
    });
    for (RuntimeException e : failures) {
      if (e != null) {
        throw e;
      }
    }
    return java.util.Arrays.asList(out);
  }

  /** Worker {@code m}'s gradient, written into its own buffers (allocated on its first step). */
  private BatchGradient gradient(int m, int kernelThreads, Batch b) {
    if (buffers[m] == null) {
      buffers[m] = BatchGradient.buffersFor(params);
    }
    try (var limit = org.sgd4j.tensor.kernel.Parallel.limitThisThread(kernelThreads)) {
      return BatchGradient.of(model, loss, params, b.x(), b.y(), buffers[m]);
    }
  }

  /** Waits for a worker; its exception is rethrown as is (or wrapped, naming the worker's failure). */
  private static BatchGradient await(Future<BatchGradient> f) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException("data-parallel worker failed", cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops the worker threads. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /**
   * What one step computed.
   *
   * @param loss the example-weighted mean of the workers' losses, Σ_m n_m L_m / N (the global batch's
   *     mean loss for a mean-reduced loss)
   * @param examples N, the number of examples in the step
   * @param workerLosses L_m, in worker order
   */
  public record StepResult(double loss, int examples, double[] workerLosses) {
    static StepResult of(List<BatchGradient> grads) {
      double weighted = 0;
      int n = 0;
      double[] each = new double[grads.size()];
      for (int m = 0; m < grads.size(); m++) {
        BatchGradient g = grads.get(m);
        each[m] = g.loss();
        weighted += g.loss() * g.examples();
        n += g.examples();
      }
      return new StepResult(weighted / n, n, each);
    }
  }

  private static final class WorkerThreads implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "sgd4j-dp-worker-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
