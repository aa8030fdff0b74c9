package org.sgd4j.lab.largebatch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.sgd4j.data.Batch;
import org.sgd4j.data.DataLoader;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.lab.landscape.DatasetLoss;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.optim.schedule.LinearLR;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;

/**
 * The large-batch experiment (Goyal et al., <i>Accurate, Large Minibatch SGD: Training ImageNet in 1
 * Hour</i>, 2017): the linear scaling rule — when the mini-batch grows k-fold, multiply the learning
 * rate by k, since k small steps ≈ one large step while the gradient changes little — and its
 * gradual warm-up (the lr rises linearly from 0 over the first steps, when the gradient changes
 * fastest); and LARS (You, Gitman and Ginsburg 2017) at the large batch. Every run starts from the
 * same initial model and sees the same number of samples; the loss on a fixed evaluation set is
 * recorded every {@code evalEvery} samples, so curves of different batch sizes share the x axis.
 */
public final class LargeBatch {
  private LargeBatch() {}

  /**
   * Trains a fresh {@code model.get()} with {@code run} for {@code samples} samples of {@code train}
   * (shuffled with {@code seed}, epochs repeated as needed), recording the loss on {@code eval};
   * {@code test} (may be null) gives the final accuracy of a classifier.
   */
  public static LargeBatchCurve train(Supplier<Module> model, Loss loss, TensorDataset train, TensorDataset eval,
      TensorDataset test, LargeBatchRun run, long samples, long evalEvery, long seed) {
    if (samples < 1 || evalEvery < 1) {
      throw new IllegalArgumentException("samples and evalEvery must be >= 1, got " + samples + ", " + evalEvery);
    }
    Module net = model.get();
    Optimizer<?> opt = run.create(net.parameters());
    LinearLR warmup = run.warmupSteps() > 0 ? LinearLR.warmup(opt, run.warmupSteps()) : null;
    DatasetLoss evalLoss = new DatasetLoss(eval, loss, 1000);
    List<long[]> at = new ArrayList<>();
    List<double[]> rec = new ArrayList<>();
    at.add(new long[] {0});
    rec.add(new double[] {evalLoss.of(net), opt.paramGroups().get(0).lr()});
    long seen = 0;
    long step = 0;
    long nextEval = evalEvery;
    long diverged = -1;
    int epoch = 0;
    outer:
    while (seen < samples) {
      DataLoader loader = DataLoader.of(train).batchSize(run.batchSize()).shuffle(true).seed(seed + epoch).build();
      for (Batch b : loader) {
        if (seen >= samples) {
          break outer;
        }
        net.train();
        opt.zeroGrad();
        Tensor l = loss.apply(net.forward(b.x()), b.y());
        double lv = l.item();
        if (!Double.isFinite(lv)) {
          diverged = step + 1;
          at.add(new long[] {seen + b.size()});
          rec.add(new double[] {Double.NaN, opt.paramGroups().get(0).lr()});
          break outer;
        }
        l.backward();
        opt.step();
        if (warmup != null && step < run.warmupSteps()) {
          warmup.step();
        }
        step++;
        seen += b.size();
        if (seen >= nextEval || seen >= samples) {
          double e = evalLoss.of(net);
          at.add(new long[] {seen});
          rec.add(new double[] {e, opt.paramGroups().get(0).lr()});
          while (nextEval <= seen) {
            nextEval += evalEvery;
          }
          if (!Double.isFinite(e)) {
            diverged = step;
            break outer;
          }
        }
      }
      epoch++;
    }
    double acc = test == null ? Double.NaN : accuracy(net, test);
    return new LargeBatchCurve(run, at.stream().mapToLong(a -> a[0]).toArray(), rec.stream().mapToDouble(r -> r[0])
        .toArray(), rec.stream().mapToDouble(r -> r[1]).toArray(), acc, diverged);
  }

  /** The fraction of {@code data} whose arg-max output equals the label. */
  public static double accuracy(Module net, TensorDataset data) {
    net.eval();
    long correct = 0;
    int n = data.size();
    try (var s = GradMode.noGrad()) {
      for (int i = 0; i < n; i += 1000) {
        int b = Math.min(1000, n - i);
        float[] pred = net.forward(data.x().narrow(0, i, b)).argmax(1, false).toArray();
        float[] y = data.y().narrow(0, i, b).contiguous().toArray();
        for (int k = 0; k < b; k++) {
          if (pred[k] == y[k]) {
            correct++;
          }
        }
      }
    }
    net.train();
    return correct / (double) n;
  }
}
