package org.sgd4j.nn;

import org.sgd4j.tensor.Tensor;

/** {@code torch.nn.LogSoftmax}(dim): x_i − log Σ_j exp(x_j) along dimension {@code dim}, computed stably. */
public final class LogSoftmax extends Module {
  private final int dim;

  /** Along {@code dim} (negative counts from the end). */
  public LogSoftmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.logSoftmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
