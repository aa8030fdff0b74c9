package org.sgd4j.nn;

import org.sgd4j.nn.functional.Activations;
import org.sgd4j.tensor.Tensor;

/**
 * {@code torch.nn.GELU}: x·Φ(x) = ½x(1 + erf(x/√2)) (Hendrycks and Gimpel, "Gaussian Error Linear
 * Units", 2016); with approximate "tanh", ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
 */
public final class GELU extends Module {
  private final String approximate;

  /** The exact (erf) form. */
  public GELU() {
    this("none");
  }

  /** {@code approximate} is "none" or "tanh". */
  public GELU(String approximate) {
    if (!approximate.equals("none") && !approximate.equals("tanh")) {
      throw new IllegalArgumentException("GELU: approximate must be 'none' or 'tanh', got '" + approximate + "'");
    }
    this.approximate = approximate;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Activations.gelu(input, approximate);
  }

  @Override
  protected String extraRepr() {
    return "approximate='" + approximate + "'";
  }
}
