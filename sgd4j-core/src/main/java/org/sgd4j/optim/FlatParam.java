package org.sgd4j.optim;

import org.sgd4j.tensor.Tensor;
import org.sgd4j.tensor.kernel.ElementSplit;

/**
 * A parameter θ and its gradient ∇θ as flat float arrays, what an update loop reads and writes:
 * element {@code i} of θ is {@code theta[thetaOffset + i]} and of ∇θ {@code grad[gradOffset + i]},
 * for {@code i} in {@code [0, n)}. The parameter is contiguous (checked when it joins an optimizer);
 * the gradient is read in place, copied only if it is not contiguous.
 *
 * <p>After the update, {@link #markModified()} bumps the parameter's storage version, so a graph
 * that saved the old value fails loudly, as after {@code param.add_(...)} in PyTorch.
 */
record FlatParam(Tensor param, float[] theta, int thetaOffset, float[] grad, int gradOffset, int n) {

  /** The arrays of {@code param} and of its gradient, which must be present. */
  static FlatParam of(Tensor param) {
    Tensor g = grad(param);
    return new FlatParam(param, param.data(), param.storageOffset(), g.data(), g.storageOffset(), param.numel());
  }

  /**
   * True when both arrays start at index 0, so a loop can use plain indices: the form C2 vectorises
   * on JDK 17 (an offset added to the index stops it), which the fused update kernels rely on.
   */
  boolean atZero() {
    return thetaOffset == 0 && gradOffset == 0;
  }

  /** Bumps the parameter's storage version: call once the update has written θ. */
  void markModified() {
    markModified(param);
  }

  /**
   * An update loop over elements {@code [from, to)}: element {@code i} of θ is
   * {@code theta[thetaOffset + i]}, of ∇θ {@code grad[gradOffset + i]}.
   */
  @FunctionalInterface
  interface Loop {
    void run(float[] theta, int thetaOffset, float[] grad, int gradOffset, int from, int to);
  }

  /**
   * Runs {@code loop} over {@code [0, n)} in the ranges of {@link ElementSplit} on the kernel threads, then marks
   * the parameter modified.
   */
  void update(Loop loop) {
    ElementSplit.run(n, (from, to) -> loop.run(theta, thetaOffset, grad, gradOffset, from, to));
    markModified();
  }

  /** The gradient of {@code param} as a contiguous tensor (a copy only if it is not). */
  static Tensor grad(Tensor param) {
    return param.grad().contiguous();
  }

  /** Marks {@code param} as modified in place (bumps its storage version). */
  static void markModified(Tensor param) {
    param.storage().bump();
  }
}
