package org.sgd4j.tensor;

/**
 * The engine's side of the protocol of {@link DirectBackwardFunction}: for input {@code k} of the
 * node being differentiated, a {@link GradTarget} to write its gradient into, or {@code null} when
 * the rule must return the gradient as usual (a non-leaf input, a leaf that receives other gradients
 * too or holds a non-zero gradient, a pass that records a graph, {@code org.sgd4j.autograd.Autograd.grad},
 * a leaf {@code Autograd.gradInto} was not asked about). Asking is cheap and has no effect unless the
 * rule returns the target's tensor.
 */
@FunctionalInterface
public interface GradTargets {
  /** No targets: every gradient is returned. */
  GradTargets NONE = k -> null;

  /** The target for input {@code k}, or {@code null}. */
  GradTarget get(int k);
}
