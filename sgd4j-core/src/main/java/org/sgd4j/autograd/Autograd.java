package org.sgd4j.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sgd4j.tensor.BufferPool;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * The reverse-mode engine: a topological sort of the recorded graph from the output, then one loop
 * in reverse order that calls each node's local backward rule and adds up the gradients that flow
 * into each tensor (micrograd's {@code backward()}, at tensor granularity).
 *
 * <p>{@link #backward} accumulates into the {@code grad()} of leaves (and of non-leaves that asked
 * {@link Tensor#retainGrad()}), as {@code torch.autograd.backward} does; {@link #grad} returns the
 * gradients instead, as {@code torch.autograd.grad} does. With {@code createGraph} the backward pass
 * is itself recorded, so gradients of gradients (Hessians) can be taken.
 *
 * <p>Gradient buffers: a leaf's gradient is accumulated by {@link Tensor#accumulateGrad}, which reuses
 * the leaf's previous buffer when nobody else can see it (see {@link Tensor#grad()}). When a leaf
 * receives exactly one gradient in a pass that records no graph, the rule of the node that consumes
 * it is offered the leaf's buffer as a {@link GradTarget} (see {@link DirectBackwardFunction}), so a
 * layer computes its weight gradient straight into {@code weight.grad()}, without a temporary. Either
 * way the gradient has the same bits.
 */
public final class Autograd {
  private static final Tensor[] NO_TENSORS = new Tensor[0];

  private Autograd() {}

  /** Accumulates d(root)/d(leaf), weighted by {@code gradient}, into every leaf's {@code grad()}. */
  public static void backward(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph) {
    run(root, gradient, retainGraph, createGraph, null, false);
  }

  /**
   * The gradients of {@code output} with respect to {@code inputs} (weighted by {@code gradOutput},
   * which may be null for a scalar output), without touching any {@code grad()} field.
   *
   * @param allowUnused when false, an input the output does not depend on is an error; when true its
   *     gradient is {@code null}
   */
  public static List<Tensor> grad(Tensor output, List<Tensor> inputs, Tensor gradOutput,
                                  boolean retainGraph, boolean createGraph, boolean allowUnused) {
    Map<Tensor, Tensor> captured = new IdentityHashMap<>();
    for (Tensor in : inputs) {
      if (!in.requiresGrad()) {
        throw new IllegalArgumentException(
            "grad: input of shape " + Shape.format(in.shape()) + " does not require grad");
      }
      captured.put(in, null);
    }
    run(output, gradOutput, retainGraph, createGraph, captured, allowUnused);
    List<Tensor> out = new ArrayList<>(inputs.size());
    for (Tensor in : inputs) {
      Tensor g = captured.get(in);
      if (g == null && !allowUnused) {
        throw new IllegalArgumentException(
            "grad: one of the inputs (shape " + Shape.format(in.shape())
                + ") was not used to compute the output; pass allowUnused=true if this is intended");
      }
      out.add(g);
    }
    return out;
  }

  /** {@link #grad} with defaults: scalar output, graph freed, no graph for the gradients. */
  public static List<Tensor> grad(Tensor output, List<Tensor> inputs) {
    return grad(output, inputs, null, false, false, false);
  }

  private static void run(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph,
                          Map<Tensor, Tensor> captured, boolean allowUnused) {
    if (!root.requiresGrad()) {
      throw new IllegalStateException(
          "element 0 of tensors does not require grad and does not have a grad_fn: the output of shape "
              + Shape.format(root.shape()) + " was computed without any input that requires grad (or under no-grad)");
    }
    if (gradient == null) {
      if (root.numel() != 1) {
        throw new IllegalArgumentException(
            "grad can be implicitly created only for scalar outputs; the output has shape "
                + Shape.format(root.shape()) + ": pass a gradient of that shape");
      }
      gradient = Tensor.onesLike(root);
    } else if (!java.util.Arrays.equals(gradient.shape(), root.shape())) {
      throw new IllegalArgumentException("backward: gradient has shape " + Shape.format(gradient.shape())
          + " but the output has shape " + Shape.format(root.shape()));
    }
    List<Tensor> order = topologicalOrder(root);
    Map<Tensor, Integer> leafEdges = captured == null && !createGraph ? leafEdges(order) : null;
    Map<Tensor, Tensor> grads = new IdentityHashMap<>();
    grads.put(root, gradient);
    // Without createGraph, the gradients the rules make are temporaries of this pass: each goes back to
    // the buffer pool once the rule it flows into has run (see BufferPool).
    try (GradMode.Scope scope = createGraph ? GradMode.enableGrad() : GradMode.noGrad();
         BufferPool.Pass pass = createGraph ? null : BufferPool.openPass()) {
      for (int i = order.size() - 1; i >= 0; i--) {
        Tensor t = order.get(i);
        Tensor g = grads.remove(t);
        if (g == null) {
          continue;
        }
        if (captured != null && captured.containsKey(t)) {
          captured.put(t, g);
          BufferPool.pin(g);
        }
        Node node = t.gradFn();
        if (node == null) {
          if (captured == null) {
            t.accumulateGrad(g, createGraph);
            // Copied or added into the leaf's own buffer: the temporary is done with.
            if (pass != null && t != root && !sharesStorage(g, NO_TENSORS, grads)) {
              BufferPool.recycleGradient(g, pass);
            }
          }
          continue;
        }
        if (captured == null && t.retainsGrad()) {
          t.accumulateGrad(g, createGraph);
        }
        Tensor[] inputs = node.inputsInternal();
        GradTarget[] offered = leafEdges == null || !node.takesTargets() ? null : new GradTarget[inputs.length];
        Tensor[] inGrads = node.backward(g, offered == null ? GradTargets.NONE : k -> {
          Tensor in = inputs[k];
          if (in == null || !in.isLeaf() || !in.requiresGrad() || leafEdges.getOrDefault(in, 0) != 1) {
            return null;
          }
          offered[k] = in.gradTarget();
          return offered[k];
        });
        for (int k = 0; k < inputs.length; k++) {
          Tensor in = inputs[k];
          if (in == null || !in.requiresGrad() || inGrads[k] == null) {
            continue;
          }
          if (offered != null && offered[k] != null && inGrads[k] == offered[k].tensor()) {
            in.commitGradTarget(offered[k]);
            continue;
          }
          Tensor gk = inGrads[k].sumTo(in.shape());
          grads.merge(in, gk, Tensor::add);
        }
        if (pass != null && t != root && !t.retainsGrad() && !sharesStorage(g, inGrads, grads)) {
          BufferPool.recycleGradient(g, pass);
        }
      }
    }
    if (!retainGraph) {
      for (Tensor t : order) {
        if (t.gradFn() != null) {
          t.gradFn().free(!createGraph);
          // Nothing refers to a container's internal outputs any more (see BufferPool.markInternal).
          if (!createGraph && t != root) {
            BufferPool.recycleInternal(t);
          }
        }
      }
    }
  }

  /** Whether {@code g}'s storage is viewed by one of the rule's results or by a gradient still pending. */
  private static boolean sharesStorage(Tensor g, Tensor[] inGrads, Map<Tensor, Tensor> pending) {
    for (Tensor r : inGrads) {
      if (r != null && BufferPool.sameStorage(g, r)) {
        return true;
      }
    }
    for (Tensor r : pending.values()) {
      if (BufferPool.sameStorage(g, r)) {
        return true;
      }
    }
    return false;
  }

  /**
   * For each leaf of the graph, the number of edges (node inputs) through which it can receive a
   * gradient: a leaf with exactly one may have its gradient written in place by that node's rule,
   * since nothing else is added to it in this pass.
   */
  private static Map<Tensor, Integer> leafEdges(List<Tensor> order) {
    Map<Tensor, Integer> edges = new IdentityHashMap<>();
    for (Tensor t : order) {
      Node node = t.gradFn();
      if (node == null) {
        continue;
      }
      for (Tensor in : node.inputsInternal()) {
        if (in != null && in.requiresGrad() && in.isLeaf()) {
          edges.merge(in, 1, Integer::sum);
        }
      }
    }
    return edges;
  }

  /** Tensors reachable from {@code root} through recorded nodes, each after all of its inputs. */
  static List<Tensor> topologicalOrder(Tensor root) {
    List<Tensor> order = new ArrayList<>();
    Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {root, 0});
    visited.add(root);
    while (!stack.isEmpty()) {
      Object[] frame = stack.peek();
      Tensor t = (Tensor) frame[0];
      int next = (Integer) frame[1];
      Node node = t.gradFn();
      Tensor[] inputs = node == null ? new Tensor[0] : node.inputsInternal();
      if (next < inputs.length) {
        frame[1] = next + 1;
        Tensor in = inputs[next];
        if (in != null && in.requiresGrad() && visited.add(in)) {
          stack.push(new Object[] {in, 0});
        }
      } else {
        stack.pop();
        order.add(t);
      }
    }
    return order;
  }
}
