package org.sgd4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sgd4j.tensor.TestTensors.bits;
import static org.sgd4j.tensor.TestTensors.gaussian;

import org.sgd4j.tensor.kernel.ArrayPool;
import org.sgd4j.tensor.kernel.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sgd4j.autograd.Autograd;
import org.sgd4j.nn.Checkpointed;
import org.sgd4j.nn.Conv2d;
import org.sgd4j.nn.ConvOptions;
import org.sgd4j.nn.Flatten;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.MaxPool2d;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.ReLU;
import org.sgd4j.nn.Sequential;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.Adam;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.optim.SGD;

/**
 * Recycled activation and gradient buffers ({@link BufferPool}): training with recycling gives the
 * bits of training with fresh buffers, the pool reaches a steady size (a training step allocates no
 * activation memory once warm), and a recycled tensor is never silently read.
 */
class BufferPoolTest {

  @BeforeEach
  @AfterEach
  void reset() {
    ArrayPool.setEnabled(true);
    ArrayPool.clear();
  }

  private static Module mlp(Rng rng) {
    return new Sequential(new Flatten(), new Linear(48, 40, rng), new ReLU(), new Linear(40, 40, rng), new ReLU(),
        new Linear(40, 10, rng));
  }

  private static Module lenet(Rng rng) {
    return new Sequential(new Conv2d(ConvOptions.builder(3, 6, 5).padding(2).build(), rng), new ReLU(),
        new MaxPool2d(2), new Conv2d(6, 16, 5, rng), new ReLU(), new MaxPool2d(2), new Flatten(),
        new Linear(16 * 2 * 2, 12, rng), new ReLU(), new Linear(12, 10, rng));
  }

  /** The losses and final parameters, as bits, of {@code steps} training steps. */
  private static List<int[]> train(Supplier<Module> make, int[] xShape, int steps, boolean adam, int threads) {
    Module net = make.get();
    List<Tensor> params = net.parameters();
    Optimizer opt = adam ? new Adam(params, Adam.options().withLr(1e-2))
        : new SGD(params, SGD.options().withLr(1e-2).withMomentum(0.9));
    Rng rng = new Rng(7);
    CrossEntropyLoss ce = new CrossEntropyLoss();
    List<int[]> out = new ArrayList<>();
    float[] losses = new float[steps];
    try (Parallel.Limit limit = Parallel.limitThisThread(threads)) {
      for (int s = 0; s < steps; s++) {
        Tensor x = gaussian(rng, xShape);
        int[] y = new int[xShape[0]];
        for (int i = 0; i < y.length; i++) {
          y[i] = (int) Math.floorMod(rng.nextLong(), 10L);
        }
        Tensor loss = ce.apply(net.forward(x), y);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        losses[s] = loss.item();
      }
    }
    out.add(bits(Tensor.of(losses, steps)));
    for (Tensor p : params) {
      out.add(bits(p));
    }
    return out;
  }

  private static void assertSameBitsWithAndWithoutRecycling(Supplier<Module> make, int[] xShape, boolean adam) {
    for (int threads = 1; threads <= 2; threads++) {
      ArrayPool.setEnabled(false);
      List<int[]> fresh = train(make, xShape, 6, adam, threads);
      ArrayPool.setEnabled(true);
      ArrayPool.clear();
      List<int[]> recycled = train(make, xShape, 6, adam, threads);
      assertThat(ArrayPool.retained()).as("buffers came back to the pool").isPositive();
      assertThat(recycled).hasSameSizeAs(fresh);
      for (int i = 0; i < fresh.size(); i++) {
        assertThat(recycled.get(i)).as("losses, then parameter %d, at %d threads", i - 1, threads)
            .isEqualTo(fresh.get(i));
      }
    }
  }

  @Test
  void mlpTrainingHasTheBitsOfFreshBuffers() {
    assertSameBitsWithAndWithoutRecycling(() -> mlp(new Rng(3)), new int[] {32, 3, 4, 4}, false);
    assertSameBitsWithAndWithoutRecycling(() -> mlp(new Rng(3)), new int[] {32, 3, 4, 4}, true);
  }

  @Test
  void convolutionalTrainingHasTheBitsOfFreshBuffers() {
    assertSameBitsWithAndWithoutRecycling(() -> lenet(new Rng(5)), new int[] {8, 3, 16, 16}, false);
  }

  @Test
  void aWarmTrainingStepTakesEveryBufferFromThePool() {
    Module net = mlp(new Rng(3));
    SGD opt = new SGD(net.parameters(), SGD.options().withLr(1e-2).withMomentum(0.9));
    Tensor x = gaussian(new Rng(1), 32, 3, 4, 4);
    int[] y = new int[32];
    CrossEntropyLoss ce = new CrossEntropyLoss();
    long[] after = new long[6];
    for (int s = 0; s < after.length; s++) {
      Tensor loss = ce.apply(net.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      after[s] = ArrayPool.retained();
    }
    // The hidden activations (32 x 40 floats, four of them) and the gradient temporaries come back
    // after every step and are taken again by the next: the pool neither grows nor runs dry.
    assertThat(after[1]).isGreaterThanOrEqualTo(4 * 32 * 40);
    assertThat(after[5]).isEqualTo(after[1]);
  }

  @Test
  void aRecycledIntermediateFailsLoudlyInsteadOfShowingAnotherStepsValues() {
    Module net = mlp(new Rng(3));
    Tensor x = gaussian(new Rng(1), 32, 3, 4, 4);
    Tensor out = net.forward(x);
    // The hidden input of the last Linear (ReLU's output), reached through the graph.
    Tensor hidden = out.gradFn().inputs()[0];
    float[] before = hidden.toArray();
    out.sum().backward();
    assertThat(hidden.storage().isReleased()).isTrue();
    assertThatThrownBy(hidden::toArray).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shape [32, 40]").hasMessageContaining("recycled");
    assertThatThrownBy(hidden::data).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> hidden.get(0, 0)).isInstanceOf(IllegalStateException.class);
    // The returned output is the caller's and stays readable, and so does the input.
    assertThat(out.storage().isReleased()).isFalse();
    assertThat(x.storage().isReleased()).isFalse();
    assertThat(before).hasSize(32 * 40);
  }

  @Test
  void aRetainedGraphKeepsItsIntermediates() {
    Module net = mlp(new Rng(3));
    Tensor out = net.forward(gaussian(new Rng(1), 32, 3, 4, 4));
    Tensor hidden = out.gradFn().inputs()[0];
    float[] before = hidden.toArray();
    out.sum().backward(null, true);
    assertThat(hidden.toArray()).containsExactly(before);
    // A second backward through the retained graph gives the same gradients, then frees it.
    Tensor w = net.parameters().get(0);
    int[] g1 = bits(w.grad());
    w.setGrad(null);
    out.sum().backward();
    assertThat(bits(w.grad())).isEqualTo(g1);
  }

  @Test
  void aPinnedIntermediateIsNeverRecycled() {
    List<Tensor> stash = new ArrayList<>();
    Module keep = new Module() {
      @Override
      public Tensor forward(Tensor input) {
        Tensor y = input.relu();
        BufferPool.pin(y);
        stash.add(y);
        return y;
      }
    };
    Rng rng = new Rng(3);
    Module net = new Sequential(new Linear(48, 40, rng), keep, new Linear(40, 10, rng));
    Tensor out = net.forward(gaussian(new Rng(1), 32, 48));
    float[] before = stash.get(0).toArray();
    out.sum().backward();
    assertThat(stash.get(0).toArray()).containsExactly(before);
  }

  @Test
  void gradientsThatShareAStorageAreNotRecycledWhileOneIsStillNeeded() {
    // matmul's result is pooled; its gradient flows back as views of one buffer (narrow) into two
    // branches, one of which is captured by Autograd.grad: every gradient must equal the fresh path.
    Supplier<List<int[]>> run = () -> {
      Rng rng = new Rng(11);
      Tensor a = gaussian(rng, 32, 24).requiresGrad_(true);
      Tensor b = gaussian(rng, 24, 40).requiresGrad_(true);
      Tensor h = a.matmul(b);
      Tensor left = h.narrow(1, 0, 20).relu();
      Tensor right = h.narrow(1, 20, 20).mul(h.narrow(1, 0, 20));
      Tensor both = Tensor.cat(1, left, right).matmul(gaussian(rng, 40, 16));
      Tensor loss = both.square().sum();
      List<Tensor> g = Autograd.grad(loss, List.of(a, b, h, left), null, false, false, false);
      List<int[]> out = new ArrayList<>();
      for (Tensor t : g) {
        out.add(bits(t));
      }
      return out;
    };
    ArrayPool.setEnabled(false);
    List<int[]> fresh = run.get();
    ArrayPool.setEnabled(true);
    List<int[]> recycled = run.get();
    List<int[]> again = run.get();
    for (int i = 0; i < fresh.size(); i++) {
      assertThat(recycled.get(i)).isEqualTo(fresh.get(i));
      assertThat(again.get(i)).isEqualTo(fresh.get(i));
    }
  }

  @Test
  void noGradForwardRecyclesConsumedIntermediatesAndKeepsItsOutput() {
    Module net = mlp(new Rng(3));
    Tensor x = gaussian(new Rng(1), 32, 3, 4, 4);
    ArrayPool.setEnabled(false);
    int[] fresh;
    try (GradMode.Scope s = GradMode.noGrad()) {
      fresh = bits(net.forward(x));
    }
    ArrayPool.setEnabled(true);
    List<Tensor> outs = new ArrayList<>();
    try (GradMode.Scope s = GradMode.noGrad()) {
      for (int i = 0; i < 3; i++) {
        outs.add(net.forward(x));
      }
    }
    assertThat(ArrayPool.retained()).isPositive();
    for (Tensor o : outs) {
      assertThat(bits(o)).isEqualTo(fresh);
    }
  }

  @Test
  void checkpointedSegmentsTrainWithTheBitsOfFreshBuffers() {
    Supplier<Module> make = () -> {
      Rng rng = new Rng(9);
      return new Sequential(new Flatten(), new Linear(48, 40, rng), new ReLU(),
          new Checkpointed(new Sequential(new Linear(40, 40, rng), new ReLU(), new Linear(40, 40, rng), new ReLU())),
          new Linear(40, 10, rng));
    };
    assertSameBitsWithAndWithoutRecycling(make, new int[] {32, 3, 4, 4}, false);
  }

  @Test
  void emptyTensorsHaveTheirShapeAndRejectNegativeSizes() {
    Tensor t = Tensor.empty(3, 300);
    assertThat(t.shape()).containsExactly(3, 300);
    assertThat(t.isContiguous()).isTrue();
    assertThatThrownBy(() -> Tensor.empty(2, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void maxPoolIndicesComeBackAfterBackwardButNotWhileAGraphOfTheBackwardNeedsThem() {
    Supplier<List<int[]>> run = () -> {
      Tensor x = gaussian(new Rng(4), 2, 3, 16, 16).requiresGrad_(true);
      Tensor y = org.sgd4j.nn.functional.Pooling.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0},
          new int[] {1, 1});
      // First derivative with a graph (retained, as PyTorch's create_graph implies), then the derivative
      // of that, which frees the pooling node while the recorded scatter still reads the indices.
      Tensor gx = Autograd.grad(y.square().sum(), List.of(x), null, true, true, false).get(0);
      Tensor ggx = Autograd.grad(gx.mul(x).sum(), List.of(x), null, false, false, false).get(0);
      List<int[]> out = new ArrayList<>();
      out.add(bits(gx.detach()));
      out.add(bits(ggx));
      return out;
    };
    ArrayPool.setEnabled(false);
    List<int[]> fresh = run.get();
    ArrayPool.setEnabled(true);
    for (int rep = 0; rep < 3; rep++) {
      List<int[]> recycled = run.get();
      assertThat(recycled.get(0)).isEqualTo(fresh.get(0));
      assertThat(recycled.get(1)).isEqualTo(fresh.get(1));
    }
    // A plain backward frees the node and hands the 2*3*8*8 indices back.
    ArrayPool.clear();
    Tensor x = gaussian(new Rng(4), 2, 3, 16, 16).requiresGrad_(true);
    org.sgd4j.nn.functional.Pooling.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0},
        new int[] {1, 1}).sum().backward();
    assertThat(ArrayPool.retained()).isGreaterThanOrEqualTo(2 * 3 * 8 * 8);
  }

  @Test
  void maxPoolIndicesStayWhileARecordedBackwardOutsideThePassReadsThem() {
    int[] k = {2, 2};
    int[] z = {0, 0};
    int[] one = {1, 1};
    Supplier<int[]> run = () -> {
      Tensor x = gaussian(new Rng(4), 2, 3, 16, 16).requiresGrad_(true);
      Tensor v = gaussian(new Rng(6), 2, 3, 8, 8).requiresGrad_(true);
      Tensor y = org.sgd4j.nn.functional.Pooling.maxPool2d(x, k, k, z, one);
      // A recorded first derivative, gx = scatter(v), whose graph (through the scatter, which reads the
      // indices) depends on v and not on y; then a plain backward over y alone, which frees the pooling
      // node; then another pooling of the same size, which may take pooled indices.
      Tensor gx = Autograd.grad(y.mul(v).sum(), List.of(x), null, true, true, false).get(0);
      y.sum().backward();
      org.sgd4j.nn.functional.Pooling.maxPool2d(gaussian(new Rng(5), 2, 3, 16, 16), k, k, z, one);
      Tensor c = gaussian(new Rng(7), 2, 3, 16, 16);
      return bits(Autograd.grad(gx.mul(c).sum(), List.of(v)).get(0));
    };
    ArrayPool.setEnabled(false);
    int[] fresh = run.get();
    ArrayPool.setEnabled(true);
    assertThat(run.get()).isEqualTo(fresh);
    assertThat(run.get()).isEqualTo(fresh);
  }
}
