package org.sgd4j.tensor.kernel;

import java.util.function.IntConsumer;

/**
 * The number of threads the tensor kernels may use, and the shared pool of daemon threads that runs
 * their parts.
 *
 * <p>The count starts at the system property {@code sgd4j.threads} when it is set, else at
 * {@link Runtime#availableProcessors()}, and can be changed with {@link #setThreads(int)}. Kernels
 * split their work in a fixed partition that depends only on the problem's shape and this count: part
 * {@code i} always covers the same outputs and computes each of them the same way, so results do not
 * depend on thread scheduling: the reproducibility contract of {@code docs/architecture.md}.
 *
 * <p>A kernel called from inside a pool thread runs its parts one after another on that thread, so
 * nested parallel calls neither deadlock nor oversubscribe the cores.
 */
public final class Parallel {
  /** The system property that sets the initial thread count. */
  public static final String THREADS_PROPERTY = "sgd4j.threads";

  private static volatile int threads =
      parseThreads(System.getProperty(THREADS_PROPERTY), Runtime.getRuntime().availableProcessors());

  /**
   * The pools, one per concurrent caller: a caller takes the first free one, so data-parallel workers
   * that each run kernels with a per-thread limit ({@link #limitThisThread}) each get their own helper
   * threads instead of all but one running inline. Grown on demand up to {@link #MAX_POOLS}.
   */
  private static volatile SpinPool[] pools = {new SpinPool("sgd4j-kernel")};

  /**
   * More concurrent callers than cores cannot all be running; past this many (and at least two), a
   * caller runs inline.
   */
  static final int MAX_POOLS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private Parallel() {}

  /**
   * How many parts a job of {@code work} units should be split into so that each part has at least
   * {@code minPerPart} units: {@code min(threads(), max(1, work / minPerPart))}.
   */
  public static int parts(long work, long minPerPart) {
    return (int) Math.min(threads(), Math.max(1, work / Math.max(1, minPerPart)));
  }

  /** Per-thread limits set by {@link #limitThisThread(int)}; null where none is set. */
  private static final ThreadLocal<Integer> THREAD_LIMIT = new ThreadLocal<>();

  /**
   * The number of threads kernels called from this thread may use, at least 1: the limit set for this
   * thread by {@link #limitThisThread(int)} if any, else the global count.
   */
  public static int threads() {
    Integer limit = THREAD_LIMIT.get();
    return limit != null ? limit : threads;
  }

  /**
   * Limits the kernels called from the current thread to {@code n} threads until the returned scope
   * is closed (then the previous limit is back). Data-parallel workers use it with {@code n = 1} so
   * that M workers do not each fan out to all cores. Results do not change: kernels give the same
   * bits for every thread count.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static Limit limitThisThread(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("Invalid thread count: " + n + " (must be at least 1)");
    }
    Integer previous = THREAD_LIMIT.get();
    THREAD_LIMIT.set(n);
    return () -> {
      if (previous == null) {
        THREAD_LIMIT.remove();
      } else {
        THREAD_LIMIT.set(previous);
      }
    };
  }

  /** The scope of a per-thread limit; {@link #close()} restores the previous one. */
  @FunctionalInterface
  public interface Limit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Sets the number of threads kernels may use from now on.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("Invalid thread count: " + n + " (must be at least 1)");
    }
    threads = n;
  }

  /** The thread count named by {@code value}, or {@code fallback} when {@code value} is null. */
  static int parseThreads(String value, int fallback) {
    if (value == null) {
      return Math.max(1, fallback);
    }
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid value of system property " + THREADS_PROPERTY + ": '" + value
          + "' (expected a positive integer)", e);
    }
    if (n < 1) {
      throw new IllegalArgumentException("Invalid value of system property " + THREADS_PROPERTY + ": " + n
          + " (must be at least 1)");
    }
    return n;
  }

  /**
   * Runs {@code part.accept(i)} for every {@code i} in {@code [0, parts)} and returns when all have
   * finished, on the calling thread and up to {@code threads() - 1} workers of a spinning pool
   * ({@link SpinPool}; concurrent callers each take a pool of their own): thread t of the job (the caller
   * is 0) runs the contiguous block of parts {@code [parts·t/T, parts·(t+1)/T)} first, then helps with
   * what is left of the others' blocks. All parts run on the calling thread when it is itself inside a
   * parallel part (nested calls), when one thread is allowed, or when as many callers as cores hold
   * every pool. The first failure is rethrown after the other parts ran.
   *
   * <p>Callers outside this package (convolution, pooling, optimizers) use it with a partition that
   * depends only on the problem's shape and {@link #parts}, so results stay bit-identical for a
   * given thread count.
   */
  public static void run(int parts, IntConsumer part) {
    int helpers = Math.min(parts, threads()) - 1;
    Recorder r = recorder;
    if (r != null && helpers >= 1) {
      if (RECORDING.get() == null) {
        runRecorded(r, parts, helpers + 1, part);
      } else {
        runInline(parts, part, null);
      }
      return;
    }
    if (helpers >= 1 && !insideJob()) {
      SpinPool[] current = pools;
      for (SpinPool pool : current) {
        if (pool.tryRun(parts, helpers, part)) {
          return;
        }
      }
      SpinPool added = addPool(current);
      if (added != null && added.tryRun(parts, helpers, part)) {
        return;
      }
    }
    // One part or one thread, a nested call, or every pool busy: the same parts, here.
    runInline(parts, part, null);
  }

  /**
   * A measurement hook (the benchmarks' {@code ScalingModel}): told, for every job that would have run on
   * more than one thread, how long each of its parts took when run alone.
   */
  @FunctionalInterface
  public interface Recorder {
    /**
     * A job of {@code partNanos.length} parts, which would have run on {@code threads} threads (the
     * caller and its helpers), ran part {@code i} in {@code partNanos[i]} ns on the calling thread.
     */
    void job(int threads, long[] partNanos);
  }

  private static volatile Recorder recorder;
  /** Set on a thread while it runs the parts of a recorded job: its nested calls run inline, unrecorded. */
  private static final ThreadLocal<Boolean> RECORDING = new ThreadLocal<>();

  /**
   * Sets the recorder, or with {@code null} removes it. While one is set, every job that would have run on
   * more than one thread runs its parts one after another on the calling thread, each timed, and
   * {@code recorder} is told their times: what each part costs in the partition of {@link #threads()}
   * threads, without the threads. It is for measuring, from one thread (the job's parts run on the caller,
   * nothing runs in parallel); a job's bits are those of a parallel run, as its parts compute the same.
   */
  public static void record(Recorder recorder) {
    Parallel.recorder = recorder;
  }

  /** The parts of a job on the calling thread, each timed, then {@code r} told; failures as in {@link #run}. */
  private static void runRecorded(Recorder r, int parts, int threads, IntConsumer part) {
    long[] nanos = new long[parts];
    RECORDING.set(Boolean.TRUE);
    try {
      runInline(parts, part, nanos);
    } finally {
      RECORDING.remove();
    }
    r.job(threads, nanos);
  }

  /** True when the calling thread is running a part of some pool's job (a nested call). */
  private static boolean insideJob() {
    if (SpinPool.isWorker()) {
      return true;
    }
    for (SpinPool pool : pools) {
      if (pool.heldByCurrentThread()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A new pool for a caller that found all of {@code seen} busy, or null at {@link #MAX_POOLS}; when
   * another caller has grown the set meanwhile, its newest pool is offered instead.
   */
  private static synchronized SpinPool addPool(SpinPool[] seen) {
    SpinPool[] current = pools;
    if (current != seen) {
      return current[current.length - 1];
    }
    if (current.length >= MAX_POOLS) {
      return null;
    }
    SpinPool[] grown = java.util.Arrays.copyOf(current, current.length + 1);
    grown[current.length] = new SpinPool("sgd4j-kernel-" + (current.length + 1));
    pools = grown;
    return grown[current.length];
  }

  /** A loop body over the index range {@code [from, to)}. */
  @FunctionalInterface
  public interface Range {
    void run(int from, int to);
  }

  /**
   * Runs {@code body} over {@code [0, n)} cut into {@code parts} contiguous ranges of near-equal size
   * (range {@code i} is {@code [n·i/parts, n·(i+1)/parts)}), on the kernel threads as {@link #run} does;
   * with {@code parts <= 1}, {@code body.run(0, n)} on the calling thread. The cut depends only on
   * {@code n} and {@code parts}, so an elementwise body gives the same bits for any thread count.
   */
  public static void runRanges(int n, int parts, Range body) {
    if (parts <= 1) {
      body.run(0, n);
      return;
    }
    run(parts, i -> body.run((int) ((long) n * i / parts), (int) ((long) n * (i + 1) / parts)));
  }

  /**
   * All parts on the calling thread, each one's time in {@code nanos[i]} when {@code nanos} is not null; the
   * first failure is rethrown after the others ran.
   */
  private static void runInline(int parts, IntConsumer part, long[] nanos) {
    RuntimeException failure = null;
    for (int i = 0; i < parts; i++) {
      long t0 = nanos == null ? 0L : System.nanoTime();
      try {
        part.accept(i);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
      }
      if (nanos != null) {
        nanos[i] = System.nanoTime() - t0;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
