package org.sgd4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sgd4j.nn.Checkpointed;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.Sequential;
import org.sgd4j.nn.Tanh;
import org.sgd4j.nn.loss.MSELoss;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Node;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/** Checkpointed backpropagation: the same gradients as plain backpropagation, with fewer bytes held by the graph. */
class CheckpointTest {
  private static final int DEPTH = 16;
  private static final int WIDTH = 64;
  private static final int SEGMENTS = 4;

  /** A deep tanh MLP whose layers come from {@code rng}; with {@code checkpointed}, grouped into checkpointed segments. */
  private static Sequential mlp(boolean checkpointed) {
    Rng rng = new Rng(99);
    List<Module> layers = new ArrayList<>();
    for (int i = 0; i < DEPTH; i++) {
      layers.add(new Linear(WIDTH, WIDTH, rng));
      layers.add(new Tanh());
    }
    if (!checkpointed) {
      return new Sequential(layers.toArray(new Module[0]));
    }
    Sequential model = new Sequential();
    int per = layers.size() / SEGMENTS;
    for (int s = 0; s < SEGMENTS; s++) {
      model.add(new Checkpointed(new Sequential(layers.subList(s * per, (s + 1) * per).toArray(new Module[0]))));
    }
    return model;
  }

  /** Bytes saved for backward by every node reachable from {@code root}. */
  static long graphBytes(Tensor root) {
    long bytes = 0;
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Tensor> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Node n = todo.pop().gradFn();
      if (n == null || !seen.add(n)) {
        continue;
      }
      bytes += n.savedBytes();
      for (Tensor in : n.inputs()) {
        if (in != null) {
          todo.push(in);
        }
      }
    }
    return bytes;
  }

  @Test
  void sameGradientsWithFewerRetainedBytes() {
    Rng data = new Rng(1);
    Tensor x = Tensor.randn(data, 32, WIDTH);
    Tensor y = Tensor.randn(data, 32, WIDTH);
    Sequential plain = mlp(false);
    Sequential ckpt = mlp(true);
    assertThat(ckpt.parameterCount()).isEqualTo(plain.parameterCount());

    Tensor lossPlain = new MSELoss().apply(plain.forward(x), y);
    Tensor lossCkpt = new MSELoss().apply(ckpt.forward(x), y);
    long bytesPlain = graphBytes(lossPlain);
    long bytesCkpt = graphBytes(lossCkpt);
    System.out.printf("CheckpointTest: graph holds %d bytes plain, %d bytes checkpointed (%d segments of %d layers)%n",
        bytesPlain, bytesCkpt, SEGMENTS, DEPTH / SEGMENTS);
    // Plain: each Linear saves its input and weight, each Tanh its output. Checkpointed: each segment saves only its input.
    long activation = 4L * 32 * WIDTH;
    long weight = 4L * WIDTH * WIDTH;
    assertThat(bytesPlain).isGreaterThanOrEqualTo(DEPTH * (2 * activation + weight));
    assertThat(bytesCkpt).isLessThanOrEqualTo(SEGMENTS * activation + 2 * activation + 64);
    assertThat(bytesCkpt * 10).isLessThan(bytesPlain);

    assertThat(lossCkpt.item()).isEqualTo(lossPlain.item());
    lossPlain.backward();
    lossCkpt.backward();
    List<Tensor> pp = plain.parameters();
    List<Tensor> pc = ckpt.parameters();
    assertThat(pc).hasSameSizeAs(pp);
    for (int i = 0; i < pp.size(); i++) {
      assertThat(pc.get(i).grad().toArray()).as("gradient of parameter %d", i).containsExactly(pp.get(i).grad().toArray());
    }
  }

  @Test
  void gradientWithRespectToTheInputAndAutogradGrad() {
    Tensor x = Tensor.randn(new Rng(2), 4, WIDTH);
    Sequential plain = mlp(false);
    Sequential ckpt = mlp(true);
    Tensor xp = x.detach().requiresGrad_(true);
    Tensor xc = x.detach().requiresGrad_(true);
    List<Tensor> gp = Autograd.grad(plain.forward(xp).square().sum(), List.of(xp, plain.parameters().get(0)));
    List<Tensor> gc = Autograd.grad(ckpt.forward(xc).square().sum(), List.of(xc, ckpt.parameters().get(0)));
    assertThat(gc.get(0).toArray()).containsExactly(gp.get(0).toArray());
    assertThat(gc.get(1).toArray()).containsExactly(gp.get(1).toArray());
    assertThat(ckpt.parameters().get(0).grad()).as("Autograd.grad leaves .grad alone").isNull();
  }

  @Test
  void recomputationReplaysDropoutMasksAndLeavesRunningStatisticsUpdatedOnce() {
    java.util.function.Supplier<Sequential> build = () -> {
      Rng rng = new Rng(5);
      return new Sequential(new Linear(8, 8, rng), new org.sgd4j.nn.BatchNorm1d(8), new org.sgd4j.nn.Dropout(0.5, new Rng(6)),
          new Tanh(), new Linear(8, 8, rng));
    };
    Sequential plain = build.get();
    Sequential inner = build.get();
    Sequential ckpt = new Sequential(new Checkpointed(inner));
    Tensor x = Tensor.randn(new Rng(7), 16, 8);
    for (int step = 0; step < 2; step++) {
      Tensor lp = plain.forward(x).square().sum();
      Tensor lc = ckpt.forward(x).square().sum();
      assertThat(lc.item()).isEqualTo(lp.item());
      plain.zeroGrad();
      ckpt.zeroGrad();
      lp.backward();
      lc.backward();
      List<Tensor> pp = plain.parameters();
      List<Tensor> pc = ckpt.parameters();
      for (int i = 0; i < pp.size(); i++) {
        assertThat(pc.get(i).grad().toArray()).as("step %d parameter %d", step, i).containsExactly(pp.get(i).grad().toArray());
      }
      assertThat(((org.sgd4j.nn.BatchNorm1d) inner.get(1)).runningMean().toArray())
          .containsExactly(((org.sgd4j.nn.BatchNorm1d) plain.get(1)).runningMean().toArray());
    }
  }

  @Test
  void noGraphWhenNothingRequiresGrad() {
    Sequential ckpt = mlp(true);
    try (var s = GradMode.noGrad()) {
      Tensor out = ckpt.forward(Tensor.randn(new Rng(3), 2, WIDTH));
      assertThat(out.requiresGrad()).isFalse();
    }
  }
}
