package org.sgd4j.nn;

import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/** {@code torch.nn.BatchNorm1d} over inputs of shape (N, C) or (N, C, L); see {@link BatchNorm} for the formula. */
public final class BatchNorm1d extends BatchNorm {

  /** eps = 1e-5, momentum = 0.1, affine. */
  public BatchNorm1d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1, true);
  }

  /** The given eps, momentum and whether γ and β are learnt. */
  public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine) {
    super(numFeatures, eps, momentum, affine);
  }

  @Override
  void checkInput(Tensor input) {
    if (!(input.dim() == 2 || input.dim() == 3)) {
      throw new IllegalArgumentException("BatchNorm1d expects an input of shape (N, C) or (N, C, L), got " + Shape.format(input.shape()));
    }
  }
}
