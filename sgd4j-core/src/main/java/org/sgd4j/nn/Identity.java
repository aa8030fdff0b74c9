package org.sgd4j.nn;

import org.sgd4j.tensor.Tensor;

/** The layer computing the identity map, {@code torch.nn.Identity}: a placeholder that returns its input. */
public final class Identity extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input;
  }
}
