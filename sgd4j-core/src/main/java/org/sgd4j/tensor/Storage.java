package org.sgd4j.tensor;

/**
 * The flat float32 buffer behind one or more tensors (views share a storage), with a version
 * counter that every in-place write bumps. Autograd records the version of each tensor it saves for
 * backward and refuses to use a saved tensor whose storage has changed since, as PyTorch does.
 */
public final class Storage {
  private static final float[] RELEASED = new float[0];

  float[] data;
  private int version;
  /** The array came from {@link BufferPool} and only this storage wraps it. */
  final boolean pooled;
  /** The backward pass during which it was allocated, or null. */
  final BufferPool.Pass pass;
  /** When it was allocated, in {@link BufferPool#now()} ticks (0 for storages not from the pool). */
  final long serial;
  /** An intermediate result no caller can reach (see {@link BufferPool#markInternal}). */
  boolean internal;
  /** Never recycled. */
  boolean pinned;
  /** Recycled: {@link #data} is empty and the tensors viewing it are dead. */
  boolean released;

  Storage(float[] data) {
    this(data, false, null, 0);
  }

  Storage(float[] data, boolean pooled, BufferPool.Pass pass, long serial) {
    this.data = data;
    this.pooled = pooled;
    this.pass = pass;
    this.serial = serial;
  }

  /** Marks this storage released and hands its array back; every tensor viewing it is dead. */
  float[] release() {
    float[] a = data;
    data = RELEASED;
    released = true;
    return a;
  }

  /** Whether its buffer was recycled (see {@link BufferPool}): the tensors viewing it may not be used. */
  public boolean isReleased() {
    return released;
  }

  /** The number of in-place modifications so far. */
  public int version() {
    return version;
  }

  /**
   * Records an in-place modification. The tensor methods call it; code that writes through
   * {@link Tensor#data()} directly (optimizer update loops, kernels) must call it too, so that autograd
   * notices a saved tensor that changed.
   */
  public void bump() {
    version++;
  }
}
