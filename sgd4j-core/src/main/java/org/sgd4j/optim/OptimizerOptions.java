package org.sgd4j.optim;

/**
 * The hyper-parameters of one optimizer, as an immutable record: what a parameter group of
 * {@code torch.optim} holds besides its {@code params}. The optimizer's static {@code options()}
 * gives PyTorch's defaults and each {@code withX} method a validated copy with one option replaced
 * ({@code SGD.options().withLr(0.1).withMomentum(0.9)}). Every optimizer's options have a learning
 * rate, which learning-rate schedules replace through {@link #withLr}.
 *
 * <p>The record components must be {@code double}, {@code int}, {@code long} or {@code boolean}, so
 * an optimizer's state dict can carry them as named scalars (see {@link OptimizerState}).
 *
 * @param <O> the options record itself
 */
public interface OptimizerOptions<O extends OptimizerOptions<O>> {
  /** The learning rate η. */
  double lr();

  /** A copy with learning rate {@code lr} (validated like the constructor's). */
  O withLr(double lr);
}
