package org.sgd4j.tensor.kernel;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Per-thread shelves of float, double and int arrays kept by length, so that a steady loop reuses its
 * buffers instead of allocating them again: kernels' scratch arrays ({@link #scratch}, {@link #giveBack};
 * double accumulators, {@link #takeDoubles}, {@link #giveDoubles}), index
 * arrays whose end of life the caller knows ({@link #takeInts}, {@link #giveInts}: max pooling's arg-max
 * indices), and the arrays behind recycled tensor storages (the tensor package's {@code BufferPool}
 * decides when a storage's array may come back here).
 *
 * <p>Arrays shorter than {@value #MIN_LENGTH} elements are not kept (allocating them is cheaper than the
 * bookkeeping), nor more than {@value #MAX_RETAINED} elements per thread (further ones are left to the GC).
 */
public final class ArrayPool {
  /** Arrays shorter than this are not pooled: allocating them is cheaper than the bookkeeping. */
  public static final int MIN_LENGTH = 256;
  /** At most this many elements are kept per thread; further returned buffers are left to the GC. */
  static final long MAX_RETAINED = 1L << 24;

  private static final ThreadLocal<ArrayPool> POOL = ThreadLocal.withInitial(ArrayPool::new);

  /** Whether arrays are reused at all (tests turn it off to compare against fresh allocation). */
  private static volatile boolean enabled = true;

  private final Shelf<float[]> floats = new Shelf<>();
  private final Shelf<double[]> doubles = new Shelf<>();
  private final Shelf<int[]> ints = new Shelf<>();
  /** Elements held on all shelves. */
  private long retained;

  private ArrayPool() {}

  /** Arrays of one element type kept by length. */
  private static final class Shelf<A> {
    private final Map<Integer, ArrayDeque<A>> byLength = new HashMap<>();

    /** An array of exactly {@code n} elements from this shelf, or a new one from {@code make}. */
    A take(int n, IntFunction<A> make) {
      if (n < MIN_LENGTH) {
        return make.apply(n);
      }
      ArrayPool pool = POOL.get();
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
      ArrayPool pool = POOL.get();
      if (!enabled || length < MIN_LENGTH || pool.retained + length > MAX_RETAINED) {
        return;
      }
      byLength.computeIfAbsent(length, k -> new ArrayDeque<>()).addLast(a);
      pool.retained += length;
    }
  }

  /**
   * An array of exactly {@code n} floats with unspecified contents, from this thread's pool when it holds
   * one: for a kernel's temporaries (partial sums, a transposed copy), handed back by {@link #giveBack}
   * when the kernel is done with them.
   */
  public static float[] scratch(int n) {
    return POOL.get().floats.take(n, float[]::new);
  }

  /**
   * Hands back an array that no tensor wraps and nothing reads any more (one from {@link #scratch}):
   * a later {@link #scratch} of its length may get it.
   */
  public static void giveBack(float[] a) {
    POOL.get().floats.put(a, a.length);
  }

  /**
   * An array of exactly {@code n} doubles with unspecified contents, from this thread's pool when it holds
   * one: for a kernel's double accumulators, handed back by {@link #giveDoubles}.
   */
  public static double[] takeDoubles(int n) {
    return POOL.get().doubles.take(n, double[]::new);
  }

  /** Hands back an array from {@link #takeDoubles} that nothing reads any more. */
  public static void giveDoubles(double[] a) {
    POOL.get().doubles.put(a, a.length);
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

  /** Whether arrays are reused (on unless {@link #setEnabled} turned it off). */
  public static boolean enabled() {
    return enabled;
  }

  /**
   * Turns reuse on or off for every thread: off, handed-back arrays are dropped and every request
   * allocates, which tests use to check that reuse changes no result.
   */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  /** Floats, doubles and ints held by this thread's pool. */
  public static long retained() {
    return POOL.get().retained;
  }

  /** Empties this thread's pool. */
  public static void clear() {
    ArrayPool pool = POOL.get();
    pool.floats.byLength.clear();
    pool.doubles.byLength.clear();
    pool.ints.byLength.clear();
    pool.retained = 0;
  }
}
