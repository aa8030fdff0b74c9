package org.sgd4j.tensor;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Reuse of the buffers of intermediate results, so that a steady training loop allocates no
 * activation memory per step (the role of PyTorch's caching allocator, with lifetimes the library can
 * prove instead of reference counts). Besides tensor buffers it keeps kernels' scratch arrays
 * ({@link #scratch}, {@link #giveBack}) and index arrays whose end of life the caller knows
 * ({@link #takeInts}, {@link #giveInts}: max pooling's arg-max indices, handed back when the node that
 * reads them is freed).
 *
 * <p>Buffers come from a per-thread pool of arrays keyed by length ({@link Tensor#empty}, and the
 * outputs of the layers and ops on a training step's path). A buffer goes back to the pool only when
 * nothing that can still be used reads it, in two cases that the autograd engine recognises:
 * <ul>
 *   <li>a gradient made by a backward rule during a backward pass (see {@link #openPass}), once the
 *       rule of the tensor it flows into has run, when no pending or returned gradient shares its
 *       storage and it was not handed to the caller ({@code Autograd.grad}'s results, a leaf's
 *       {@code grad()} are copies or pinned);
 *   <li>an intermediate output of a {@link org.sgd4j.nn.Sequential} that the container did not
 *       return (see {@link #markInternal}), once a backward pass that frees the graph has run over
 *       it, or, without autograd, once the next module has consumed it; only when the modules that
 *       made and consumed it both let go of their activations
 *       ({@code Module.releasesActivations}), so a module that keeps a tensor (a user's module that
 *       stashes its input) never sees it recycled.
 * </ul>
 * A recycled storage is released: reading the tensor through {@link Tensor#data()} (or any op) then
 * fails with an {@link IllegalStateException} (or an index error inside a kernel) rather than
 * seeing another step's values.
 */
public final class BufferPool {
  /** Arrays shorter than this are not pooled: allocating them is cheaper than the bookkeeping. */
  static final int MIN_LENGTH = 256;
  /** At most this many elements are kept per thread; further returned buffers are left to the GC. */
  static final long MAX_RETAINED = 1L << 24;

  private static final ThreadLocal<BufferPool> POOL = ThreadLocal.withInitial(BufferPool::new);
  private static final ThreadLocal<Pass> CURRENT = new ThreadLocal<>();
  private static final AtomicLong CLOCK = new AtomicLong();

  /** Whether buffers are recycled at all (tests turn it off to compare against fresh allocation). */
  static volatile boolean enabled = true;

  private final Shelf<float[]> floats = new Shelf<>();
  private final Shelf<int[]> ints = new Shelf<>();
  /** Elements held on both shelves. */
  private long retained;

  private BufferPool() {}

  /** Arrays of one element type kept by length. */
  private static final class Shelf<A> {
    private final Map<Integer, ArrayDeque<A>> byLength = new HashMap<>();

    /** An array of exactly {@code n} elements from this shelf, or a new one from {@code make}. */
    A take(int n, IntFunction<A> make) {
      if (n < MIN_LENGTH) {
        return make.apply(n);
      }
      BufferPool pool = POOL.get();
      ArrayDeque<A> q = byLength.get(n);
      A a = q == null ? null : q.pollLast();
      if (a == null) {
        return make.apply(n);
      }
      pool.retained -= n;
      return a;
    }

    /** Keeps {@code a} (of {@code length} elements) for a later {@link #take}, within the pool's bound. */
    void put(A a, int length) {
      BufferPool pool = POOL.get();
      if (!enabled || length < MIN_LENGTH || pool.retained + length > MAX_RETAINED) {
        return;
      }
      byLength.computeIfAbsent(length, k -> new ArrayDeque<>()).addLast(a);
      pool.retained += length;
    }
  }

  /** A backward pass of the autograd engine: gradients allocated while it is open belong to it. */
  public static final class Pass implements AutoCloseable {
    private final Pass outer;

    private Pass(Pass outer) {
      this.outer = outer;
    }

    @Override
    public void close() {
      if (CURRENT.get() != this) {
        throw new IllegalStateException("BufferPool.Pass closed out of order");
      }
      CURRENT.set(outer);
    }
  }

  /**
   * Opens a backward pass on this thread (nested passes, as in gradient checkpointing, stack): the
   * storages allocated until it is closed may be recycled by {@link #recycleGradient}.
   */
  public static Pass openPass() {
    Pass pass = new Pass(CURRENT.get());
    CURRENT.set(pass);
    return pass;
  }

  /** An array of exactly {@code n} floats with unspecified contents: one the pool holds, or a new one. */
  static float[] take(int n) {
    return POOL.get().floats.take(n, float[]::new);
  }

  /** A storage over {@link #take}{@code (n)} that may be recycled, tagged with the open pass, if any. */
  static Storage storage(int n) {
    float[] a = take(n);
    boolean pooled = a.length >= MIN_LENGTH;
    return new Storage(a, pooled, CURRENT.get(), pooled ? CLOCK.incrementAndGet() : 0);
  }

  /** The allocation clock: storages from the pool allocated after this call have a later tick. */
  public static long now() {
    return CLOCK.get();
  }

  /**
   * Marks {@code t}'s storage as an intermediate result nothing outside its producer can reach, if it
   * came from the pool after tick {@code since} (so a tensor a module made earlier and keeps, then
   * returns, is never marked): it is recycled by {@link #recycleInternal} once the graph that saved it
   * is freed.
   */
  public static void markInternal(Tensor t, long since) {
    if (t.storage.serial > since) {
      t.storage.internal = true;
    }
  }

  /** Keeps {@code t}'s storage out of the pool for good (a caller holds it beyond the pass). */
  public static void pin(Tensor t) {
    t.storage.pinned = true;
  }

  /** Whether two tensors view the same storage. */
  public static boolean sameStorage(Tensor a, Tensor b) {
    return a.storage == b.storage;
  }

  /**
   * Recycles the storage of gradient {@code g} if it was allocated during {@code pass} and is neither
   * pinned nor already released. The caller (the engine) has checked that no live gradient shares it.
   */
  public static boolean recycleGradient(Tensor g, Pass pass) {
    Storage s = g.storage;
    return s.pass == pass && recycle(s);
  }

  /**
   * Recycles the storage of {@code t} if it was marked internal ({@link #markInternal}), came from the
   * pool and is not pinned. The caller has freed everything that referred to it.
   */
  public static boolean recycleInternal(Tensor t) {
    Storage s = t.storage;
    return s.internal && recycle(s);
  }

  private static boolean recycle(Storage s) {
    if (!enabled || !s.pooled || s.pinned || s.released) {
      return false;
    }
    giveBack(s.release());
    return true;
  }

  /**
   * A scratch array of exactly {@code n} floats with unspecified contents, from this thread's pool when
   * it holds one: for a kernel's temporaries (partial sums, a transposed copy), handed back by
   * {@link #giveBack} when the kernel is done with them.
   */
  public static float[] scratch(int n) {
    return take(n);
  }

  /**
   * Hands back an array that no tensor wraps and nothing reads any more (one from {@link #scratch}):
   * a later {@link #scratch} or pooled tensor of its length may get it.
   */
  public static void giveBack(float[] a) {
    POOL.get().floats.put(a, a.length);
  }

  /**
   * An index array of exactly {@code n} ints with unspecified contents, from this thread's pool when it
   * holds one: for arrays whose end of life the caller knows (such as max pooling's arg-max indices,
   * handed back by {@link #giveInts} when the graph node that reads them is freed).
   */
  public static int[] takeInts(int n) {
    return POOL.get().ints.take(n, int[]::new);
  }

  /** Hands back an array from {@link #takeInts} that nothing reads any more. */
  public static void giveInts(int[] a) {
    POOL.get().ints.put(a, a.length);
  }

  /** Floats (and ints) held by this thread's pool (for tests). */
  static long retained() {
    return POOL.get().retained;
  }

  /** Empties this thread's pool (for tests). */
  static void clear() {
    BufferPool pool = POOL.get();
    pool.floats.byLength.clear();
    pool.ints.byLength.clear();
    pool.retained = 0;
  }
}
