package org.sgd4j.optim;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * An optimizer that treats all its parameters as one vector and needs the loss at every step
 * (PyTorch's L-BFGS; Newton's method): it takes one parameter group only, as {@code torch.optim.LBFGS}
 * ("doesn't support per-parameter options"), and {@link #step(java.util.function.Supplier)} with a
 * closure is its only step.
 *
 * @param <O> the options record of the algorithm
 */
abstract class ClosureOptimizer<O extends OptimizerOptions<O>> extends Optimizer<O> {
  ClosureOptimizer(List<Tensor> params, O defaults) {
    super(params, defaults);
  }

  @Override
  public void addParamGroup(ParamGroup<O> group) {
    if (!paramGroups().isEmpty()) {
      throw new IllegalArgumentException(name() + " doesn't support per-parameter options (parameter groups)");
    }
    super.addParamGroup(group);
  }

  @Override
  protected void update(O options, Tensor param, ParamState state) {
    throw new UnsupportedOperationException(name() + " needs the loss: call step(closure)");
  }

  /** The algorithm's name for messages: the class's. */
  private String name() {
    return getClass().getSimpleName();
  }
}
