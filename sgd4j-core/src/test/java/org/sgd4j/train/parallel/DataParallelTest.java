package org.sgd4j.train.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.data.Batch;
import org.sgd4j.data.DataLoader;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.nn.Dropout;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.ReLU;
import org.sgd4j.nn.Sequential;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

class DataParallelTest {
  static final int FEATURES = 12;
  static final int CLASSES = 4;

  /** n examples of a random 4-class problem whose labels depend on the inputs (so the loss falls). */
  static TensorDataset dataset(int n, long seed) {
    Rng rng = new Rng(seed);
    float[] x = new float[n * FEATURES];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      float best = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < FEATURES; j++) {
        x[i * FEATURES + j] = (float) rng.nextGaussian();
      }
      for (int c = 0; c < CLASSES; c++) {
        float score = x[i * FEATURES + c] - x[i * FEATURES + c + CLASSES];
        if (score > best) {
          best = score;
          y[i] = c;
        }
      }
    }
    return new TensorDataset(Tensor.wrap(x, n, FEATURES), Tensor.wrap(y, n));
  }

  static Module mlp() {
    Rng rng = new Rng(7);
    return new Sequential(new Linear(FEATURES, 16, rng), new ReLU(), new Linear(16, CLASSES, rng));
  }

  static SGD sgd(Module model) {
    return new SGD(model.parameters(), SGD.options().withLr(0.1).withMomentum(0.5));
  }

  /** Trains with M workers of batch b for k steps; returns the final weights. */
  static List<Tensor> trainParallel(TensorDataset data, int workers, int b, int k) {
    Module model = mlp();
    try (DataParallel dp = new DataParallel(model, new CrossEntropyLoss(), sgd(model), workers);
         ShardedLoader loader = new ShardedLoader(data, b, true, 42, workers)) {
      for (int s = 0; s < k; s++) {
        dp.step(loader.next());
      }
    }
    return model.parameters();
  }

  /** The notes' sequential definition: g_m one after another, summed in order, divided by M, one step. */
  static List<Tensor> trainSequentialDefinition(TensorDataset data, int workers, int b, int k) {
    Module model = mlp();
    SGD opt = sgd(model);
    CrossEntropyLoss loss = new CrossEntropyLoss();
    List<DataLoader> loaders = new ArrayList<>();
    for (int m = 0; m < workers; m++) {
      loaders.add(DataLoader.of(data).batchSize(b).shuffle(true).seed(42).dropLast(true).shard(m, workers).build());
    }
    List<java.util.Iterator<Batch>> its = new ArrayList<>();
    int stepsPerEpoch = data.size() / b / workers;
    for (int s = 0; s < k; s++) {
      if (s % stepsPerEpoch == 0) {
        // A new epoch: every worker draws the next permutation of the shared order.
        its.clear();
        for (DataLoader l : loaders) {
          its.add(l.iterator());
        }
      }
      opt.zeroGrad();
      for (int m = 0; m < workers; m++) {
        Batch batch = its.get(m).next();
        loss.apply(model.forward(batch.x()), batch.y()).backward();
      }
      try (var scope = org.sgd4j.tensor.GradMode.noGrad()) {
        for (Tensor p : model.parameters()) {
          p.grad().div_((float) workers);
        }
      }
      opt.step();
    }
    return model.parameters();
  }

  /** The plain training loop with one loader of batch b. */
  static List<Tensor> trainPlainLoop(TensorDataset data, int b, int k) {
    Module model = mlp();
    SGD opt = sgd(model);
    CrossEntropyLoss loss = new CrossEntropyLoss();
    DataLoader loader = DataLoader.of(data).batchSize(b).shuffle(true).seed(42).dropLast(true).build();
    var it = loader.iterator();
    for (int s = 0; s < k; s++) {
      if (!it.hasNext()) {
        it = loader.iterator();
      }
      Batch batch = it.next();
      opt.zeroGrad();
      loss.apply(model.forward(batch.x()), batch.y()).backward();
      opt.step();
    }
    return model.parameters();
  }

  static void assertBitIdentical(List<Tensor> a, List<Tensor> b) {
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).toArray()).as("parameter %d", i)
          .containsExactly(b.get(i).toArray());
    }
  }

  /** max |a − b| / max(1, |b|) over all parameters. */
  static double worstRelativeError(List<Tensor> a, List<Tensor> b) {
    double worst = 0;
    for (int i = 0; i < a.size(); i++) {
      float[] x = a.get(i).toArray();
      float[] y = b.get(i).toArray();
      for (int j = 0; j < x.length; j++) {
        worst = Math.max(worst, Math.abs(x[j] - y[j]) / Math.max(1, Math.abs(y[j])));
      }
    }
    return worst;
  }

  @Test
  void twoWorkersOfBatchBEqualOneWorkerOfBatch2B() {
    TensorDataset data = dataset(200, 1);
    // 200 / 8 = 25 batches, 12 steps per epoch: 30 steps cross two epoch boundaries.
    List<Tensor> parallel = trainParallel(data, 2, 8, 30);
    List<Tensor> single = trainParallel(data, 1, 16, 30);
    List<Tensor> initial = mlp().parameters();
    assertThat(worstRelativeError(parallel, single)).isLessThan(1e-5);
    // The comparison is not vacuous: training moved the weights far more than the tolerance.
    assertThat(worstRelativeError(single, initial)).isGreaterThan(1e-2);
  }

  @Test
  void threadedStepIsBitIdenticalToTheSequentialDefinition() {
    TensorDataset data = dataset(150, 2);
    // M = 3 makes the division by M inexact, so the order of the sum and of the division both matter.
    assertBitIdentical(trainParallel(data, 3, 5, 25), trainSequentialDefinition(data, 3, 5, 25));
  }

  @Test
  void everyKernelThreadCountGivesTheBitsOfTheSequentialDefinition() {
    TensorDataset data = dataset(150, 2);
    List<Tensor> expected = trainSequentialDefinition(data, 3, 5, 25);
    int before = org.sgd4j.tensor.kernel.Parallel.threads();
    try {
      // threads() / M kernel threads per worker: 1 (at 1 and at 3 threads) and 2 (at 6).
      for (int threads : new int[] {1, 3, 6}) {
        org.sgd4j.tensor.kernel.Parallel.setThreads(threads);
        assertBitIdentical(trainParallel(data, 3, 5, 25), expected);
      }
    } finally {
      org.sgd4j.tensor.kernel.Parallel.setThreads(before);
    }
  }

  @Test
  void whenSeveralWorkersFailTheFirstInWorkerOrderIsRethrown() {
    Module model = mlp();
    Batch good = new Batch(Tensor.zeros(2, FEATURES), Tensor.of(0f, 1f), new int[] {0, 1});
    Batch bad7 = new Batch(Tensor.zeros(2, FEATURES), Tensor.of(0f, 7f), new int[] {2, 3});
    Batch bad9 = new Batch(Tensor.zeros(2, FEATURES), Tensor.of(0f, 9f), new int[] {4, 5});
    try (DataParallel dp = new DataParallel(model, new CrossEntropyLoss(), sgd(model), 3)) {
      assertThatThrownBy(() -> dp.step(List.of(good, bad7, bad9))).hasMessageContaining("7")
          .hasMessageNotContaining("9");
    }
  }

  @Test
  void oneWorkerIsBitIdenticalToThePlainLoop() {
    TensorDataset data = dataset(120, 3);
    assertBitIdentical(trainParallel(data, 1, 10, 20), trainPlainLoop(data, 10, 20));
  }

  @Test
  void repeatedRunsAreBitIdentical() {
    TensorDataset data = dataset(160, 4);
    assertBitIdentical(trainParallel(data, 4, 4, 15), trainParallel(data, 4, 4, 15));
  }

  @Test
  void stepAveragesWorkerLossesAndLeavesTheAverageInGrad() {
    TensorDataset data = dataset(64, 5);
    Module model = mlp();
    List<Batch> batches;
    try (ShardedLoader loader = new ShardedLoader(data, 8, false, 0, 2)) {
      batches = loader.next();
    }
    // Reference: the gradient of the mean loss over the 16 examples of both batches.
    Module reference = mlp();
    Tensor x = Tensor.wrap(concat(batches.get(0).x().toArray(), batches.get(1).x().toArray()), 16, FEATURES);
    Tensor y = Tensor.wrap(concat(batches.get(0).y().toArray(), batches.get(1).y().toArray()), 16);
    Tensor refLoss = new CrossEntropyLoss().apply(reference.forward(x), y);
    refLoss.backward();
    try (DataParallel dp = new DataParallel(model, new CrossEntropyLoss(),
        new SGD(model.parameters(), SGD.options().withLr(0.0)), 2)) {
      DataParallel.StepResult r = dp.step(batches);
      assertThat(r.examples()).isEqualTo(16);
      assertThat(r.workerLosses()).hasSize(2);
      assertThat(r.loss()).isCloseTo((r.workerLosses()[0] + r.workerLosses()[1]) / 2, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(r.loss()).isCloseTo(refLoss.item(), org.assertj.core.data.Offset.offset(1e-6));
    }
    List<Tensor> grads = new ArrayList<>();
    for (Tensor p : model.parameters()) {
      grads.add(p.grad());
    }
    List<Tensor> refGrads = new ArrayList<>();
    for (Tensor p : reference.parameters()) {
      refGrads.add(p.grad());
    }
    assertThat(worstRelativeError(grads, refGrads)).isLessThan(1e-6);
  }

  @Test
  void fewerBatchesThanWorkersOfUnequalSizesGiveTheGradientOfTheConcatenatedBatch() {
    TensorDataset data = dataset(11, 6);
    Batch first = new Batch(data.x().narrow(0, 0, 8), data.y().narrow(0, 0, 8), new int[8]);
    Batch second = new Batch(data.x().narrow(0, 8, 3), data.y().narrow(0, 8, 3), new int[3]);
    Module model = mlp();
    Module reference = mlp();
    new CrossEntropyLoss().apply(reference.forward(data.x()), data.y()).backward();
    try (DataParallel dp = new DataParallel(model, new CrossEntropyLoss(), sgd(model), 3)) {
      DataParallel.StepResult r = dp.computeGradients(List.of(first, second));
      assertThat(r.examples()).isEqualTo(11);
      assertThat(r.loss()).isCloseTo((8 * r.workerLosses()[0] + 3 * r.workerLosses()[1]) / 11,
          org.assertj.core.data.Offset.offset(1e-12));
    }
    List<Tensor> grads = new ArrayList<>();
    List<Tensor> refGrads = new ArrayList<>();
    for (int i = 0; i < model.parameters().size(); i++) {
      grads.add(model.parameters().get(i).grad());
      refGrads.add(reference.parameters().get(i).grad());
    }
    assertThat(worstRelativeError(grads, refGrads)).isLessThan(1e-6);
  }

  static float[] concat(float[] a, float[] b) {
    float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void aFailingWorkerFailsTheStepAndLeavesTheWeightsUnchanged() {
    Module model = mlp();
    List<Tensor> before = new ArrayList<>();
    for (Tensor p : model.parameters()) {
      before.add(p.clone());
    }
    Batch good = new Batch(Tensor.zeros(2, FEATURES), Tensor.of(0f, 1f), new int[] {0, 1});
    Batch bad = new Batch(Tensor.zeros(2, FEATURES), Tensor.of(0f, 9f), new int[] {2, 3});
    try (DataParallel dp = new DataParallel(model, new CrossEntropyLoss(), sgd(model), 2)) {
      assertThatThrownBy(() -> dp.step(List.of(good, bad))).isInstanceOf(RuntimeException.class)
          .hasMessageContaining("9");
    }
    assertBitIdentical(model.parameters(), before);
  }

  @Test
  void badArgumentsAreRefused() {
    Module model = mlp();
    assertThatThrownBy(() -> new DataParallel(model, new CrossEntropyLoss(), sgd(model), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid number of workers: 0");
    try (DataParallel dp = new DataParallel(model, new CrossEntropyLoss(), sgd(model), 2)) {
      Batch b = new Batch(Tensor.zeros(2, FEATURES), Tensor.of(0f, 1f), new int[] {0, 1});
      assertThatThrownBy(() -> dp.step(List.of(b, b, b))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("got 3 batches for 2 workers");
      assertThatThrownBy(() -> dp.step(List.of())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("got 0 batches for 2 workers");
    }
    Module withDropout = new Sequential(new Linear(FEATURES, 4, new Rng(1)), new Dropout(0.5, new Rng(2)));
    assertThatThrownBy(() -> new DataParallel(withDropout, new CrossEntropyLoss(), sgd(withDropout), 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("module '1' (Dropout)");
    withDropout.eval();
    new DataParallel(withDropout, new CrossEntropyLoss(), sgd(withDropout), 2).close();
  }
}
