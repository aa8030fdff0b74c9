package org.sgd4j.nn;

import org.sgd4j.tensor.Tensor;

/** {@code torch.nn.Softmax}(dim): exp(x_i) / Σ_j exp(x_j) along dimension {@code dim}, computed stably. */
public final class Softmax extends Module {
  private final int dim;

  /** Along {@code dim} (negative counts from the end). */
  public Softmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.softmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
