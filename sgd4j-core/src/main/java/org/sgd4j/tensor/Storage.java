package org.sgd4j.tensor;

/**
 * The flat float32 buffer behind one or more tensors (views share a storage), with a version
 * counter that every in-place write bumps. Autograd records the version of each tensor it saves for
 * backward and refuses to use a saved tensor whose storage has changed since, as PyTorch does.
 *
 * <p>Whether and when the array goes back to the pool is {@link BufferPool}'s business, kept in one
 * {@link BufferPool.Lease} (null for an array that did not come from the pool).
 */
public final class Storage {
  float[] data;
  private int version;
  /** The array's lifetime in the pool, or null when it is not the pool's. */
  final BufferPool.Lease lease;

  Storage(float[] data) {
    this(data, null);
  }

  Storage(float[] data, BufferPool.Lease lease) {
    this.data = data;
    this.lease = lease;
  }

  /** Whether its buffer was recycled (see {@link BufferPool}): the tensors viewing it may not be used. */
  public boolean isReleased() {
    return lease != null && lease.released;
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
