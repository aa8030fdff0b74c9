package org.sgd4j.nn;

import org.sgd4j.nn.functional.Activations;
import org.sgd4j.tensor.Tensor;

/** The layer computing max(x, 0), {@code torch.nn.ReLU}. */
public final class ReLU extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Activations.relu(input);
  }
}
