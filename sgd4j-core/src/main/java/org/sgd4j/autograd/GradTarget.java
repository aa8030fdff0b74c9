package org.sgd4j.autograd;

import org.sgd4j.tensor.Tensor;

/**
 * A destination offered to a {@link DirectBackwardFunction} for the whole gradient of one of its
 * inputs: the gradient buffer of a leaf that receives exactly this one gradient in the current
 * backward pass (so nothing else is added to it first), offered only when the pass does not record a
 * graph ({@code createGraph} off) and accumulates into {@code grad()} ({@link Autograd#backward},
 * not {@link Autograd#grad}); or the caller's buffer for that leaf's gradient
 * ({@link Autograd#gradInto}, always to overwrite).
 *
 * <p>The rule writes the gradient into {@link #data()} at {@link #offset()}, dense and row-major in
 * the input's shape, and returns {@link #tensor()} in the input's slot of its result, which tells the
 * engine the gradient is already in place. How to write depends on {@link #accumulate()}:
 *
 * <ul>
 *   <li>{@code false}: the buffer's old contents are meaningless; overwrite every element with the
 *       gradient ({@code beta = 0} in a GEMM). The bits are those of the gradient itself, as the
 *       engine's copy of a returned gradient would be.
 *   <li>{@code true}: the buffer is the leaf's current gradient and holds {@code +0.0} everywhere
 *       ({@code zeroGrad(false)}); store {@code buffer + gradient} elementwise ({@code beta = 1} in a
 *       GEMM, {@code c * 1 + acc}). Adding to {@code +0.0} gives the bits of the engine's
 *       {@code grad.add_(gradient)}: {@code 0 + x} is {@code x} except that {@code -0} becomes
 *       {@code +0}, in both.
 * </ul>
 *
 * A rule that does not write into the target simply returns its gradient as usual.
 */
public final class GradTarget {
  private final Tensor buffer;
  private final boolean accumulate;

  /**
   * @param buffer a dense tensor (offset and strides of a contiguous tensor) shaped like the input
   * @param accumulate whether the gradient is added to the buffer's zeros rather than overwriting it
   */
  public GradTarget(Tensor buffer, boolean accumulate) {
    if (!buffer.isContiguous()) {
      throw new IllegalArgumentException("GradTarget: the buffer must be contiguous");
    }
    this.buffer = buffer;
    this.accumulate = accumulate;
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
    return new GradTarget(inPlace ? grad : Tensor.zeros(leaf.shape()), false);
  }

  /** {@code leaf}'s gradient was written into this target (from {@link #of}): it becomes the gradient. */
  public void commit(Tensor leaf) {
    AccumulateGrad.commit(leaf, this);
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

  /** Whether to add the gradient to the buffer's zeros ({@code true}) or overwrite the buffer. */
  public boolean accumulate() {
    return accumulate;
  }

  /** The GEMM {@code beta} that writes the gradient as this target asks: 1 to accumulate, else 0. */
  public float beta() {
    return accumulate ? 1f : 0f;
  }
}
