package org.sgd4j.nn;

import org.sgd4j.nn.functional.Pooling;
import org.sgd4j.tensor.Tensor;

/** {@code torch.nn.AvgPool2d}: the mean over each window (count_include_pad on by default). See {@link Pooling#avgPool2d}. */
public final class AvgPool2d extends Module {
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;
  /** Whether the sizes were given as single ints, which is how PyTorch then prints them. */
  private boolean scalarArgs;
  private final boolean countIncludePad;

  /** Square window, stride = kernel size. */
  public AvgPool2d(int kernelSize) {
    this(kernelSize, kernelSize, 0);
  }

  /** Square window with stride and padding; padding counts in the divisor. */
  public AvgPool2d(int kernelSize, int stride, int padding) {
    this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding}, true);
    this.scalarArgs = true;
  }

  /** Square window with stride and padding, and whether padded zeros count in the divisor. */
  public AvgPool2d(int kernelSize, int stride, int padding, boolean countIncludePad) {
    this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding}, countIncludePad);
    this.scalarArgs = true;
  }

  /** Per-dimension window, stride, padding, and whether padded zeros count in the divisor. */
  public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean countIncludePad) {
    this.kernel = kernelSize.clone();
    this.stride = stride.clone();
    this.padding = padding.clone();
    this.countIncludePad = countIncludePad;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Pooling.avgPool2d(input, kernel, stride, padding, countIncludePad);
  }

  @Override
  protected String extraRepr() {
    return "kernel_size=" + MaxPool2d.pair(kernel, scalarArgs) + ", stride=" + MaxPool2d.pair(stride, scalarArgs)
        + ", padding=" + MaxPool2d.pair(padding, scalarArgs);
  }
}
