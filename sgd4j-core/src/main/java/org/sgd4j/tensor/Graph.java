package org.sgd4j.tensor;

/**
 * Records operations for reverse-mode differentiation. An operation computes its output without
 * grad tracking, then calls {@link #record} with its local backward rule; if grad mode is on and any
 * input requires grad, the output gets a {@link Node} and itself requires grad. This keeps each op's
 * forward and backward side by side, as micrograd does.
 */
public final class Graph {
  private static final Tensor[] NONE = new Tensor[0];

  private Graph() {}

  /** True when an op over these inputs must be recorded. */
  public static boolean needsGrad(Tensor... inputs) {
    if (!GradMode.isEnabled()) {
      return false;
    }
    for (Tensor t : inputs) {
      if (t != null && t.requiresGrad()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Attaches a backward rule to {@code out} when recording is needed; returns {@code out}.
   *
   * @param saved the tensors the rule reads; their in-place modification before backward is an error
   */
  public static Tensor record(Tensor out, String name, Tensor[] inputs, Tensor[] saved, BackwardFunction fn) {
    if (needsGrad(inputs)) {
      out.setGradFn(new Node(name, inputs, saved == null ? NONE : saved, fn));
    }
    return out;
  }

  /**
   * {@link #record} for a rule that may write gradients straight into their destinations (see
   * {@link DirectBackwardFunction}).
   *
   * @param saved the tensors the rule reads; their in-place modification before backward is an error
   */
  public static Tensor record(Tensor out, String name, Tensor[] inputs, Tensor[] saved, DirectBackwardFunction fn) {
    return record(out, name, inputs, saved, (BackwardFunction) fn);
  }

  /** {@link #record} for a rule that saves no tensor. */
  public static Tensor record(Tensor out, String name, Tensor[] inputs, BackwardFunction fn) {
    return record(out, name, inputs, NONE, fn);
  }

  /** Shorthand for an array of tensors. */
  public static Tensor[] of(Tensor... tensors) {
    return tensors;
  }
}
