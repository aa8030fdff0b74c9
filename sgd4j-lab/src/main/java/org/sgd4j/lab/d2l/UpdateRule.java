package org.sgd4j.lab.d2l;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * One of the chapter's from-scratch update rules (d2l's {@code trainer_fn(params, states, hyperparams)}):
 * it reads each parameter's gradient and updates the parameter in place, keeping its own state per
 * parameter. Called without gradient recording; the caller clears the gradients afterwards. The rules
 * compute in float32 in the chapter's order of operations, so they agree with its PyTorch code to the
 * rounding of the gradients.
 */
public abstract class UpdateRule {
  /** Updates every parameter from its gradient, in order, then calls {@link #afterUpdate}. */
  public final void update(List<Tensor> params) {
    for (int i = 0; i < params.size(); i++) {
      Tensor p = params.get(i);
      update(i, p, p.grad());
    }
    afterUpdate();
  }

  /** Updates parameter {@code i}, {@code p}, from its gradient {@code g}. */
  protected abstract void update(int i, Tensor p, Tensor g);

  /** After every parameter was updated (Adam counts its steps here). */
  protected void afterUpdate() {}

  /** One zero state per parameter, shaped like it. */
  protected static List<Tensor> zerosLike(List<Tensor> params) {
    return params.stream().map(Tensor::zerosLike).toList();
  }
}
