package org.sgd4j.tensor;

/**
 * A local backward rule that may write some of its input gradients straight into their
 * destinations: for input {@code k}, when {@code targets.get(k)} offers a {@link GradTarget}, the
 * rule may compute the gradient into it (e.g. a layer's weight gradient by one GEMM into the
 * weight's {@code grad()} buffer, with no temporary) and return {@code target.tensor()} in slot
 * {@code k}; otherwise it returns gradients as a {@link BackwardFunction} does. The result must be
 * the same bits either way (see {@link GradTarget} for how to write).
 */
@FunctionalInterface
public interface DirectBackwardFunction extends BackwardFunction {
  /** The gradients of the inputs, in order, given the gradient of the output and the offered targets. */
  Tensor[] apply(Tensor gradOutput, GradTargets targets);

  /** {@link #apply(Tensor, GradTargets)} with no target offered. */
  @Override
  default Tensor[] apply(Tensor gradOutput) {
    return apply(gradOutput, GradTargets.NONE);
  }
}
