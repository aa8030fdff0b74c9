package org.sgd4j.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sgd4j.tensor.AutogradHooks;
import org.sgd4j.tensor.BufferPool;
import org.sgd4j.tensor.DirectBackwardFunction;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.GradTarget;
import org.sgd4j.tensor.GradTargets;
import org.sgd4j.tensor.Node;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * The reverse-mode engine: a topological sort of the recorded graph from the output, then one loop
 * in reverse order that calls each node's local backward rule and adds up the gradients that flow
 * into each tensor (micrograd's {@code backward()}, at tensor granularity).
 *
 * <p>{@link #backward} accumulates into the {@code grad()} of leaves (and of non-leaves that asked
 * {@link Tensor#retainGrad()}), as {@code torch.autograd.backward} does; {@link #grad} returns the
 * gradients instead, as {@code torch.autograd.grad} does, and {@link #gradInto} writes them into
 * the caller's buffers. With {@code createGraph} the backward pass
 * is itself recorded, so gradients of gradients (Hessians) can be taken.
 *
 * <p>Gradient buffers: a leaf's gradient is stored as PyTorch's {@code AccumulateGrad} stores it
 * ({@link AccumulateGrad}: a new tensor after the field was cleared, in place after
 * {@code zeroGrad(false)}). When a leaf
 * receives exactly one gradient in a pass that records no graph, the rule of the node that consumes
 * it is offered the leaf's buffer as a {@link GradTarget} (see {@link DirectBackwardFunction}), so a
 * layer computes its weight gradient straight into {@code weight.grad()}, without a temporary;
 * {@link #gradInto} offers the caller's buffer the same way. Either way the gradient has the same bits.
 */
public final class Autograd {
  private static final Tensor[] NO_TENSORS = new Tensor[0];
  /** This engine, registered as the one {@code Tensor.backward} calls; what only the engine may do to a tensor or a node. */
  static final AutogradHooks.Access TENSORS =
      AutogradHooks.register((root, gradient, retainGraph) -> backward(root, gradient, retainGraph, false));

  private Autograd() {}

  /** Accumulates d(root)/d(leaf), weighted by {@code gradient}, into every leaf's {@code grad()}. */
  public static void backward(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph) {
    run(root, gradient, retainGraph, createGraph, GradSink.ACCUMULATE);
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
    run(output, gradOutput, retainGraph, createGraph, GradSink.capture(captured));
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

  /**
   * The gradients of {@code output} with respect to {@code inputs}, written into the caller's buffers
   * {@code into} (one per input, same shape, dense), so that a training loop that calls it every step
   * with the same buffers allocates no gradient memory: the same bits as {@link #grad} with
   * {@code createGraph} off, without touching any {@code grad()} field.
   *
   * <p>When input {@code i} is a leaf that receives exactly one gradient in this pass, the rule of the
   * node that consumes it is offered {@code into.get(i)} as a {@link GradTarget} to overwrite (see
   * {@link DirectBackwardFunction}), so e.g. a layer's weight gradient is one GEMM straight into the
   * buffer; otherwise the gradient is copied into the buffer and its temporary goes back to the buffer
   * pool. An input the output does not depend on gets zeros in its buffer and {@code false} in the
   * result (with {@code allowUnused}), where {@link #grad} would give {@code null}.
   *
   * @param into one buffer per input, shaped like it, contiguous, not requiring grad, none sharing its
   *     storage with another buffer or with an input; overwritten
   * @param gradOutput the weight of the output's elements, or null for a scalar output
   * @param allowUnused when false, an input the output does not depend on is an error
   * @return for each input, whether the output depends on it (its buffer holds the gradient); when
   *     false its buffer holds zeros
   * @throws IllegalArgumentException if an input does not require grad, the buffers do not match the
   *     inputs (number, shapes, layout, sharing), or an input is unused and {@code allowUnused} is false
   */
  public static boolean[] gradInto(Tensor output, List<Tensor> inputs, List<Tensor> into, Tensor gradOutput,
                                   boolean retainGraph, boolean allowUnused) {
    requireBuffers(inputs, into);
    Map<Tensor, Tensor> captured = new IdentityHashMap<>();
    Map<Tensor, GradTarget> targets = new IdentityHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      Tensor in = inputs.get(i);
      if (!in.requiresGrad()) {
        throw new IllegalArgumentException(
            "gradInto: input " + i + " of shape " + Shape.format(in.shape()) + " does not require grad");
      }
      captured.put(in, null);
      targets.putIfAbsent(in, new GradTarget(into.get(i)));
    }
    run(output, gradOutput, retainGraph, false, GradSink.writeInto(targets, captured));
    boolean[] used = new boolean[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      Tensor in = inputs.get(i);
      Tensor g = captured.get(in);
      Tensor buffer = into.get(i);
      if (g == null) {
        if (!allowUnused) {
          throw new IllegalArgumentException("gradInto: input " + i + " (shape " + Shape.format(in.shape())
              + ") was not used to compute the output; pass allowUnused=true if this is intended");
        }
        try (GradMode.Scope s = GradMode.noGrad()) {
          buffer.zero_();
        }
        continue;
      }
      used[i] = true;
      if (g != buffer) {
        // The same input listed twice: its gradient is in the first one's buffer.
        try (GradMode.Scope s = GradMode.noGrad()) {
          buffer.copy_(g);
        }
      }
    }
    return used;
  }

  /** {@link #gradInto} with defaults: scalar output, graph freed, every input used. */
  public static boolean[] gradInto(Tensor output, List<Tensor> inputs, List<Tensor> into) {
    return gradInto(output, inputs, into, null, false, false);
  }

  private static void requireBuffers(List<Tensor> inputs, List<Tensor> into) {
    if (into.size() != inputs.size()) {
      throw new IllegalArgumentException("gradInto: got " + into.size() + " buffers for " + inputs.size() + " inputs");
    }
    for (int i = 0; i < into.size(); i++) {
      Tensor b = into.get(i);
      Tensor in = inputs.get(i);
      if (b == null) {
        throw new IllegalArgumentException("gradInto: buffer " + i + " is null (input of shape "
            + Shape.format(in.shape()) + ")");
      }
      if (!java.util.Arrays.equals(b.shape(), in.shape())) {
        throw new IllegalArgumentException("gradInto: buffer " + i + " has shape " + Shape.format(b.shape())
            + " but input " + i + " has shape " + Shape.format(in.shape()));
      }
      if (!b.isContiguous()) {
        throw new IllegalArgumentException("gradInto: buffer " + i + " of shape " + Shape.format(b.shape())
            + " is not contiguous (strides " + Shape.format(b.strides()) + ")");
      }
      if (b.requiresGrad()) {
        throw new IllegalArgumentException("gradInto: buffer " + i + " of shape " + Shape.format(b.shape())
            + " requires grad; gradient buffers are plain tensors");
      }
      for (int j = 0; j < into.size(); j++) {
        if (j < i && BufferPool.sameStorage(b, into.get(j))) {
          throw new IllegalArgumentException("gradInto: buffers " + j + " (shape " + Shape.format(into.get(j).shape())
              + ") and " + i + " (shape " + Shape.format(b.shape()) + ") share their storage");
        }
        if (BufferPool.sameStorage(b, inputs.get(j))) {
          throw new IllegalArgumentException("gradInto: buffer " + i + " (shape " + Shape.format(b.shape())
              + ") shares its storage with input " + j + " (shape " + Shape.format(inputs.get(j).shape()) + ")");
        }
      }
    }
  }

  /** {@link #grad} with defaults: scalar output, graph freed, no graph for the gradients. */
  public static List<Tensor> grad(Tensor output, List<Tensor> inputs) {
    return grad(output, inputs, null, false, false, false);
  }

  /**
   * The backward pass: the tensors reachable from {@code root} in reverse topological order, each one's
   * gradient handed to {@code sink}, then its node's rule run and the results added into its inputs'
   * pending gradients. Without {@code createGraph}, a leaf that receives exactly one gradient may have
   * it written straight into the sink's buffer by the consuming rule ({@link GradTarget}), and each
   * temporary gradient goes back to the buffer pool once the rule it flows into has run.
   */
  private static void run(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph, GradSink sink) {
    gradient = checkedGradient(root, gradient);
    List<Tensor> order = topologicalOrder(root);
    Map<Tensor, Integer> leafEdges = sink.offersTargets() && !createGraph ? leafEdges(order) : null;
    Map<Tensor, Tensor> grads = new IdentityHashMap<>();
    grads.put(root, gradient);
    try (GradMode.Scope scope = createGraph ? GradMode.enableGrad() : GradMode.noGrad();
         BufferPool.Pass pass = createGraph ? null : BufferPool.openPass()) {
      for (int i = order.size() - 1; i >= 0; i--) {
        Tensor t = order.get(i);
        Tensor g = grads.remove(t);
        if (g == null) {
          continue;
        }
        sink.reached(t, g, createGraph);
        Node node = t.gradFn();
        Tensor[] inGrads = node == null ? NO_TENSORS : backward(node, g, leafEdges, sink, grads);
        // Copied, added or captured (pinned) by the sink, read by the rule: the temporary is done with.
        if (pass != null && t != root && (node == null || !t.retainsGrad()) && !sharesStorage(g, inGrads, grads)) {
          BufferPool.recycleGradient(g, pass);
        }
      }
    }
    if (!retainGraph) {
      for (Tensor t : order) {
        if (t.gradFn() != null) {
          TENSORS.free(t.gradFn(), !createGraph);
          // Nothing refers to a container's internal outputs any more (see BufferPool.markInternal).
          if (!createGraph && t != root) {
            BufferPool.recycleInternal(t);
          }
        }
      }
    }
  }

  /**
   * Runs {@code node}'s rule on {@code g}, offering the sink's buffers to leaves that receive only this
   * gradient, and adds each returned gradient (summed to its input's shape) into {@code grads}.
   */
  private static Tensor[] backward(Node node, Tensor g, Map<Tensor, Integer> leafEdges, GradSink sink,
                                   Map<Tensor, Tensor> grads) {
    Tensor[] inputs = TENSORS.inputs(node);
    GradTarget[] offered = leafEdges == null || !TENSORS.takesTargets(node) ? null : new GradTarget[inputs.length];
    Tensor[] inGrads = TENSORS.backward(node, g, offered == null ? GradTargets.NONE : k -> {
      Tensor in = inputs[k];
      if (in == null || !in.isLeaf() || !in.requiresGrad() || leafEdges.getOrDefault(in, 0) != 1) {
        return null;
      }
      offered[k] = sink.target(in);
      return offered[k];
    });
    for (int k = 0; k < inputs.length; k++) {
      Tensor in = inputs[k];
      if (in == null || !in.requiresGrad() || inGrads[k] == null) {
        continue;
      }
      if (offered != null && offered[k] != null && inGrads[k] == offered[k].tensor()) {
        sink.written(in, offered[k]);
      } else {
        grads.merge(in, inGrads[k].sumTo(in.shape()), Tensor::add);
      }
    }
    return inGrads;
  }

  /** The output gradient: {@code gradient}, checked against the root, or 1 for a scalar root. */
  private static Tensor checkedGradient(Tensor root, Tensor gradient) {
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
      return Tensor.onesLike(root);
    }
    if (!java.util.Arrays.equals(gradient.shape(), root.shape())) {
      throw new IllegalArgumentException("backward: gradient has shape " + Shape.format(gradient.shape())
          + " but the output has shape " + Shape.format(root.shape()));
    }
    return gradient;
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
      for (Tensor in : TENSORS.inputs(node)) {
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
      Tensor[] inputs = node == null ? new Tensor[0] : TENSORS.inputs(node);
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
