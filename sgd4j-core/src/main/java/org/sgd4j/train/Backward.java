package org.sgd4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.sgd4j.autograd.Autograd;
import org.sgd4j.nn.Module;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;

/**
 * The backward pass of a training step that keeps its gradient tensors from step to step: the results
 * of {@code optimizer.zero_grad()} (set to none) then {@code loss.backward()}, written over the
 * gradients of the previous step instead of into new tensors (a Java training loop cannot lean on a
 * caching allocator as PyTorch's does, and a new gradient per step is megabytes of garbage). The
 * {@link Trainer}'s local step uses it; so does a hand-written loop that wants the same speed.
 */
public final class Backward {
  private Backward() {}

  /**
   * {@code zero_grad()} (set to none) then {@code backward()}, without a new gradient tensor per step:
   * the pass writes each optimizer parameter's gradient over its gradient tensor of the previous step
   * ({@link Autograd#gradInto}, a layer's weight gradient one GEMM straight into it), so the results
   * have the bits of the set-to-none path, with no zeroing pass before and none after. A parameter the
   * pass does not reach is left without a gradient, as setting to none would leave it (so the optimizer
   * skips it). A parameter of the model that requires grad but is not the optimizer's accumulates into
   * its gradient, as {@code backward()} would.
   */
  public static void overwriting(Tensor loss, Module model, Optimizer<?> optimizer) {
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Tensor> inputs = new ArrayList<>();
    List<Tensor> into = new ArrayList<>();
    for (Tensor p : optimizer.params()) {
      if (!seen.add(p)) {
        continue;
      }
      if (!p.requiresGrad()) {
        p.setGrad(null);
        continue;
      }
      Tensor g = p.grad();
      inputs.add(p);
      into.add(g != null && !g.requiresGrad() && g.isContiguous() ? g : Tensor.zeros(p.shape()));
    }
    int own = inputs.size();
    for (Tensor p : model.parameters()) {
      if (p.requiresGrad() && seen.add(p)) {
        inputs.add(p);
        into.add(Tensor.zeros(p.shape()));
      }
    }
    boolean[] used = Autograd.gradInto(loss, inputs, into, null, false, true);
    for (int i = 0; i < inputs.size(); i++) {
      Tensor p = inputs.get(i);
      if (i < own) {
        p.setGrad(used[i] ? into.get(i) : null);
      } else if (used[i]) {
        if (p.grad() == null) {
          p.setGrad(into.get(i));
        } else {
          try (GradMode.Scope s = GradMode.noGrad()) {
            p.grad().add_(into.get(i));
          }
        }
      }
    }
  }
}
