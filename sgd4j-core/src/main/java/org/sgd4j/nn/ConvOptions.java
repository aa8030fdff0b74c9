package org.sgd4j.nn;

import java.util.Arrays;
import org.sgd4j.nn.functional.PaddingMode;

/**
 * The hyper-parameters of {@link Conv1d} and {@link Conv2d}, with {@code torch.nn.Conv2d}'s names and
 * defaults: stride 1, padding 0 (or "same" / "valid"), dilation 1, groups 1, bias on, padding mode
 * zeros. Sizes have one entry per spatial dimension; a single value given to a builder is repeated.
 *
 * <pre>{@code new Conv2d(ConvOptions.builder(3, 16, 3).padding("same").paddingMode("reflect").build())}</pre>
 */
public record ConvOptions(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
                          String paddingString, int[] dilation, int groups, boolean bias, PaddingMode paddingMode) {

  /** A builder with the defaults, for a kernel given per dimension (or one value for all). */
  public static Builder builder(int inChannels, int outChannels, int... kernelSize) {
    return new Builder(inChannels, outChannels, kernelSize);
  }

  /** The options expanded to {@code dims} spatial dimensions and validated. */
  ConvOptions resolve(int dims, String layer) {
    int[] k = expand(kernelSize, dims, "kernel_size", layer);
    int[] s = expand(stride, dims, "stride", layer);
    int[] d = expand(dilation, dims, "dilation", layer);
    int[] p = paddingString != null ? new int[dims] : expand(padding, dims, "padding", layer);
    if (inChannels <= 0 || outChannels <= 0) {
      throw new IllegalArgumentException(layer + ": in_channels and out_channels must be positive, got " + inChannels + " and " + outChannels);
    }
    if (groups <= 0) {
      throw new IllegalArgumentException(layer + ": groups must be a positive integer, got " + groups);
    }
    if (inChannels % groups != 0) {
      throw new IllegalArgumentException(layer + ": in_channels (" + inChannels + ") must be divisible by groups (" + groups + ")");
    }
    if (outChannels % groups != 0) {
      throw new IllegalArgumentException(layer + ": out_channels (" + outChannels + ") must be divisible by groups (" + groups + ")");
    }
    for (int i = 0; i < dims; i++) {
      if (k[i] < 1 || s[i] < 1 || d[i] < 1 || p[i] < 0) {
        throw new IllegalArgumentException(layer + ": invalid sizes kernel_size=" + Arrays.toString(k) + ", stride="
            + Arrays.toString(s) + ", padding=" + Arrays.toString(p) + ", dilation=" + Arrays.toString(d));
      }
    }
    if (paddingString != null) {
      if (!paddingString.equals("same") && !paddingString.equals("valid")) {
        throw new IllegalArgumentException(layer + ": Invalid padding string '" + paddingString + "', should be one of {'valid', 'same'}");
      }
      if (paddingString.equals("same")) {
        for (int v : s) {
          if (v != 1) {
            throw new IllegalArgumentException(layer + ": padding='same' is not supported for strided convolutions (stride="
                + Arrays.toString(s) + ")");
          }
        }
      }
    }
    return new ConvOptions(inChannels, outChannels, k, s, p, paddingString, d, groups, bias, paddingMode);
  }

  /** Padding per side, {before0, after0, before1, after1, ...}: "same" puts the odd extra element after, as PyTorch. */
  int[] sidePadding() {
    int dims = kernelSize.length;
    int[] out = new int[2 * dims];
    for (int i = 0; i < dims; i++) {
      if ("same".equals(paddingString)) {
        int total = dilation[i] * (kernelSize[i] - 1);
        out[2 * i] = total / 2;
        out[2 * i + 1] = total - total / 2;
      } else {
        out[2 * i] = padding[i];
        out[2 * i + 1] = padding[i];
      }
    }
    return out;
  }

  private static int[] expand(int[] v, int dims, String what, String layer) {
    if (v.length == dims) {
      return v.clone();
    }
    if (v.length == 1) {
      int[] out = new int[dims];
      Arrays.fill(out, v[0]);
      return out;
    }
    throw new IllegalArgumentException(layer + ": " + what + " must have 1 or " + dims + " values, got " + Arrays.toString(v));
  }

  /** Collects the options; every setter returns the builder. */
  public static final class Builder {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernelSize;
    private int[] stride = {1};
    private int[] padding = {0};
    private String paddingString;
    private int[] dilation = {1};
    private int groups = 1;
    private boolean bias = true;
    private PaddingMode paddingMode = PaddingMode.ZEROS;

    private Builder(int inChannels, int outChannels, int[] kernelSize) {
      this.inChannels = inChannels;
      this.outChannels = outChannels;
      this.kernelSize = kernelSize.clone();
    }

    /** The step between windows. */
    public Builder stride(int... stride) {
      this.stride = stride.clone();
      return this;
    }

    /** Implicit padding on both sides of each dimension. */
    public Builder padding(int... padding) {
      this.padding = padding.clone();
      this.paddingString = null;
      return this;
    }

    /** "same" (output size = input size; stride 1 only) or "valid" (no padding). */
    public Builder padding(String padding) {
      this.paddingString = padding;
      return this;
    }

    /** The spacing between kernel elements. */
    public Builder dilation(int... dilation) {
      this.dilation = dilation.clone();
      return this;
    }

    /** Channel groups: input and output channels are split into this many independent convolutions. */
    public Builder groups(int groups) {
      this.groups = groups;
      return this;
    }

    /** Whether to learn an additive bias. */
    public Builder bias(boolean bias) {
      this.bias = bias;
      return this;
    }

    /** "zeros", "reflect", "replicate" or "circular". */
    public Builder paddingMode(String mode) {
      this.paddingMode = PaddingMode.of(mode);
      return this;
    }

    /** The padding mode. */
    public Builder paddingMode(PaddingMode mode) {
      this.paddingMode = mode;
      return this;
    }

    /** The options. */
    public ConvOptions build() {
      return new ConvOptions(inChannels, outChannels, kernelSize, stride, padding, paddingString, dilation, groups, bias, paddingMode);
    }
  }
}
