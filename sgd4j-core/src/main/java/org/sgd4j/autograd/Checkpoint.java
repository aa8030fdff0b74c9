package org.sgd4j.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Graph;
import org.sgd4j.tensor.Tensor;

/**
 * Checkpointed backpropagation (Chen et al., "Training Deep Nets with Sublinear Memory Cost", 2016;
 * {@code torch.utils.checkpoint.checkpoint}): runs a function without recording its inner graph and
 * records a single node that saves only the function's input. Its backward recomputes the function
 * with recording on and backpropagates through that fresh graph, which is freed straight after.
 *
 * <p>The parameters the function reads must be passed, so that their gradients flow through the
 * node to the outer backward (and are captured correctly by {@link Autograd#grad}). When the outer
 * backward itself builds a graph ({@code createGraph}), so does the recomputation, so gradients of
 * gradients work through a checkpoint.
 */
public final class Checkpoint {
  private Checkpoint() {}

  /**
   * {@code fn(input)}, keeping only {@code input} for the backward pass.
   *
   * @param params the tensors (besides {@code input}) that {@code fn} reads and that may require grad
   */
  public static Tensor checkpoint(UnaryOperator<Tensor> fn, Tensor input, List<Tensor> params) {
    Tensor[] inputs = new Tensor[params.size() + 1];
    inputs[0] = input;
    for (int i = 0; i < params.size(); i++) {
      inputs[i + 1] = params.get(i);
    }
    if (!Graph.needsGrad(inputs)) {
      return fn.apply(input);
    }
    Tensor out;
    try (GradMode.Scope s = GradMode.noGrad()) {
      out = fn.apply(input.detach()).detach();
    }
    return Graph.record(out, "CheckpointFunctionBackward", inputs, Graph.of(input), g -> recompute(fn, inputs, g));
  }

  private static Tensor[] recompute(UnaryOperator<Tensor> fn, Tensor[] inputs, Tensor g) {
    boolean createGraph = GradMode.isEnabled();
    Tensor[] grads = new Tensor[inputs.length];
    try (GradMode.Scope s = GradMode.enableGrad()) {
      Tensor x = inputs[0].detach().requiresGrad_(inputs[0].requiresGrad());
      Tensor y = fn.apply(x);
      if (!y.requiresGrad()) {
        return grads;
      }
      List<Tensor> wrt = new ArrayList<>();
      List<Integer> slots = new ArrayList<>();
      if (x.requiresGrad()) {
        wrt.add(x);
        slots.add(0);
      }
      for (int i = 1; i < inputs.length; i++) {
        if (inputs[i].requiresGrad()) {
          wrt.add(inputs[i]);
          slots.add(i);
        }
      }
      List<Tensor> got = Autograd.grad(y, wrt, g, false, createGraph, true);
      for (int k = 0; k < got.size(); k++) {
        grads[slots.get(k)] = got.get(k);
      }
    }
    return grads;
  }
}
