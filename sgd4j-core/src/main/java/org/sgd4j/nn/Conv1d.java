package org.sgd4j.nn;

import org.sgd4j.nn.functional.Convolution;
import org.sgd4j.nn.functional.Padding;
import org.sgd4j.nn.functional.PaddingMode;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * {@code torch.nn.Conv1d}: 1-D cross-correlation with a learnt weight (out, in/groups, k) and bias
 * (out), over inputs (N, C, L) or (C, L); out[n, o, t] = b[o] + Σ_c Σ_i w[o, c, i] · in[n, c, t·s − p + i·d].
 * Same options, padding modes and initialisation as {@link Conv2d}.
 */
public final class Conv1d extends Module {
  private final ConvOptions options;

  /** Default options, initialised from {@link DefaultRng}. */
  public Conv1d(int inChannels, int outChannels, int kernelSize) {
    this(ConvOptions.builder(inChannels, outChannels, kernelSize).build(), DefaultRng.get());
  }

  /** Default options, initialised from {@code rng}. */
  public Conv1d(int inChannels, int outChannels, int kernelSize, Rng rng) {
    this(ConvOptions.builder(inChannels, outChannels, kernelSize).build(), rng);
  }

  /** The given options, initialised from {@link DefaultRng}. */
  public Conv1d(ConvOptions options) {
    this(options, DefaultRng.get());
  }

  /** The given options, initialised from {@code rng}. */
  public Conv1d(ConvOptions options, Rng rng) {
    this.options = options.resolve(1, "Conv1d");
    ConvOptions o = this.options;
    Tensor w = registerParameter("weight", Tensor.zeros(o.outChannels(), o.inChannels() / o.groups(), o.kernelSize()[0]));
    Conv2d.initConv(this, w, o, rng);
  }

  /** The weight (out, in/groups, k). */
  public Tensor weight() {
    return parameter("weight");
  }

  /** The bias (out), or null. */
  public Tensor bias() {
    return parameter("bias");
  }

  @Override
  public Tensor forward(Tensor input) {
    if (input.dim() == 2) {
      return forward(input.unsqueeze(0)).squeeze(0);
    }
    if (input.dim() != 3) {
      throw new IllegalArgumentException("Conv1d expects a 2-D (C, L) or 3-D (N, C, L) input, got shape " + Shape.format(input.shape()));
    }
    int[] pad = options.sidePadding();
    Tensor x = input;
    if (options.paddingMode() != PaddingMode.ZEROS) {
      x = Padding.pad1d(input, pad[0], pad[1], options.paddingMode());
      pad = new int[2];
    }
    return Convolution.conv1d(x, weight(), bias(), options.stride()[0], pad, options.dilation()[0], options.groups());
  }

  @Override
  protected String extraRepr() {
    return Conv2d.convRepr(options);
  }
}
