package org.sgd4j.train.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sgd4j.tensor.TestTensors.bits;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.data.Batch;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * DataParallel's persistent buffers (workers' gradients and the installed average): the same bits as
 * the path that allocates everything each step ({@code Autograd.grad} per worker, {@link
 * GradientAverage#of}, {@code setGrad}), the same buffers from step to step, and after a
 * {@code zeroGrad()} that clears the gradients a new tensor, the one a caller held never written again.
 */
class DataParallelBuffersTest {
  static final int FEATURES = DataParallelTest.FEATURES;
  static final int CLASSES = DataParallelTest.CLASSES;
  /** TiedNet's parameters in order: tied [4, 16], unused [3], hidden.weight [16, 12], hidden.bias [16]. */
  static final int UNUSED = 1;

  /**
   * A model whose parameters take every path of the engine: a Linear layer (its rule writes into the
   * offered buffer), a weight used twice (two edges: summed, then copied into the buffer) and a
   * parameter the loss does not use (a null gradient, skipped by the average).
   */
  static final class TiedNet extends Module {
    TiedNet() {
      Rng rng = new Rng(11);
      registerModule("hidden", new Linear(FEATURES, 16, rng));
      registerParameter("tied", Tensor.randn(rng, CLASSES, 16).mul(0.25f));
      registerParameter("unused", Tensor.randn(rng, 3));
    }

    @Override
    public Tensor forward(Tensor x) {
      Tensor h = children().get(0).forward(x).relu();
      Tensor w = parameter("tied");
      return h.matmul(w.t()).add(h.mul(0.5f).matmul(w.t()));
    }
  }

  static SGD sgd(Module model) {
    return new SGD(model.parameters(), SGD.options().withLr(0.1).withMomentum(0.5));
  }

  /** Consecutive batches of {@code b} over the data, the last one shorter when b does not divide n. */
  static List<Batch> batches(TensorDataset data, int b) {
    List<Batch> out = new ArrayList<>();
    int n = data.size();
    for (int start = 0; start < n; start += b) {
      int len = Math.min(b, n - start);
      out.add(new Batch(data.x().narrow(0, start, len), data.y().narrow(0, start, len), new int[len]));
    }
    return out;
  }

  /** Steps of M batches each; the last step of an epoch may have fewer batches than workers. */
  static List<List<Batch>> steps(List<Batch> batches, int workers, int epochs) {
    List<List<Batch>> out = new ArrayList<>();
    for (int e = 0; e < epochs; e++) {
      for (int s = 0; s < batches.size(); s += workers) {
        out.add(batches.subList(s, Math.min(batches.size(), s + workers)));
      }
    }
    return out;
  }

  /** The allocating path of the previous implementation: Autograd.grad per worker, GradientAverage.of, setGrad. */
  static void referenceGradients(Module model, List<Batch> step) {
    List<Tensor> params = model.parameters();
    List<BatchGradient> grads = new ArrayList<>();
    for (Batch b : step) {
      grads.add(BatchGradient.of(model, new CrossEntropyLoss(), params, b.x(), b.y()));
    }
    List<Tensor> avg = previousAverage(grads, params);
    for (int p = 0; p < params.size(); p++) {
      params.get(p).setGrad(avg.get(p));
    }
  }

  /** GradientAverage.of as it was before the buffers (commit 5f9d953), verbatim but for the checks. */
  static List<Tensor> previousAverage(List<BatchGradient> workers, List<Tensor> params) {
    int m = workers.size();
    long total = 0;
    boolean equalSizes = true;
    for (int w = 0; w < m; w++) {
      total += workers.get(w).examples();
      equalSizes &= workers.get(w).examples() == workers.get(0).examples();
    }
    float[] weights = new float[m];
    for (int w = 0; w < m; w++) {
      weights[w] = (float) ((double) workers.get(w).examples() / total);
    }
    List<Tensor> out = new ArrayList<>(params.size());
    for (int p = 0; p < params.size(); p++) {
      out.add(previousAverage(workers, p, params.get(p).shape(), equalSizes ? null : weights));
    }
    return out;
  }

  private static Tensor previousAverage(List<BatchGradient> workers, int p, int[] shape, float[] weights) {
    float[] sum = null;
    for (int w = 0; w < workers.size(); w++) {
      Tensor g = workers.get(w).gradients().get(p);
      if (g == null) {
        continue;
      }
      Tensor c = g.contiguous();
      float[] d = c.data();
      int off = c.storageOffset();
      if (sum == null) {
        sum = new float[c.numel()];
        for (int i = 0; i < sum.length; i++) {
          sum[i] = weights == null ? d[off + i] : d[off + i] * weights[w];
        }
      } else {
        for (int i = 0; i < sum.length; i++) {
          sum[i] += weights == null ? d[off + i] : d[off + i] * weights[w];
        }
      }
    }
    if (sum == null) {
      return null;
    }
    if (weights == null) {
      float count = workers.size();
      for (int i = 0; i < sum.length; i++) {
        sum[i] /= count;
      }
    }
    return Tensor.wrap(sum, shape.clone());
  }

  /**
   * Both forms of the average, over gradients large enough to be split over the kernel threads
   * (100 003 elements, blocks and ranges not aligned), with a worker that has no gradient, and
   * gradients that are views at an offset or whole arrays (the loops from index 0): the bits of the
   * previous formula for 1, 2 and 3 threads.
   */
  @Test
  void largeAveragesKeepThePreviousBitsForAnyThreadCount() {
    Rng rng = new Rng(31);
    Tensor param = Tensor.zeros(100_003).requiresGrad_();
    Tensor small = Tensor.zeros(5).requiresGrad_();
    List<Tensor> params = List.of(param, small);
    for (int[] sizes : new int[][] {{7, 7, 7}, {7, 5, 3}, {4, 4}, {4, 3}, {9}, {5, 5, 5, 5}}) {
      for (boolean views : new boolean[] {true, false}) {
        List<BatchGradient> workers = new ArrayList<>();
        for (int w = 0; w < sizes.length; w++) {
          Tensor big = views ? Tensor.randn(rng, 100_010).narrow(0, 3 + w, 100_003) : Tensor.randn(rng, 100_003);
          // Worker 1 has no gradient for the big parameter, except with two workers (the two-source loop).
          Tensor g = w == 1 && sizes.length != 2 ? null : big;
          workers.add(new BatchGradient(java.util.Arrays.asList(g, Tensor.randn(rng, 5)), 0.5, sizes[w]));
        }
        List<Tensor> expected = previousAverage(workers, params);
        for (int threads = 1; threads <= 3; threads++) {
          try (Parallel.Limit limit = Parallel.limitThisThread(threads)) {
            List<Tensor> of = GradientAverage.of(workers, params);
            GradientAverage.setGrads(workers, params);
            for (int p = 0; p < 2; p++) {
              assertThat(bits(of.get(p))).as("sizes %s views %s threads %d parameter %d",
                  java.util.Arrays.toString(sizes), views, threads, p).containsExactly(bits(expected.get(p)));
              assertThat(bits(params.get(p).grad())).containsExactly(bits(expected.get(p)));
            }
          }
        }
      }
    }
  }

  static List<int[]> gradBits(Module model) {
    List<int[]> out = new ArrayList<>();
    for (Tensor p : model.parameters()) {
      out.add(p.hasGrad() ? bits(p.grad()) : null);
    }
    return out;
  }

  static List<int[]> paramBits(Module model) {
    List<int[]> out = new ArrayList<>();
    for (Tensor p : model.parameters()) {
      out.add(bits(p));
    }
    return out;
  }

  static void assertSameBits(List<int[]> actual, List<int[]> expected, String what) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.size(); i++) {
      if (expected.get(i) == null) {
        assertThat(actual.get(i)).as("%s %d", what, i).isNull();
      } else {
        assertThat(actual.get(i)).as("%s %d", what, i).containsExactly(expected.get(i));
      }
    }
  }

  /**
   * 38 examples in batches of 5: 8 batches, the last of 3. With M = 3 the last step of an epoch has
   * two batches of unequal sizes (fewer batches than workers, the weighted average); with M = 2 the
   * last step has unequal sizes; two epochs, so the buffers are reused across the uneven steps.
   */
  @Test
  void stepsKeepTheBitsOfTheAllocatingPath() {
    TensorDataset data = DataParallelTest.dataset(38, 21);
    List<Batch> batches = batches(data, 5);
    for (int workers = 1; workers <= 3; workers++) {
      for (int threads = 1; threads <= 2; threads++) {
        try (Parallel.Limit limit = Parallel.limitThisThread(threads)) {
          compareWithReference(workers, batches);
        }
      }
    }
  }

  private static void compareWithReference(int workers, List<Batch> batches) {
    Module model = new TiedNet();
    Module reference = new TiedNet();
    SGD opt = sgd(model);
    SGD refOpt = sgd(reference);
    int s = 0;
    try (DataParallel dp = new DataParallel(model, new CrossEntropyLoss(), opt, workers)) {
      for (List<Batch> step : steps(batches, workers, 2)) {
        dp.computeGradients(step);
        referenceGradients(reference, step);
        String where = "M=" + workers + " threads=" + Parallel.threads() + " step " + s + ", gradient of parameter";
        assertSameBits(gradBits(model), gradBits(reference), where);
        assertThat(model.parameters().get(UNUSED).hasGrad()).as("the unused parameter has no gradient").isFalse();
        opt.step();
        refOpt.step();
        assertSameBits(paramBits(model), paramBits(reference), where.replace("gradient of ", ""));
        s++;
      }
    }
  }

  /**
   * From the second step on, every gradient sits in the buffer of the step before, unless the
   * gradients were cleared between the steps: then each is a new tensor, and the old one keeps its bits.
   */
  @Test
  void theAverageIsWrittenIntoTheSameBuffersEveryStepUnlessCleared() {
    TensorDataset data = DataParallelTest.dataset(60, 22);
    List<List<Batch>> steps = steps(batches(data, 6), 2, 1);
    // 0: nothing between steps (DataParallel writes the average over the gradient), 1: zeroGrad()
    // (setToNone: a new tensor), 2: zeroGrad(false) (zeroed in place, then written over).
    for (int zeroGradBetween = 0; zeroGradBetween <= 2; zeroGradBetween++) {
      Module model = new TiedNet();
      SGD opt = sgd(model);
      List<Tensor> params = model.parameters();
      try (DataParallel dp = new DataParallel(model, new CrossEntropyLoss(), opt, 2)) {
        List<Tensor> previous = null;
        List<int[]> previousBits = null;
        for (List<Batch> step : steps) {
          if (zeroGradBetween > 0) {
            opt.zeroGrad(zeroGradBetween == 1);
          }
          dp.step(step);
          List<Tensor> now = new ArrayList<>();
          for (Tensor p : params) {
            now.add(p.grad());
          }
          if (previous != null) {
            for (int p = 0; p < params.size(); p++) {
              assertThat(now.get(p) == null).as("parameter %d has a gradient", p).isEqualTo(p == UNUSED);
              if (p == UNUSED) {
                continue;
              }
              if (zeroGradBetween == 1) {
                assertThat(now.get(p)).as("parameter %d, cleared", p).isNotSameAs(previous.get(p));
                assertThat(bits(previous.get(p))).as("parameter %d, cleared", p).containsExactly(previousBits.get(p));
              } else {
                assertThat(now.get(p)).as("parameter %d, zeroGrad %s", p, zeroGradBetween).isSameAs(previous.get(p));
              }
            }
          }
          previous = now;
          previousBits = gradBits(model);
        }
      }
    }
  }

  /** A worker's gradients are its buffers: the same objects from call to call. */
  @Test
  void batchGradientWritesIntoTheGivenBuffers() {
    TensorDataset data = DataParallelTest.dataset(20, 23);
    Module model = new TiedNet();
    List<Tensor> params = model.parameters();
    List<Tensor> buffers = BatchGradient.buffersFor(params);
    for (int s = 0; s < 2; s++) {
      Tensor x = data.x().narrow(0, 10 * s, 10);
      Tensor y = data.y().narrow(0, 10 * s, 10);
      BatchGradient ref = BatchGradient.of(model, new CrossEntropyLoss(), params, x, y);
      BatchGradient g = BatchGradient.of(model, new CrossEntropyLoss(), params, x, y, buffers);
      assertThat(g.loss()).isEqualTo(ref.loss());
      assertThat(g.examples()).isEqualTo(10);
      for (int p = 0; p < params.size(); p++) {
        if (p == UNUSED) {
          continue;
        }
        assertThat(g.gradients().get(p)).isSameAs(buffers.get(p));
        assertThat(bits(g.gradients().get(p))).containsExactly(bits(ref.gradients().get(p)));
      }
      assertThat(g.gradients().get(UNUSED)).isNull();
      assertThat(ref.gradients().get(UNUSED)).isNull();
    }
  }

  /**
   * A gradient held across a {@code zeroGrad()} that clears it keeps its values, and the next step
   * writes into a new tensor, written over in place from then on (a holder of that one sees each step's
   * average, as with {@code zeroGrad(false)} in PyTorch).
   */
  @Test
  void aGradientHeldAcrossClearingIsNotOverwritten() {
    TensorDataset data = DataParallelTest.dataset(80, 24);
    List<List<Batch>> steps = steps(batches(data, 8), 2, 1);
    Module model = new TiedNet();
    Module reference = new TiedNet();
    List<Tensor> params = model.parameters();
    SGD opt = sgd(model);
    SGD refOpt = sgd(reference);
    try (DataParallel dp = new DataParallel(model, new CrossEntropyLoss(), opt, 2)) {
      for (int s = 0; s < 2; s++) {
        dp.step(steps.get(s));
        referenceGradients(reference, steps.get(s));
        refOpt.step();
      }
      Tensor kept = params.get(0).grad();
      int[] keptBits = bits(kept);
      opt.zeroGrad();
      dp.step(steps.get(2));
      referenceGradients(reference, steps.get(2));
      refOpt.step();
      assertThat(bits(kept)).containsExactly(keptBits);
      Tensor fresh = params.get(0).grad();
      assertThat(fresh).isNotSameAs(kept);
      dp.step(steps.get(3));
      referenceGradients(reference, steps.get(3));
      assertThat(params.get(0).grad()).isSameAs(fresh);
      assertThat(bits(fresh)).containsExactly(bits(reference.parameters().get(0).grad()));
      assertThat(bits(kept)).containsExactly(keptBits);
    }
  }

  @Test
  void setGradsKeepsTheBitsOfOfAndChangesNothingOnBadInput() {
    TensorDataset data = DataParallelTest.dataset(30, 25);
    Module model = new TiedNet();
    List<Tensor> params = model.parameters();
    BatchGradient a = BatchGradient.of(model, new CrossEntropyLoss(), params, data.x().narrow(0, 0, 20),
        data.y().narrow(0, 0, 20));
    BatchGradient b = BatchGradient.of(model, new CrossEntropyLoss(), params, data.x().narrow(0, 20, 7),
        data.y().narrow(0, 20, 7));
    List<Tensor> expected = previousAverage(List.of(a, b), params);
    GradientAverage.setGrads(List.of(a, b), params);
    for (int p = 0; p < params.size(); p++) {
      if (expected.get(p) == null) {
        assertThat(params.get(p).hasGrad()).isFalse();
      } else {
        assertThat(bits(params.get(p).grad())).containsExactly(bits(expected.get(p)));
      }
    }
    List<int[]> before = gradBits(model);
    List<Tensor> wrong = new ArrayList<>(a.gradients());
    wrong.set(0, Tensor.zeros(16, CLASSES));
    BatchGradient bad = new BatchGradient(wrong, 1, 5);
    assertThatThrownBy(() -> GradientAverage.setGrads(List.of(a, bad), params))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker 1 gives parameter 0 a gradient of shape [16, 4], the parameter has shape [4, 16]");
    assertSameBits(gradBits(model), before, "gradient after a refused call, parameter");
    assertThatThrownBy(() -> GradientAverage.setGrads(List.of(), params))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no worker gradients");
  }

  @Test
  void badBuffersAreRefusedNamingTheShapes() {
    Module model = new TiedNet();
    List<Tensor> params = model.parameters();
    Tensor x = Tensor.zeros(2, FEATURES);
    Tensor y = Tensor.of(0f, 1f);
    List<Tensor> tooFew = BatchGradient.buffersFor(params).subList(0, 2);
    assertThatThrownBy(() -> BatchGradient.of(model, new CrossEntropyLoss(), params, x, y, tooFew))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 2 gradient buffers for 4 parameters");
    List<Tensor> misshaped = BatchGradient.buffersFor(params);
    misshaped.set(0, Tensor.zeros(16, CLASSES));
    assertThatThrownBy(() -> BatchGradient.of(model, new CrossEntropyLoss(), params, x, y, misshaped))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("buffer 0 has shape [16, 4] but input 0 has shape [4, 16]");
  }
}
