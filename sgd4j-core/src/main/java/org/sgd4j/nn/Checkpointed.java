package org.sgd4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.sgd4j.autograd.Checkpoint;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * Gradient checkpointing of a module (Chen et al., "Training Deep Nets with Sublinear Memory Cost",
 * 2016; {@code torch.utils.checkpoint}): the forward pass keeps only the module's input, and the
 * backward pass recomputes the inner activations from it. Same gradients, less memory held between
 * forward and backward, one extra forward of the wrapped module. The wrapped module is child "module".
 *
 * <p>The recomputation replays the forward exactly: the generators of the {@link Dropout} layers inside
 * are rewound to where they were at the forward pass (PyTorch's {@code preserve_rng_state}), and the
 * buffers (BatchNorm's running statistics) are restored after it, so they are updated once per step.
 */
public final class Checkpointed extends Module {
  private final Module module;

  /** Wraps {@code module}. */
  public Checkpointed(Module module) {
    this.module = registerModule("module", module);
  }

  @Override
  public Tensor forward(Tensor input) {
    List<Rng> rngs = new ArrayList<>();
    collectRngs(module, rngs);
    long[] states = new long[rngs.size()];
    double[] pending = new double[rngs.size()];
    for (int i = 0; i < states.length; i++) {
      states[i] = rngs.get(i).state();
      pending[i] = rngs.get(i).pendingGaussian();
    }
    boolean[] ranOnce = {false};
    UnaryOperator<Tensor> fn = x -> {
      if (!ranOnce[0]) {
        ranOnce[0] = true;
        return module.forward(x);
      }
      return replay(x, rngs, states, pending);
    };
    return Checkpoint.checkpoint(fn, input, module.parameters());
  }

  /** Runs the module again as it ran at the forward pass, leaving generators and buffers as they are now. */
  private Tensor replay(Tensor x, List<Rng> rngs, long[] states, double[] pending) {
    long[] nowStates = new long[rngs.size()];
    double[] nowPending = new double[rngs.size()];
    for (int i = 0; i < rngs.size(); i++) {
      nowStates[i] = rngs.get(i).state();
      nowPending[i] = rngs.get(i).pendingGaussian();
      rngs.get(i).restore(states[i], pending[i]);
    }
    List<Tensor> buffers = new ArrayList<>(module.namedBuffers().values());
    List<Tensor> saved = new ArrayList<>();
    for (Tensor b : buffers) {
      saved.add(b.detach().clone());
    }
    try {
      return module.forward(x);
    } finally {
      try (GradMode.Scope s = GradMode.noGrad()) {
        for (int i = 0; i < buffers.size(); i++) {
          buffers.get(i).copy_(saved.get(i));
        }
      }
      for (int i = 0; i < rngs.size(); i++) {
        rngs.get(i).restore(nowStates[i], nowPending[i]);
      }
    }
  }

  private static void collectRngs(Module m, List<Rng> out) {
    if (m instanceof Dropout d) {
      out.add(d.rng());
    }
    for (Module c : m.children()) {
      collectRngs(c, out);
    }
  }
}
