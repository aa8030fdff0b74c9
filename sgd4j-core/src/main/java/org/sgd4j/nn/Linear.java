package org.sgd4j.nn;

import org.sgd4j.nn.functional.Affine;
import org.sgd4j.nn.init.FanMode;
import org.sgd4j.nn.init.Init;
import org.sgd4j.nn.init.Nonlinearity;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * A fully connected layer, {@code torch.nn.Linear}: y = x Wᵀ + b, with W of shape (out, in) and b of
 * shape (out), for x of shape (*, in). Initialised as PyTorch does: W by Kaiming-uniform with
 * a = √5, i.e. U(−1/√in, 1/√in), and b by U(−1/√in, 1/√in).
 */
public final class Linear extends Module {
  private final int inFeatures;
  private final int outFeatures;

  /** A layer with bias, initialised from {@code rng}. */
  public Linear(int inFeatures, int outFeatures, Rng rng) {
    this(inFeatures, outFeatures, true, rng);
  }

  /** A layer initialised from {@code rng}; {@code bias=false} leaves out b. */
  public Linear(int inFeatures, int outFeatures, boolean bias, Rng rng) {
    if (inFeatures < 0 || outFeatures < 0) {
      throw new IllegalArgumentException("Linear: feature counts must be non-negative, got in_features=" + inFeatures
          + ", out_features=" + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    Tensor w = registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
    if (inFeatures > 0) {
      Init.kaimingUniform_(w, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
    }
    if (bias) {
      Tensor b = registerParameter("bias", Tensor.zeros(outFeatures));
      double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
      Init.uniform_(b, -bound, bound, rng);
    }
  }

  /** A layer with bias, initialised from this thread's {@link DefaultRng}. */
  public Linear(int inFeatures, int outFeatures) {
    this(inFeatures, outFeatures, true, DefaultRng.get());
  }

  /** A layer initialised from this thread's {@link DefaultRng}. */
  public Linear(int inFeatures, int outFeatures, boolean bias) {
    this(inFeatures, outFeatures, bias, DefaultRng.get());
  }

  /** W, of shape (out, in). */
  public Tensor weight() {
    return parameter("weight");
  }

  /** b, of shape (out), or null. */
  public Tensor bias() {
    return parameter("bias");
  }

  @Override
  public Tensor forward(Tensor input) {
    return Affine.linear(input, weight(), bias());
  }

  @Override
  protected String extraRepr() {
    return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + pyBool(bias() != null);
  }
}
