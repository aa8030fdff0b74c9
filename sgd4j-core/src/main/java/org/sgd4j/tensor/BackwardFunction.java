package org.sgd4j.tensor;

/**
 * The local backward rule of one operation: given the gradient of the loss with respect to the
 * operation's output, return the gradients with respect to each of its inputs, in order ({@code null}
 * for an input that needs none). A gradient may have the broadcast (output-side) shape of the input;
 * the engine sums it back to the input's shape. A rule that may also write gradients straight into
 * their destinations is a {@link DirectBackwardFunction}.
 */
@FunctionalInterface
public interface BackwardFunction {
  /** The gradients of the inputs, in order, given the gradient of the output. */
  Tensor[] apply(Tensor gradOutput);

  /**
   * Called once by the engine when it frees this rule's node after a backward pass that recorded no
   * graph: the rule can no longer run and nothing another rule captured refers to what it read, so it
   * may give back pooled scratch that only it reads (max pooling's arg-max indices). Does nothing by
   * default.
   */
  default void release() {}
}
