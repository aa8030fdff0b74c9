package org.sgd4j.optim;

import org.sgd4j.tensor.Tensor;

/**
 * Raw access for the update loops: a parameter (contiguous, checked when the optimizer is built)
 * and its state buffers (fresh contiguous tensors at offset 0) are read and written as flat arrays,
 * and the parameter's storage version is bumped afterwards so a graph that saved its old value
 * fails loudly, as after {@code param.add_(...)} in PyTorch.
 */
final class Dense {
  private Dense() {}

  /**
   * The gradient of {@code param} as a dense array (a copy only if it is not contiguous), borrowed:
   * reading it does not stop the parameter from reusing its gradient buffer next step.
   */
  static Tensor grad(Tensor param) {
    return param.borrowGrad().contiguous();
  }

  /** Marks {@code param} as modified in place (bumps its storage version). */
  static void markModified(Tensor param) {
    param.storage().bump();
  }

}
