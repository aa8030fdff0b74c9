package org.sgd4j.nn;

import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/** {@code torch.nn.BatchNorm2d} over inputs of shape (N, C, H, W); see {@link BatchNorm} for the formula. */
public final class BatchNorm2d extends BatchNorm {

  /** eps = 1e-5, momentum = 0.1, affine. */
  public BatchNorm2d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1, true);
  }

  /** The given eps, momentum and whether γ and β are learnt. */
  public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine) {
    super(numFeatures, eps, momentum, affine);
  }

  @Override
  void checkInput(Tensor input) {
    if (!(input.dim() == 4)) {
      throw new IllegalArgumentException("BatchNorm2d expects an input of shape (N, C, H, W), got " + Shape.format(input.shape()));
    }
  }
}
