package org.sgd4j.nn;

import org.sgd4j.autograd.Checkpoint;
import org.sgd4j.tensor.Tensor;

/**
 * Gradient checkpointing of a module (Chen et al., "Training Deep Nets with Sublinear Memory Cost",
 * 2016; {@code torch.utils.checkpoint}): the forward pass keeps only the module's input, and the
 * backward pass recomputes the inner activations from it. Same gradients, less memory held between
 * forward and backward, one extra forward of the wrapped module. The wrapped module is child "module".
 *
 * <p>A module with randomness (Dropout) or running statistics (BatchNorm) inside is run twice, so its
 * random draws or statistic updates happen twice, as with PyTorch's checkpoint without RNG preservation.
 */
public final class Checkpointed extends Module {
  private final Module module;

  /** Wraps {@code module}. */
  public Checkpointed(Module module) {
    this.module = registerModule("module", module);
  }

  @Override
  public Tensor forward(Tensor input) {
    return Checkpoint.checkpoint(module::forward, input, module.parameters());
  }
}
