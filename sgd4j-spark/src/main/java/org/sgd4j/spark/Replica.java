package org.sgd4j.spark;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.train.parallel.BatchGradient;

/**
 * An executor's copy of the model and loss, reused across the steps of one run (building the model
 * every step would cost more than the step). Each task borrows a replica for itself, so concurrent
 * tasks in one executor never share activations or weights; the pool is per JVM and keyed by run.
 */
final class Replica {
  private static final Map<String, Queue<Replica>> POOL = new ConcurrentHashMap<>();

  final Module model;
  final Loss loss;
  final List<Tensor> params;
  /** The task's gradient buffers, one per parameter, reused from step to step (BatchGradient.of's last argument). */
  final List<Tensor> gradBuffers;

  private Replica(Module model, Loss loss) {
    this.model = model;
    this.loss = loss;
    this.params = model.parameters();
    this.gradBuffers = BatchGradient.buffersFor(params);
  }

  /** A replica of run {@code runId} (reused or new) holding the weights {@code weights}. */
  static Replica borrow(String runId, ModelFactory modelFactory, LossFactory lossFactory, float[][] weights) {
    Replica r = POOL.computeIfAbsent(runId, k -> new ConcurrentLinkedQueue<>()).poll();
    if (r == null) {
      r = new Replica(modelFactory.create(), lossFactory.create());
    }
    r.load(weights);
    return r;
  }

  /** Puts a replica back for the next task of the run. */
  static void giveBack(String runId, Replica r) {
    POOL.computeIfAbsent(runId, k -> new ConcurrentLinkedQueue<>()).add(r);
  }

  /** Forgets the replicas of a run in this JVM. */
  static void release(String runId) {
    POOL.remove(runId);
  }

  private void load(float[][] weights) {
    if (weights.length != params.size()) {
      throw new IllegalStateException("the executor's model has " + params.size() + " parameters but the driver sent "
          + weights.length + ": the ModelFactory must build the driver's architecture");
    }
    try (GradMode.Scope s = GradMode.noGrad()) {
      for (int p = 0; p < weights.length; p++) {
        Tensor param = params.get(p);
        if (weights[p].length != param.numel()) {
          throw new IllegalStateException("the executor's parameter " + p + " has " + param.numel()
              + " elements but the driver sent " + weights[p].length + ": the ModelFactory must build the driver's architecture");
        }
        param.copy_(Tensor.wrap(weights[p], param.shape()));
      }
    }
  }
}
