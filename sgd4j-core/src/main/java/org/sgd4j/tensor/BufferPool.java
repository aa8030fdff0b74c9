package org.sgd4j.tensor;

import java.util.concurrent.atomic.AtomicLong;
import org.sgd4j.tensor.kernel.ArrayPool;

/**
 * Reuse of the buffers of intermediate results, so that a steady training loop allocates no
 * activation memory per step (the role of PyTorch's caching allocator, with lifetimes the library can
 * prove instead of reference counts). The arrays themselves are kept by {@link ArrayPool}, which also
 * holds kernels' scratch arrays; this class decides when a tensor's storage may give its array back.
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
  private static final ThreadLocal<Pass> CURRENT = new ThreadLocal<>();
  private static final AtomicLong CLOCK = new AtomicLong();
  /** The array of a released storage: empty, so a kernel that still reads it fails at once. */
  private static final float[] RELEASED = new float[0];

  private BufferPool() {}

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
   * The lifetime of one pooled array, the only buffer-reuse state a {@link Storage} carries: when it
   * was allocated, and what the engine and the containers have learned about who can still read it.
   */
  static final class Lease {
    /** The backward pass during which it was allocated, or null. */
    final Pass pass;
    /** When it was allocated, in {@link BufferPool#now()} ticks. */
    final long serial;
    /** An intermediate result no caller can reach (see {@link BufferPool#markInternal}). */
    boolean internal;
    /** Never recycled. */
    boolean pinned;
    /** Recycled: the storage's array is gone and the tensors viewing it are dead. */
    boolean released;

    private Lease(Pass pass, long serial) {
      this.pass = pass;
      this.serial = serial;
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

  /** A storage over {@link ArrayPool#scratch}{@code (n)} that may be recycled, tagged with the open pass, if any. */
  static Storage storage(int n) {
    float[] a = ArrayPool.scratch(n);
    boolean pooled = a.length >= ArrayPool.MIN_LENGTH;
    return new Storage(a, pooled ? new Lease(CURRENT.get(), CLOCK.incrementAndGet()) : null);
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
    Lease lease = t.storage.lease;
    if (lease != null && lease.serial > since) {
      lease.internal = true;
    }
  }

  /** Keeps {@code t}'s storage out of the pool for good (a caller holds it beyond the pass). */
  public static void pin(Tensor t) {
    if (t.storage.lease != null) {
      t.storage.lease.pinned = true;
    }
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
    return s.lease != null && s.lease.pass == pass && recycle(s);
  }

  /**
   * Recycles the storage of {@code t} if it was marked internal ({@link #markInternal}), came from the
   * pool and is not pinned. The caller has freed everything that referred to it.
   */
  public static boolean recycleInternal(Tensor t) {
    Storage s = t.storage;
    return s.lease != null && s.lease.internal && recycle(s);
  }

  /** Gives {@code s}'s array back to the pool unless it is pinned or gone; every tensor viewing it is then dead. */
  private static boolean recycle(Storage s) {
    Lease lease = s.lease;
    if (!ArrayPool.enabled() || lease == null || lease.pinned || lease.released) {
      return false;
    }
    ArrayPool.giveBack(s.data);
    s.data = RELEASED;
    lease.released = true;
    return true;
  }
}
