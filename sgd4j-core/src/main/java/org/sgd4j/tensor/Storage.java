package org.sgd4j.tensor;

/**
 * The flat float32 buffer behind one or more tensors (views share a storage), with a version
 * counter that every in-place write bumps. Autograd records the version of each tensor it saves for
 * backward and refuses to use a saved tensor whose storage has changed since, as PyTorch does.
 */
public final class Storage {
  final float[] data;
  private int version;

  Storage(float[] data) {
    this.data = data;
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
