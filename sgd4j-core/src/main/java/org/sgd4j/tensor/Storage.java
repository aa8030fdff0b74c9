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

  void bump() {
    version++;
  }
}
