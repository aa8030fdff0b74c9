package org.sgd4j.nn;

import org.sgd4j.tensor.Tensor;

/**
 * The layer computing SiLU, x·σ(x) = x / (1 + e^(−x)), {@code torch.nn.SiLU} (the sigmoid-weighted
 * linear unit of Elfwing, Uchibe and Doya, 2018; "swish" in Ramachandran, Zoph and Le, 2017).
 */
public final class SiLU extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input.silu();
  }
}
