package org.sgd4j.nn;

import java.util.ArrayList;
import java.util.List;
import org.sgd4j.tensor.BufferPool;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;

/**
 * The buffer reuse of one container forward ({@link Sequential}): which inner outputs nobody but the
 * graph can reach, so that their buffers go back to the pool ({@link BufferPool#markInternal}) once a
 * backward pass frees the graph, or, without autograd, as soon as the next module has consumed them.
 *
 * <p>An inner output qualifies when the module that made it and the module that consumed it both
 * {@link Module#releasesActivations() let go} of their activations, and it shares its storage with
 * neither the container's input, nor its returned output, nor any tensor a module that may keep
 * tensors saw.
 */
final class InnerOutputs {
  private final Tensor input;
  private final long since = BufferPool.now();
  private final boolean recording = GradMode.isEnabled();
  /** With autograd: the candidates, marked when the container returns. */
  private final List<Tensor> candidates = new ArrayList<>();
  /** The inputs and outputs of modules that may keep them. */
  private final List<Tensor> kept = new ArrayList<>();

  InnerOutputs(Tensor input) {
    this.input = input;
  }

  /** {@code consumer} turned {@code x}, made by {@code producer} (null for the container's input), into {@code y}. */
  void passed(Module producer, Tensor x, Module consumer, Tensor y) {
    if (!consumer.releasesActivations()) {
      kept.add(x);
      kept.add(y);
    }
    if (producer == null || !producer.releasesActivations() || !consumer.releasesActivations()) {
      return;
    }
    if (recording) {
      candidates.add(x);
    } else if (!BufferPool.sameStorage(x, y) && reachableByNoOne(x)) {
      // No graph: the next module has consumed it, and nothing else can reach it.
      BufferPool.markInternal(x, since);
      BufferPool.recycleInternal(x);
    }
  }

  /** The container returns {@code output}: the candidates it does not share storage with are marked. */
  void returned(Tensor output) {
    for (Tensor t : candidates) {
      if (!BufferPool.sameStorage(t, output) && reachableByNoOne(t)) {
        BufferPool.markInternal(t, since);
      }
    }
  }

  private boolean reachableByNoOne(Tensor t) {
    if (BufferPool.sameStorage(t, input)) {
      return false;
    }
    for (Tensor k : kept) {
      if (BufferPool.sameStorage(t, k)) {
        return false;
      }
    }
    return true;
  }
}
