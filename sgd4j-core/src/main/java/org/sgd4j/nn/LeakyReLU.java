package org.sgd4j.nn;

import org.sgd4j.nn.functional.Activations;
import org.sgd4j.tensor.Tensor;

/** {@code torch.nn.LeakyReLU}: x for x > 0, negativeSlope·x otherwise (default slope 0.01). */
public final class LeakyReLU extends Module {
  private final float negativeSlope;

  /** Slope 0.01. */
  public LeakyReLU() {
    this(0.01f);
  }

  /** The given slope for negative inputs. */
  public LeakyReLU(float negativeSlope) {
    this.negativeSlope = negativeSlope;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Activations.leakyRelu(input, negativeSlope);
  }

  @Override
  protected String extraRepr() {
    return "negative_slope=" + negativeSlope;
  }
}
