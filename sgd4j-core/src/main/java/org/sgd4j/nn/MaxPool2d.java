package org.sgd4j.nn;

import org.sgd4j.nn.functional.Pooling;
import org.sgd4j.tensor.Tensor;

/** {@code torch.nn.MaxPool2d}: the maximum over each (dilated) window; stride defaults to the kernel size. See {@link Pooling#maxPool2d}. */
public final class MaxPool2d extends Module {
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;
  /** Whether the sizes were given as single ints, which is how PyTorch then prints them. */
  private boolean scalarArgs;
  private final int[] dilation;

  /** Square window, stride = kernel size. */
  public MaxPool2d(int kernelSize) {
    this(kernelSize, kernelSize, 0);
  }

  /** Square window with the given stride. */
  public MaxPool2d(int kernelSize, int stride) {
    this(kernelSize, stride, 0);
  }

  /** Square window with the given stride and padding. */
  public MaxPool2d(int kernelSize, int stride, int padding) {
    this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding}, new int[] {1, 1});
    this.scalarArgs = true;
  }

  /** Per-dimension window, stride, padding and dilation. */
  public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation) {
    this.kernel = kernelSize.clone();
    this.stride = stride.clone();
    this.padding = padding.clone();
    this.dilation = dilation.clone();
  }

  @Override
  public Tensor forward(Tensor input) {
    return Pooling.maxPool2d(input, kernel, stride, padding, dilation);
  }

  @Override
  protected String extraRepr() {
    return "kernel_size=" + pair(kernel, scalarArgs) + ", stride=" + pair(stride, scalarArgs) + ", padding="
        + pair(padding, scalarArgs) + ", dilation=" + pair(dilation, scalarArgs) + ", ceil_mode=False";
  }

  static String pair(int[] v, boolean scalar) {
    return scalar ? Integer.toString(v[0]) : tuple(v);
  }
}
