package org.sgd4j.nn;

import org.sgd4j.nn.functional.Convolution;
import org.sgd4j.nn.functional.Padding;
import org.sgd4j.nn.functional.PaddingMode;
import org.sgd4j.nn.init.FanMode;
import org.sgd4j.nn.init.Init;
import org.sgd4j.nn.init.Nonlinearity;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * {@code torch.nn.Conv2d}: the 2-D cross-correlation of {@link Convolution#conv2d} with a learnt
 * weight of shape (out, in/groups, kh, kw) and bias (out), over inputs (N, C, H, W) or (C, H, W).
 * Output size per dimension: ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1. Non-zero padding modes pad explicitly
 * before a convolution without padding, as PyTorch does. Initialised as PyTorch: Kaiming-uniform
 * with a = √5 (bound 1/√fan_in), bias U(−1/√fan_in, 1/√fan_in), fan_in = in/groups·kh·kw.
 */
public final class Conv2d extends Module {
  private final ConvOptions options;

  /** A square-kernel convolution with the default options, initialised from {@link DefaultRng}. */
  public Conv2d(int inChannels, int outChannels, int kernelSize) {
    this(ConvOptions.builder(inChannels, outChannels, kernelSize).build(), DefaultRng.get());
  }

  /** A square-kernel convolution with the default options, initialised from {@code rng}. */
  public Conv2d(int inChannels, int outChannels, int kernelSize, Rng rng) {
    this(ConvOptions.builder(inChannels, outChannels, kernelSize).build(), rng);
  }

  /** A convolution with the given options, initialised from {@link DefaultRng}. */
  public Conv2d(ConvOptions options) {
    this(options, DefaultRng.get());
  }

  /** A convolution with the given options, initialised from {@code rng}. */
  public Conv2d(ConvOptions options, Rng rng) {
    this.options = options.resolve(2, "Conv2d");
    ConvOptions o = this.options;
    Tensor w = registerParameter("weight", Tensor.zeros(o.outChannels(), o.inChannels() / o.groups(), o.kernelSize()[0], o.kernelSize()[1]));
    initConv(this, w, o, rng);
  }

  static void initConv(Module m, Tensor w, ConvOptions o, Rng rng) {
    Init.kaimingUniform_(w, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
    if (o.bias()) {
      Tensor b = m.registerParameter("bias", Tensor.zeros(o.outChannels()));
      double bound = 1 / Math.sqrt(Init.fans(w)[0]);
      Init.uniform_(b, -bound, bound, rng);
    }
  }

  /** The weight (out, in/groups, kh, kw). */
  public Tensor weight() {
    return parameter("weight");
  }

  /** The bias (out), or null. */
  public Tensor bias() {
    return parameter("bias");
  }

  /** The resolved options. */
  public ConvOptions options() {
    return options;
  }

  @Override
  public Tensor forward(Tensor input) {
    if (input.dim() == 3) {
      return forward(input.unsqueeze(0)).squeeze(0);
    }
    if (input.dim() != 4) {
      throw new IllegalArgumentException("Conv2d expects a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape " + Shape.format(input.shape()));
    }
    int[] side = options.sidePadding();
    int[] pad = {side[0], side[1], side[2], side[3]};
    Tensor x = input;
    if (options.paddingMode() != PaddingMode.ZEROS) {
      x = Padding.pad2d(input, pad[0], pad[1], pad[2], pad[3], options.paddingMode());
      pad = new int[4];
    }
    return Convolution.conv2d(x, weight(), bias(), options.stride(), pad, options.dilation(), options.groups());
  }

  @Override
  protected String extraRepr() {
    return convRepr(options);
  }

  static String convRepr(ConvOptions o) {
    StringBuilder sb = new StringBuilder();
    sb.append(o.inChannels()).append(", ").append(o.outChannels()).append(", kernel_size=").append(tuple(o.kernelSize()))
        .append(", stride=").append(tuple(o.stride()));
    if (o.paddingString() != null) {
      sb.append(", padding=").append(o.paddingString());
    } else if (java.util.Arrays.stream(o.padding()).anyMatch(v -> v != 0)) {
      sb.append(", padding=").append(tuple(o.padding()));
    }
    if (java.util.Arrays.stream(o.dilation()).anyMatch(v -> v != 1)) {
      sb.append(", dilation=").append(tuple(o.dilation()));
    }
    if (o.groups() != 1) {
      sb.append(", groups=").append(o.groups());
    }
    if (!o.bias()) {
      sb.append(", bias=False");
    }
    if (o.paddingMode() != PaddingMode.ZEROS) {
      sb.append(", padding_mode=").append(o.paddingMode().torchName());
    }
    return sb.toString();
  }
}
