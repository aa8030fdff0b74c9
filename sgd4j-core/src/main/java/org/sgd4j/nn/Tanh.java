package org.sgd4j.nn;

import org.sgd4j.tensor.Tensor;

/** The layer computing tanh(x), {@code torch.nn.Tanh}. */
public final class Tanh extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input.tanh();
  }
}
