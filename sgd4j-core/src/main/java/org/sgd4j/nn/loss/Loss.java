package org.sgd4j.nn.loss;

import java.util.Arrays;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * A loss function ℓ(input, target), as the loss modules of {@code torch.nn}: {@link #apply} returns
 * the per-element losses reduced by the loss's {@link Reduction} (MEAN by default). Losses are
 * immutable; the {@code withX} methods return a changed copy.
 */
public abstract class Loss {
  private final Reduction reduction;

  Loss(Reduction reduction) {
    if (reduction == Reduction.BATCHMEAN && !(this instanceof KLDivLoss)) {
      throw new IllegalArgumentException("reduction 'batchmean' is only valid for KLDivLoss, not " + getClass().getSimpleName());
    }
    this.reduction = reduction;
  }

  /** The loss of {@code input} against {@code target}, reduced. */
  public abstract Tensor apply(Tensor input, Tensor target);

  /** The reduction in use. */
  public Reduction reduction() {
    return reduction;
  }

  /** The plain reduction of per-element losses: none, sum, or the unweighted mean. */
  Tensor reduce(Tensor perElement) {
    return switch (reduction) {
      case NONE -> perElement;
      case SUM -> perElement.sum();
      case MEAN -> perElement.mean();
      case BATCHMEAN -> perElement.sum().div(perElement.dim() == 0 ? 1f : (float) perElement.size(0));
    };
  }

  /** Throws unless input and target have the same shape. */
  static void requireSameShape(String loss, Tensor input, Tensor target) {
    if (!Arrays.equals(input.shape(), target.shape())) {
      throw new IllegalArgumentException(loss + ": target shape " + Shape.format(target.shape())
          + " must equal the input shape " + Shape.format(input.shape()));
    }
  }

  /** The multi-index of flat position {@code flat} in {@code shape}, for error messages. */
  static String position(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = flat % Math.max(shape[d], 1);
      flat /= Math.max(shape[d], 1);
    }
    return Arrays.toString(idx);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "()";
  }
}
