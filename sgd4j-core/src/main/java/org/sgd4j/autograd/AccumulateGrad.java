package org.sgd4j.autograd;

import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.GradTarget;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.tensor.kernel.ElementSplit;

/**
 * PyTorch's {@code AccumulateGrad}: how the engine stores a gradient in a tensor's {@code grad()},
 * with PyTorch's semantics. The first gradient after the field was cleared goes into a new tensor (a
 * tensor a caller still holds from before is never written again); later ones are added in place;
 * with {@code createGraph} the sum is recorded instead. A gradient zeroed in place
 * ({@code zeroGrad(false)}) keeps its tensor and buffer, and a rule may write into it directly
 * ({@link GradTarget}), so a loop that zeroes in place allocates no gradient memory per step.
 */
final class AccumulateGrad {
  private AccumulateGrad() {}

  /**
   * Adds {@code g}, of {@code t}'s shape, to {@code t}'s gradient: with {@code createGraph}
   * out of place and recorded ({@code grad = g} or {@code grad + g}); otherwise the first gradient is
   * copied into a new tensor and later ones are added in place.
   */
  static void accumulate(Tensor t, Tensor g, boolean createGraph) {
    Tensor grad = t.grad();
    if (createGraph) {
      t.setGrad(grad == null ? g : grad.add(g));
    } else if (grad == null) {
      t.setGrad(g.detach().clone());
    } else {
      try (GradMode.Scope s = GradMode.noGrad()) {
        grad.add_(g);
      }
    }
  }

  /**
   * Where leaf {@code leaf}'s whole gradient of this pass may be written by the rule that consumes it
   * (see {@link GradTarget}): a new buffer when the leaf has no gradient, the gradient itself when it is
   * known to hold zeros ({@code zeroGrad(false)} and untouched since), else null.
   */
  static GradTarget target(Tensor leaf) {
    Tensor grad = leaf.grad();
    if (grad == null) {
      return new GradTarget(Tensor.zeros(leaf.shape()));
    }
    boolean zeroed = Autograd.TENSORS.gradHoldsZeros(leaf) && !grad.requiresGrad() && grad.isContiguous();
    return zeroed ? new GradTarget(grad) : null;
  }

  /**
   * The consuming rule wrote leaf {@code leaf}'s gradient g into {@code target} (from {@link #target}).
   * A new buffer becomes the gradient; the zeroed gradient itself gets the bits of
   * {@code grad.add_(g)}, {@code 0 + g}, which are g's except that a {@code -0.0} becomes {@code +0.0}.
   * (Written over rather than added to, so the rule's product is one plain {@code beta = 0} GEMM.)
   */
  static void written(Tensor leaf, GradTarget target) {
    Tensor buffer = target.tensor();
    if (buffer == leaf.grad()) {
      float[] d = buffer.data();
      int off = buffer.storageOffset();
      // x + 0.0f is x for every x but -0.0, which becomes +0.0; unlike a test per element, it vectorises.
      ElementSplit.run(buffer.numel(), (from, to) -> {
        for (int i = off + from; i < off + to; i++) {
          d[i] += 0f;
        }
      });
    }
    target.commit(leaf);
  }
}
