package org.sgd4j.nn;

import org.sgd4j.tensor.Tensor;

/** {@code torch.nn.Flatten}: flattens dimensions startDim..endDim (default 1..−1, keeping the batch dimension). */
public final class Flatten extends Module {
  private final int startDim;
  private final int endDim;

  /** Flattens all but the first dimension. */
  public Flatten() {
    this(1, -1);
  }

  /** Flattens dimensions {@code startDim..endDim}, inclusive (negative counts from the end). */
  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.flatten(startDim, endDim);
  }

  @Override
  protected String extraRepr() {
    return "start_dim=" + startDim + ", end_dim=" + endDim;
  }
}
