package org.sgd4j.tensor.kernel;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The low-latency fork-join behind {@link Parallel#run}: a fixed set of daemon workers that, after
 * each job, busy-wait ({@link Thread#onSpinWait()}) for a short while before parking, so the
 * back-to-back kernel calls of a training step (a few tens of microseconds apart) are handed over
 * without waking a parked thread each time — the role of OpenMP's active wait policy in PyTorch.
 *
 * <p>One job at a time: the caller claims the job under a lock (a second caller that finds the pool
 * busy tries another pool, see {@link Parallel#run}). The job's threads are numbered, the caller 0 and
 * the signalled workers 1, 2, …, and the parts are dealt out as OpenMP's static schedule deals them:
 * thread t owns the contiguous block of parts {@code [P·t/T, P·(t+1)/T)}. Each thread runs its own
 * block first, then claims what is left of the others' blocks, in turn. Within a block, parts are
 * claimed from the block's own counter, so every part runs once, whoever runs it.
 *
 * <p>Why blocks. Kernels cut consecutive ops the same way (contiguous ranges in order), so on a quiet
 * machine thread t runs the same stretch of the data in every op of a step and in every step: what it
 * wrote, it reads next, from its own caches. Parts taken from one shared counter land on a different
 * thread at each call, and every handover of data between cores crosses the caches, expensive where
 * the cores do not share a last-level cache (AMD's chiplets, several sockets). Claiming the others'
 * leftovers keeps a thread that the OS has descheduled from holding up the job. But a thread that is only
 * a little behind keeps its block: a thread out of parts takes the next part of a block whose owner has
 * begun it only once the owner has taken none for {@value #PATIENCE_PARTS} times the mean time of its own
 * parts (at least {@value #MIN_PATIENCE_NANOS} ns); from a block not yet begun it takes at once. Taken at
 * once, the last part or two of a block whose owner had started a little late went to the other thread in
 * about one optimizer step in ten, and with them the rows they update: between cores without a shared
 * cache, both that update and the next step's reads of those rows crossed between the caches
 * (bench/results/2026-12-06-zen5-handovers.md).
 *
 * <p>What a part computes depends only on its index, so results stay bit-identical whoever runs it.
 * When the caller has run out of parts it revokes the job from every signalled worker that has not
 * claimed it yet (so a worker the OS has not scheduled never delays it) and waits for those that did,
 * so no worker touches a job's state after it ended.
 *
 * <p>The spin time is {@value #DEFAULT_SPIN_MICROS} µs, or the system property
 * {@code sgd4j.spinMicros} (0 parks at once, trading latency for idle CPU).
 */
final class SpinPool {
  static final int DEFAULT_SPIN_MICROS = 200;
  private static final long SPIN_NANOS =
      1000L * Long.getLong("sgd4j.spinMicros", DEFAULT_SPIN_MICROS);

  /**
   * How long a thread that has run out of parts waits for another thread's next part, in parts of its own:
   * an owner that took a part within three of this thread's parts is working and keeps its block.
   */
  static final long PATIENCE_PARTS = 3;
  /** The least patience, in ns: a few signals between cores that share no cache. */
  static final long MIN_PATIENCE_NANOS = 2_000;
  /** The patience of a thread that ran no part of its own block, in ns. */
  static final long NO_PARTS_PATIENCE_NANOS = 20_000;

  private final long minPatience;
  private final long patienceWithoutParts;
  private final ReentrantLock lock = new ReentrantLock();
  private final String name;
  private Worker[] workers = new Worker[0];
  private long generation;

  /** Ints between two threads' block counters, so that each counter sits on a cache line of its own. */
  private static final int PAD = 16;

  private IntConsumer body;
  private int parts;
  /** The job's threads: the caller and its helpers. */
  private int threads;
  /** Thread t's next unclaimed part of its block, at index {@code t · PAD}. */
  private AtomicIntegerArray next = new AtomicIntegerArray(PAD);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /** A pool whose worker threads are named {@code name-1}, {@code name-2}, … */
  SpinPool(String name) {
    this(name, MIN_PATIENCE_NANOS, NO_PARTS_PATIENCE_NANOS);
  }

  /**
   * A pool whose threads wait at least {@code minPatience} ns, or {@code patienceWithoutParts} when they ran
   * no part of their own block, for a working thread's next part before taking it.
   */
  SpinPool(String name, long minPatience, long patienceWithoutParts) {
    this.name = name;
    this.minPatience = minPatience;
    this.patienceWithoutParts = patienceWithoutParts;
  }

  /** True when the calling thread is this pool's caller, inside {@link #tryRun}. */
  boolean heldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }

  /** True when the calling thread is a worker of any pool. */
  static boolean isWorker() {
    return Thread.currentThread() instanceof Worker;
  }

  /**
   * Runs {@code body} for parts {@code 0..parts-1} on the caller and up to {@code helpers} workers;
   * returns false, having run nothing, when another thread's job holds the pool.
   */
  boolean tryRun(int parts, int helpers, IntConsumer body) {
    if (!lock.tryLock()) {
      return false;
    }
    try {
      ensureWorkers(helpers);
      this.body = body;
      this.parts = parts;
      this.threads = helpers + 1;
      if (next.length() < threads * PAD) {
        next = new AtomicIntegerArray(threads * PAD);
      }
      for (int t = 0; t < threads; t++) {
        next.set(t * PAD, blockStart(t, parts, threads));
      }
      failure.set(null);
      long gen = ++generation;
      for (int w = 0; w < helpers; w++) {
        workers[w].assign(gen);
      }
      work(0);
      for (int w = 0; w < helpers; w++) {
        workers[w].release(gen);
      }
      this.body = null;
      Throwable t = failure.getAndSet(null);
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
      if (t != null) {
        throw new IllegalStateException("parallel kernel part failed", t);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The first part of thread t's block in a job of {@code parts} parts on {@code threads} threads. */
  static int blockStart(int t, int parts, int threads) {
    return (int) ((long) parts * t / threads);
  }

  /**
   * Runs, as thread {@code self} of the job, the parts of its own block, then what is left of the other
   * threads' blocks, each in turn, until none is left; the first failure is kept, the other parts still
   * run.
   */
  private void work(int self) {
    IntConsumer b = body;
    int p = parts;
    int n = threads;
    AtomicIntegerArray counters = next;
    long patience = patienceWithoutParts;
    for (int k = 0; k < n; k++) {
      int owner = self + k < n ? self + k : self + k - n;
      int start = blockStart(owner, p, n);
      int end = blockStart(owner + 1, p, n);
      int slot = owner * PAD;
      long t0 = k == 0 ? System.nanoTime() : 0L;
      int ran = 0;
      // A plain read first: an atomic increment of another thread's counter takes its cache line away
      // and waits for it (a full fence on x86), a read of an exhausted block does neither.
      while (counters.get(slot) < end && (k == 0 || stalled(counters, slot, start + ran, end, patience))) {
        int i = counters.getAndIncrement(slot);
        if (i >= end) {
          break;
        }
        try {
          b.accept(i);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
        ran++;
      }
      if (k == 0 && ran > 0) {
        patience = Math.max(minPatience, PATIENCE_PARTS * ((System.nanoTime() - t0) / ran));
      }
    }
  }

  /**
   * Whether this thread should take the next part of another thread's block that still has parts: at once
   * when the owner has not begun it (every part taken from it so far, {@code taken} counted from the block's
   * start, was taken here), else only once the block's counter has stayed put for {@code patience} ns (its
   * owner descheduled); false as soon as the owner has taken the block's last part.
   */
  private static boolean stalled(AtomicIntegerArray counters, int slot, int taken, int end, long patience) {
    int seen = counters.get(slot);
    if (seen <= taken) {
      return true;
    }
    long since = System.nanoTime();
    while (true) {
      Thread.onSpinWait();
      int now = counters.get(slot);
      if (now >= end) {
        return false;
      }
      long t = System.nanoTime();
      if (now != seen) {
        seen = now;
        since = t;
      } else if (t - since > patience) {
        return true;
      }
    }
  }

  private void ensureWorkers(int helpers) {
    if (workers.length >= helpers) {
      return;
    }
    Worker[] grown = java.util.Arrays.copyOf(workers, helpers);
    for (int w = workers.length; w < helpers; w++) {
      grown[w] = new Worker(this, name + "-" + (w + 1), w + 1);
      grown[w].start();
    }
    workers = grown;
  }

  /** A pool thread: daemon, named, recognisable so that nested calls run inline. */
  static final class Worker extends Thread {
    private final SpinPool pool;
    /** This worker's number in every job it helps with (the caller is 0). */
    private final int self;
    private volatile long assigned;
    private volatile long finished;
    private volatile boolean sleeping;
    /**
     * Who took job {@code g}: {@code g} when this worker claimed it, {@code -g} when the caller
     * revoked it because all parts were done before the worker woke up.
     */
    private final AtomicLong claim = new AtomicLong();

    Worker(SpinPool pool, String name, int self) {
      super(name);
      this.pool = pool;
      this.self = self;
      setDaemon(true);
    }

    void assign(long gen) {
      assigned = gen;
      if (sleeping) {
        LockSupport.unpark(this);
      }
    }

    /**
     * Called by the caller once no part of job {@code gen} is left: revokes the job if this worker has
     * not claimed it yet (a descheduled worker then never delays the caller), else waits until the
     * worker has finished the part it is running.
     */
    void release(long gen) {
      long c = claim.get();
      if (c != gen && claim.compareAndSet(c, -gen)) {
        return;
      }
      int spins = 0;
      while (finished != gen) {
        if (++spins < 1 << 14) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        long gen = waitForJob(seen);
        seen = gen;
        // Claim only a job newer than any the claim word has seen: a worker descheduled between reading
        // `assigned` and claiming may wake up after the caller revoked that job and later ones; its
        // stale job number must not claim the job now running.
        long c = claim.get();
        if (Math.abs(c) < gen && claim.compareAndSet(c, gen)) {
          pool.work(self);
          finished = gen;
        }
      }
    }

    /** Busy-waits up to the spin time for a job newer than {@code seen}, then parks until one comes. */
    private long waitForJob(long seen) {
      long start = System.nanoTime();
      int spins = 0;
      while (true) {
        long gen = assigned;
        if (gen != seen) {
          return gen;
        }
        if ((++spins & 63) != 0 || System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
          continue;
        }
        sleeping = true;
        if (assigned == seen) {
          LockSupport.park(this);
        }
        sleeping = false;
        start = System.nanoTime();
      }
    }
  }
}
