package org.sgd4j.nn;

import org.sgd4j.tensor.Tensor;

/** The layer computing the logistic function 1 / (1 + e^(−x)), {@code torch.nn.Sigmoid}. */
public final class Sigmoid extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input.sigmoid();
  }
}
