package org.sgd4j.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.train.parallel.BatchGradient;

/**
 * What one partition computes in one synchronisation, from the broadcast weights θ and its cached
 * examples (this object is the task's closure; it holds no data, only the batch names).
 *
 * <ul>
 *   <li>Synchronous SGD (one batch): with k of the global batch's examples here, the partial sum
 *       k·∇(mean loss over them) = Σ_{i here} ∇ℓ_i(θ).</li>
 *   <li>Local SGD (H batches, rate η): θ_0 = θ, θ_{h+1} = θ_h − η·∇(mean loss over this partition's
 *       part of batch h); the partial is K·(θ − θ_H), K the examples used over the H batches.</li>
 * </ul>
 *
 * The result is deterministic (fixed kernel partition, fixed order of the examples), so a retried
 * task returns the same bits.
 */
final class StepTask implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String runId;
  private final ModelFactory modelFactory;
  private final LossFactory lossFactory;
  private final Broadcast<float[][]> weights;
  private final List<GlobalBatch> batches;
  private final double localLr;

  StepTask(String runId, ModelFactory modelFactory, LossFactory lossFactory, Broadcast<float[][]> weights,
           List<GlobalBatch> batches, double localLr) {
    this.runId = runId;
    this.modelFactory = modelFactory;
    this.lossFactory = lossFactory;
    this.weights = weights;
    this.batches = List.copyOf(batches);
    this.localLr = localLr;
  }

  /** {@code treeAggregate}'s sequence operation: adds this shard's partial to {@code acc}. */
  PartialSums apply(PartialSums acc, DataShard shard) {
    return acc.add(shard.partition, compute(shard));
  }

  private PartialSums.Partial compute(DataShard shard) {
    float[][] theta = weights.value();
    Replica r = Replica.borrow(runId, modelFactory, lossFactory, theta);
    try {
      return batches.size() == 1 && localLr == 0 ? gradientSum(r, shard) : localSgd(r, shard, theta);
    } finally {
      Replica.giveBack(runId, r);
    }
  }

  private PartialSums.Partial gradientSum(Replica r, DataShard shard) {
    int[] idx = batches.get(0).indicesIn(shard);
    if (idx.length == 0) {
      return new PartialSums.Partial(0, 0, null);
    }
    BatchGradient g = BatchGradient.of(r.model, r.loss, r.params, shard.inputs(idx), shard.targets(idx),
        r.gradBuffers);
    float[][] sums = new float[r.params.size()][];
    for (int p = 0; p < sums.length; p++) {
      Tensor gp = g.gradients().get(p);
      sums[p] = gp == null ? new float[r.params.get(p).numel()] : gp.mul((float) idx.length).toArray();
    }
    return new PartialSums.Partial(idx.length, g.loss() * idx.length, sums);
  }

  private PartialSums.Partial localSgd(Replica r, DataShard shard, float[][] theta) {
    int used = 0;
    double lossSum = 0;
    for (GlobalBatch b : batches) {
      int[] idx = b.indicesIn(shard);
      if (idx.length == 0) {
        continue;
      }
      BatchGradient g = BatchGradient.of(r.model, r.loss, r.params, shard.inputs(idx), shard.targets(idx),
          r.gradBuffers);
      try (GradMode.Scope s = GradMode.noGrad()) {
        for (int p = 0; p < r.params.size(); p++) {
          Tensor gp = g.gradients().get(p);
          if (gp != null) {
            r.params.get(p).add_(gp, (float) -localLr);
          }
        }
      }
      used += idx.length;
      lossSum += g.loss() * idx.length;
    }
    if (used == 0) {
      return new PartialSums.Partial(0, 0, null);
    }
    float[][] sums = new float[theta.length][];
    for (int p = 0; p < theta.length; p++) {
      float[] now = r.params.get(p).toArray();
      float[] delta = new float[now.length];
      for (int i = 0; i < now.length; i++) {
        delta[i] = (theta[p][i] - now[i]) * used;
      }
      sums[p] = delta;
    }
    return new PartialSums.Partial(used, lossSum, sums);
  }
}
