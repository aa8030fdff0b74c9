package org.sgd4j.tensor;

/**
 * A destination offered to a {@link DirectBackwardFunction} for the whole gradient of one of its
 * inputs: the gradient buffer of a leaf that receives exactly this one gradient in the current
 * backward pass (so nothing else is added to it first), offered only when the pass does not record a
 * graph ({@code createGraph} off) and accumulates into {@code grad()}
 * ({@code org.sgd4j.autograd.Autograd.backward}, not {@code Autograd.grad}); or the caller's buffer for
 * that leaf's gradient ({@code Autograd.gradInto}).
 *
 * <p>The rule overwrites every element of the buffer with the gradient, dense and row-major in the
 * input's shape, at {@link #data()} from {@link #offset()} ({@code beta = 0} in a GEMM: the old
 * contents are not read), and returns {@link #tensor()} in the input's slot of its result, which tells
 * the engine the gradient is already in place. The bits are those of the gradient itself, as the
 * engine's copy of a returned gradient would be. When the buffer is the leaf's gradient zeroed in place
 * ({@code zeroGrad(false)}), the engine then gives it the bits of {@code grad.add_(gradient)}
 * ({@code 0 + x}: a {@code -0.0} becomes {@code +0.0}). A rule that does not write into the target
 * simply returns its gradient as usual.
 */
public final class GradTarget {
  private final Tensor buffer;

  /** @param buffer a dense tensor (offset and strides of a contiguous tensor) shaped like the input */
  public GradTarget(Tensor buffer) {
    if (!buffer.isContiguous()) {
      throw new IllegalArgumentException("GradTarget: the buffer must be contiguous");
    }
    this.buffer = buffer;
  }

  /**
   * Where a new whole gradient for leaf {@code leaf} may be written to replace its current one, for
   * code that installs a computed gradient without a temporary (the data-parallel average, the Spark
   * driver's sum): the current gradient itself, to overwrite in place, when there is one that is dense
   * and does not require grad (a tensor a caller holds then shows the new gradient, as after
   * {@code zeroGrad(false)} and a backward pass); else a new buffer (so after {@code zeroGrad()} a
   * tensor a caller holds is never written again). Once written, {@link #commit} installs it.
   */
  public static GradTarget of(Tensor leaf) {
    Tensor grad = leaf.grad();
    boolean inPlace = grad != null && !grad.requiresGrad() && grad.isContiguous();
    return new GradTarget(inPlace ? grad : Tensor.zeros(leaf.shape()));
  }

  /**
   * {@code leaf}'s gradient was written into this target (from {@link #of}, or offered by the engine):
   * the buffer becomes (or stays) the gradient, and the write counts as a modification of it.
   */
  public void commit(Tensor leaf) {
    buffer.storage().bump();
    leaf.setGrad(buffer);
  }

  /** The buffer, to return in the input's slot once the gradient is written. */
  public Tensor tensor() {
    return buffer;
  }

  /** The backing array of the buffer. */
  public float[] data() {
    return buffer.data();
  }

  /** Where element 0 of the buffer sits in {@link #data()}. */
  public int offset() {
    return buffer.storageOffset();
  }
}
