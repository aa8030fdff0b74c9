package org.sgd4j.tensor;

import java.util.Arrays;

/**
 * One recorded operation of the graph: its name (as PyTorch names them, e.g. {@code MulBackward}), its
 * inputs, the tensors it saved for backward with their storage versions, and its local backward rule.
 * Created by {@link Graph#record}; freed after a backward pass unless the graph was retained. The
 * engine walks, runs and frees nodes through {@link AutogradHooks.Access}, so only what users may read
 * is public here.
 */
public final class Node {
  private final String name;
  private Tensor[] inputs;
  private Tensor[] saved;
  private final int[] savedVersions;
  private BackwardFunction fn;

  Node(String name, Tensor[] inputs, Tensor[] saved, BackwardFunction fn) {
    this.name = name;
    this.inputs = inputs;
    this.saved = saved;
    this.savedVersions = new int[saved.length];
    for (int i = 0; i < saved.length; i++) {
      savedVersions[i] = saved[i].storage().version();
    }
    this.fn = fn;
  }

  /** The operation's name, e.g. {@code "MulBackward"}. */
  public String name() {
    return name;
  }

  /** The inputs of the operation, in order. */
  public Tensor[] inputs() {
    return inputs.clone();
  }

  /** Bytes held by the tensors this node saved for backward (0 once freed): for memory accounting. */
  public long savedBytes() {
    if (fn == null) {
      return 0;
    }
    long bytes = 0;
    for (Tensor t : saved) {
      bytes += 4L * t.numel();
    }
    return bytes;
  }

  /** Whether the rule may use the engine's gradient targets (a {@link DirectBackwardFunction} proper). */
  boolean takesTargets() {
    return fn instanceof DirectBackwardFunction;
  }

  /** The inputs themselves, not a copy (for the engine's walk, {@link AutogradHooks.Access#inputs}). */
  Tensor[] inputsInternal() {
    return inputs;
  }

  /** The rule's input gradients, after checking that the node is not freed and its saved tensors are unmodified. */
  Tensor[] backward(Tensor gradOutput, GradTargets targets) {
    if (fn == null) {
      throw new IllegalStateException(
          "Trying to backward through the graph a second time (or to use saved tensors after they were freed) at "
              + name + ": call backward(gradient, true) (retainGraph) the first time if you need to backward twice");
    }
    for (int i = 0; i < saved.length; i++) {
      int now = saved[i].storage().version();
      if (now != savedVersions[i]) {
        throw new IllegalStateException(
            "one of the tensors needed for gradient computation has been modified by an in-place operation: "
                + name + " saved a tensor of shape " + Shape.format(saved[i].shape()) + " at version "
                + savedVersions[i] + ", and it is now at version " + now);
      }
    }
    return fn instanceof DirectBackwardFunction d ? d.apply(gradOutput, targets) : fn.apply(gradOutput);
  }

  /**
   * Drops the backward rule and the references it held, so the activations can be collected; with
   * {@code dead} (no graph was recorded by the pass, so no other rule captured what this one read) the
   * rule first gives back its scratch ({@link BackwardFunction#release}).
   */
  void free(boolean dead) {
    if (dead && fn != null) {
      fn.release();
    }
    fn = null;
    saved = new Tensor[0];
    inputs = new Tensor[0];
  }

  @Override
  public String toString() {
    return name + Arrays.toString(Arrays.stream(inputs).map(t -> t == null ? "null" : Shape.format(t.shape())).toArray());
  }
}
