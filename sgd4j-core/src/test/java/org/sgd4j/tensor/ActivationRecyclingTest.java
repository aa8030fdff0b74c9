package org.sgd4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgd4j.tensor.TestTensors.bits;
import static org.sgd4j.tensor.TestTensors.gaussian;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sgd4j.nn.Flatten;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.ReLU;
import org.sgd4j.nn.Sequential;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.kernel.ArrayPool;

/**
 * Activation recycling never breaks a user's module that keeps a tensor: a module that stashes its
 * input (and reads it at the next step) trains with the same bits with recycling on and off, while the
 * library's own modules around it keep being recycled.
 */
class ActivationRecyclingTest {

  @BeforeEach
  @AfterEach
  void reset() {
    ArrayPool.setEnabled(true);
    ArrayPool.clear();
  }

  /** A user's module, written without any knowledge of buffer reuse: it mixes in the mean of the input it saw last. */
  static final class Echo extends Module {
    private Tensor previous;
    private final List<Tensor> seen = new ArrayList<>();

    @Override
    public Tensor forward(Tensor input) {
      Tensor out = previous == null ? input.mul(1f) : input.add(previous.mean().mul(0.25f));
      previous = input.detach();
      seen.add(input.detach());
      return out;
    }
  }

  /** Three kinds of keeper: of a plain output, of a view (Flatten's), and of a library module's output it returns as is. */
  private static Module net(Echo first, Echo second) {
    Rng rng = new Rng(3);
    return new Sequential(new Linear(12, 16, rng), new ReLU(), first, new Linear(16, 16, rng), new ReLU(),
        new Flatten(), second, new Linear(16, 5, rng));
  }

  private static List<int[]> train(int steps) {
    Echo first = new Echo();
    Echo second = new Echo();
    Module net = net(first, second);
    SGD opt = new SGD(net.parameters(), SGD.options().withLr(0.05).withMomentum(0.9));
    CrossEntropyLoss ce = new CrossEntropyLoss();
    Rng rng = new Rng(11);
    List<int[]> out = new ArrayList<>();
    for (int s = 0; s < steps; s++) {
      int[] y = new int[20];
      for (int i = 0; i < y.length; i++) {
        y[i] = i % 5;
      }
      Tensor loss = ce.apply(net.forward(gaussian(rng, 20, 12)), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      out.add(bits(loss));
      // Evaluation without autograd recycles as it goes: the keepers' inputs must survive that too.
      try (GradMode.Scope g = GradMode.noGrad()) {
        out.add(bits(net.forward(gaussian(rng, 4, 12))));
      }
    }
    for (Tensor p : net.parameters()) {
      out.add(bits(p));
    }
    // Everything the keepers saw is still readable.
    for (Echo e : List.of(first, second)) {
      for (Tensor t : e.seen) {
        out.add(bits(t));
      }
    }
    return out;
  }

  @Test
  void aModuleThatStashesItsInputTrainsIdenticallyWithRecyclingOnAndOff() {
    ArrayPool.setEnabled(false);
    List<int[]> fresh = train(5);
    ArrayPool.setEnabled(true);
    ArrayPool.clear();
    List<int[]> recycled = train(5);
    assertThat(recycled).hasSameSizeAs(fresh);
    for (int i = 0; i < fresh.size(); i++) {
      assertThat(recycled.get(i)).as("item %d", i).isEqualTo(fresh.get(i));
    }
    // The library's modules between the keepers were still recycled.
    assertThat(ArrayPool.retained()).isPositive();
  }

  @Test
  void outputsBetweenLibraryModulesAreStillRecycled() {
    Module net = new Sequential(new Linear(12, 300, new Rng(1)), new ReLU(), new Linear(300, 5, new Rng(2)));
    Tensor out = net.forward(gaussian(new Rng(4), 8, 12));
    Tensor hidden = out.gradFn().inputs()[0];
    out.sum().backward();
    assertThat(hidden.storage().isReleased()).isTrue();

    Echo keeper = new Echo();
    Module kept = new Sequential(new Linear(12, 300, new Rng(1)), new ReLU(), keeper, new Linear(300, 5, new Rng(2)));
    kept.forward(gaussian(new Rng(4), 8, 12)).sum().backward();
    assertThat(keeper.previous.storage().isReleased()).isFalse();
    assertThat(keeper.previous.toArray()).hasSize(8 * 300);
  }
}
