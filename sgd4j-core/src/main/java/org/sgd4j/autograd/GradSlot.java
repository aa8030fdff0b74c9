package org.sgd4j.autograd;

import java.util.Arrays;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * The autograd engine's record of one tensor: the node that produced it, and for a leaf its gradient
 * and the buffer reuse behind it. {@link Tensor}'s autograd methods ({@code grad()}, {@code setGrad},
 * {@code zeroGrad}, {@code gradFn()}) read and write it; the engine's own operations (accumulating a
 * gradient, offering and committing a {@link GradTarget}, attaching a node) are this package's, not
 * public API.
 *
 * <p>Buffer reuse: a gradient buffer that the engine allocated and that was never handed out by
 * {@link #handOut()} ({@code Tensor.grad()}) is kept as a spare when the gradient is cleared
 * ({@code zeroGrad()}, {@code setGrad(null)}) and the next backward pass writes the new gradient into
 * it, so a steady training loop allocates no gradient memory per step, while a gradient a caller holds
 * never changes behind its back. The spare costs one parameter-sized buffer per leaf, as
 * {@code zeroGrad(false)} would.
 */
public final class GradSlot {
  private static final int NOT_ZEROED = -1;

  private final int[] shape;
  private Node gradFn;
  private Tensor grad;
  /** Whether {@link #grad} is an engine-made buffer that was never handed out, so it may be reused. */
  private boolean reusable;
  /** A former gradient buffer nobody else holds, for the next backward pass to write into. */
  private Tensor spare;
  /** The storage version of {@link #grad} right after {@code zeroGrad(false)} zeroed it, else NOT_ZEROED. */
  private int zeroVersion = NOT_ZEROED;

  /** The record of a tensor of shape {@code shape} (the shape of its gradient). */
  public GradSlot(int[] shape) {
    this.shape = shape.clone();
  }

  /** The node that produced the tensor, or null for a leaf. */
  public Node gradFn() {
    return gradFn;
  }

  /** The gradient, handed out to a caller who may keep it: its buffer is never reused. */
  public Tensor handOut() {
    reusable = false;
    return grad;
  }

  /** The gradient, lent for the current step (its buffer may be reused once the gradient is cleared). */
  public Tensor borrow() {
    return grad;
  }

  /** Replaces the gradient (null clears it); the replaced one becomes the spare if it was never handed out. */
  public void set(Tensor g) {
    if (g != null && !Arrays.equals(g.shape(), shape)) {
      throw new IllegalArgumentException(
          "assigned grad has shape " + Shape.format(g.shape()) + " but the tensor has shape " + Shape.format(shape));
    }
    if (reusable && g != grad) {
      spare = grad;
    }
    grad = g;
    reusable = false;
    zeroVersion = NOT_ZEROED;
  }

  /** Clears the gradient or zeroes it in place (see {@code Tensor.zeroGrad}). */
  public void zero(boolean setToNone) {
    if (grad == null) {
      return;
    }
    if (setToNone) {
      set(null);
    } else if (grad.requiresGrad()) {
      grad = Tensor.zeros(shape);
      reusable = true;
      zeroVersion = grad.storage().version();
    } else {
      try (GradMode.Scope s = GradMode.noGrad()) {
        grad.zero_();
      }
      zeroVersion = grad.storage().version();
    }
  }

  /** Drops the spare buffer (the tensor no longer requires grad). */
  public void dropSpare() {
    spare = null;
  }

  /** Marks the tensor as produced by {@code node} ({@link Graph#record}). */
  void setGradFn(Node node) {
    gradFn = node;
  }

  /**
   * {@code AccumulateGrad}: adds {@code g}, of the tensor's shape, to the gradient. With
   * {@code createGraph} the sum is recorded ({@code grad = g} or {@code grad + g}, out of place);
   * otherwise the first gradient is copied into the spare buffer (or a new one) and later ones are
   * added in place.
   */
  void accumulate(Tensor g, boolean createGraph) {
    if (createGraph) {
      grad = grad == null ? g : grad.add(g);
      reusable = false;
      zeroVersion = NOT_ZEROED;
    } else if (grad == null) {
      Tensor buffer = spare;
      if (buffer == null) {
        buffer = g.detach().clone();
      } else {
        buffer.copy_(g);
      }
      install(buffer);
    } else {
      try (GradMode.Scope s = GradMode.noGrad()) {
        grad.add_(g);
      }
    }
  }

  /**
   * Where the leaf's whole gradient may be written (see {@link GradTarget}): the spare buffer
   * (allocated now if there is none) to overwrite when there is no gradient, the gradient itself to add
   * to when it is known to hold zeros ({@code zeroGrad(false)} and untouched since), else null.
   */
  GradTarget target() {
    if (grad == null) {
      if (spare == null) {
        spare = Tensor.zeros(shape);
      }
      return new GradTarget(spare, false);
    }
    boolean zeroed = zeroVersion != NOT_ZEROED && zeroVersion == grad.storage().version();
    return zeroed && !grad.requiresGrad() && grad.isContiguous() ? new GradTarget(grad, true) : null;
  }

  /** The leaf's gradient was written into {@code target}, which now becomes (or, when accumulating, stays) the gradient. */
  void commit(GradTarget target) {
    Tensor buffer = target.tensor();
    if (target.accumulate() ? buffer != grad : buffer != spare) {
      throw new IllegalStateException("commit: the target is not this tensor's gradient buffer");
    }
    buffer.storage().bump();
    if (target.accumulate()) {
      zeroVersion = NOT_ZEROED;
    } else {
      install(buffer);
    }
  }

  /** Makes the engine-owned {@code buffer} the gradient: no one else holds it, so it may be reused. */
  private void install(Tensor buffer) {
    if (buffer == spare) {
      spare = null;
    }
    grad = buffer;
    reusable = true;
    zeroVersion = NOT_ZEROED;
  }
}
