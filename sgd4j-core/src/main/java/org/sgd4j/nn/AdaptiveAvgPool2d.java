package org.sgd4j.nn;

import org.sgd4j.nn.functional.Pooling;
import org.sgd4j.tensor.Tensor;

/** {@code torch.nn.AdaptiveAvgPool2d}: average pooling to a fixed output size, whatever the input size. See {@link Pooling#adaptiveAvgPool2d}. */
public final class AdaptiveAvgPool2d extends Module {
  private final int oh;
  private final int ow;

  /** Output size (s, s). */
  public AdaptiveAvgPool2d(int outputSize) {
    this(outputSize, outputSize);
  }

  /** Output size (oh, ow). */
  public AdaptiveAvgPool2d(int oh, int ow) {
    this.oh = oh;
    this.ow = ow;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Pooling.adaptiveAvgPool2d(input, oh, ow);
  }

  @Override
  protected String extraRepr() {
    return "output_size=" + (oh == ow ? Integer.toString(oh) : tuple(oh, ow));
  }
}
