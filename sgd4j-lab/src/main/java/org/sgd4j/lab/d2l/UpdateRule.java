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
public interface UpdateRule {
  /** Updates every parameter from its gradient. */
  void update(List<Tensor> params);
}
