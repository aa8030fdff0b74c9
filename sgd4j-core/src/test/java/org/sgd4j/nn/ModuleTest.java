package org.sgd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/** Module bookkeeping: names, state dicts, modes, printing, Sequential and Residual. */
class ModuleTest {

  /** A model with named children, as a PyTorch class with fc1/fc2 attributes. */
  static final class TwoLayer extends Module {
    final Linear fc1;
    final Linear fc2;

    TwoLayer(Rng rng) {
      fc1 = registerModule("fc1", new Linear(4, 3, rng));
      fc2 = registerModule("fc2", new Linear(3, 2, false, rng));
    }

    @Override
    public Tensor forward(Tensor x) {
      return fc2.forward(fc1.forward(x).relu());
    }
  }

  @Test
  void namesParametersAsPyTorch() {
    TwoLayer m = new TwoLayer(new Rng(1));
    assertThat(m.namedParameters().keySet()).containsExactly("fc1.weight", "fc1.bias", "fc2.weight");
    assertThat(m.parameters()).containsExactly(m.fc1.weight(), m.fc1.bias(), m.fc2.weight());
    assertThat(m.parameterCount()).isEqualTo(4 * 3 + 3 + 3 * 2);
    for (Tensor p : m.parameters()) {
      assertThat(p.requiresGrad()).isTrue();
      assertThat(p.isLeaf()).isTrue();
    }
    Sequential s = new Sequential(new Flatten(), new Linear(784, 512), new ReLU(), new Linear(512, 10));
    assertThat(s.namedParameters().keySet()).containsExactly("1.weight", "1.bias", "3.weight", "3.bias");
    assertThat(s.get(1)).isInstanceOf(Linear.class);
    assertThat(s.get(-1)).isSameAs(s.get(3));
    assertThat(s.size()).isEqualTo(4);
    assertThatThrownBy(() -> s.get(4)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("4");
  }

  @Test
  void namedSequentialAndSharedParametersCountedOnce() {
    Linear shared = new Linear(3, 3, new Rng(2));
    Map<String, Module> named = new LinkedHashMap<>();
    named.put("encoder", shared);
    named.put("act", new Tanh());
    named.put("decoder", shared);
    Sequential s = new Sequential(named);
    assertThat(s.namedParameters().keySet()).containsExactly("encoder.weight", "encoder.bias");
    assertThat(s.get("act")).isInstanceOf(Tanh.class);
    assertThat(s.stateDict().keySet()).containsExactly("encoder.weight", "encoder.bias", "decoder.weight", "decoder.bias");
  }

  @Test
  void printsTheArchitectureAsPyTorch() {
    Sequential s = new Sequential(new Flatten(), new Linear(784, 512, new Rng(1)), new ReLU(),
        new Sequential(new Dropout(0.25, new Rng(1)), new Linear(512, 10, false, new Rng(1))));
    assertThat(s.toString()).isEqualTo(String.join("\n",
        "Sequential(",
        "  (0): Flatten(start_dim=1, end_dim=-1)",
        "  (1): Linear(in_features=784, out_features=512, bias=True)",
        "  (2): ReLU()",
        "  (3): Sequential(",
        "    (0): Dropout(p=0.25, inplace=False)",
        "    (1): Linear(in_features=512, out_features=10, bias=False)",
        "  )",
        ")"));
  }

  @Test
  void stateDictRoundTripsAndChecksShapes() {
    TwoLayer a = new TwoLayer(new Rng(1));
    TwoLayer b = new TwoLayer(new Rng(2));
    assertThat(b.fc1.weight().toArray()).isNotEqualTo(a.fc1.weight().toArray());
    Module.LoadResult r = b.loadStateDict(a.stateDict());
    assertThat(r.missingKeys()).isEmpty();
    assertThat(r.unexpectedKeys()).isEmpty();
    assertThat(b.fc1.weight().toArray()).containsExactly(a.fc1.weight().toArray());
    Tensor x = Tensor.randn(new Rng(3), 5, 4);
    assertThat(b.forward(x).toArray()).containsExactly(a.forward(x).toArray());

    Map<String, Tensor> bad = new LinkedHashMap<>(a.stateDict());
    bad.put("fc1.weight", Tensor.zeros(3, 5));
    assertThatThrownBy(() -> b.loadStateDict(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size mismatch for fc1.weight").hasMessageContaining("[3, 5]").hasMessageContaining("[3, 4]");

    Map<String, Tensor> partial = new LinkedHashMap<>(a.stateDict());
    partial.remove("fc2.weight");
    partial.put("fc3.bias", Tensor.zeros(2));
    assertThatThrownBy(() -> b.loadStateDict(partial, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Missing key(s) in state_dict: [fc2.weight]")
        .hasMessageContaining("Unexpected key(s) in state_dict: [fc3.bias]");
    TwoLayer c = new TwoLayer(new Rng(4));
    float[] before = c.fc2.weight().toArray();
    Module.LoadResult nonStrict = c.loadStateDict(partial, false);
    assertThat(nonStrict.missingKeys()).containsExactly("fc2.weight");
    assertThat(nonStrict.unexpectedKeys()).containsExactly("fc3.bias");
    assertThat(c.fc1.bias().toArray()).containsExactly(a.fc1.bias().toArray());
    assertThat(c.fc2.weight().toArray()).containsExactly(before);
  }

  @Test
  void stateDictIncludesBuffersAndTrainEvalPropagates() {
    Sequential s = new Sequential(new Conv2d(3, 4, 3, new Rng(1)), new BatchNorm2d(4), new ReLU());
    assertThat(s.stateDict().keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias",
        "1.running_mean", "1.running_var", "1.num_batches_tracked");
    assertThat(s.isTraining()).isTrue();
    s.eval();
    assertThat(s.get(1).isTraining()).isFalse();
    s.train();
    assertThat(s.get(1).isTraining()).isTrue();
  }

  @Test
  void residualAddsTheInput() {
    Linear f = new Linear(3, 3, new Rng(5));
    Residual block = new Residual(f);
    Tensor x = Tensor.randn(new Rng(6), 2, 3);
    assertThat(block.forward(x).toArray()).containsExactly(x.add(f.forward(x)).toArray());
    assertThat(block.namedParameters().keySet()).containsExactly("fn.weight", "fn.bias");
    Residual projected = new Residual(new Linear(3, 5, new Rng(7)), new Linear(3, 5, false, new Rng(8)));
    assertThat(projected.forward(x).shape()).containsExactly(2, 5);
    assertThat(projected.namedParameters().keySet()).containsExactly("fn.weight", "fn.bias", "shortcut.weight");
  }

  @Test
  void defaultInitialisationHasPyTorchsBounds() {
    Linear l = new Linear(400, 120, new Rng(9));
    double bound = 1 / Math.sqrt(400);
    assertWithin(l.weight(), bound);
    assertWithin(l.bias(), bound);
    Conv2d c = new Conv2d(6, 16, 5, new Rng(9));
    double cb = 1 / Math.sqrt(6 * 25);
    assertWithin(c.weight(), cb);
    assertWithin(c.bias(), cb);
    // Uniform on [-b, b] has variance b²/3: check the sample fills the range.
    double var = l.weight().var(false).item();
    assertThat(var).isCloseTo(bound * bound / 3, org.assertj.core.data.Offset.offset(0.05 * bound * bound / 3));
  }

  private static void assertWithin(Tensor t, double bound) {
    for (float v : t.toArray()) {
      assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
    }
    assertThat((double) t.abs().max().item()).isGreaterThan(0.9 * bound);
  }

  @Test
  void sameSeedSameWeights() {
    assertThat(new Linear(5, 4, new Rng(3)).weight().toArray()).containsExactly(new Linear(5, 4, new Rng(3)).weight().toArray());
    DefaultRng.manualSeed(17);
    float[] first = new Linear(5, 4).weight().toArray();
    DefaultRng.manualSeed(17);
    assertThat(new Linear(5, 4).weight().toArray()).containsExactly(first);
  }

  @Test
  void registeringAComputedTensorAsParameterIsRefused() {
    Tensor leaf = Tensor.ones(2).requiresGrad_(true);
    assertThatThrownBy(() -> new Module() {
      {
        registerParameter("w", leaf.mul(2f));
      }

      @Override
      public Tensor forward(Tensor input) {
        return input;
      }
    }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaf").hasMessageContaining("'w'");
  }

  @Test
  void dropoutObeysTrainEvalAndItsSeed() {
    Tensor x = Tensor.ones(1000);
    Dropout d = new Dropout(0.3, new Rng(10));
    float[] a = d.forward(x).toArray();
    int zeros = 0;
    for (float v : a) {
      assertThat(v).isIn(0f, 1f / 0.7f);
      if (v == 0f) {
        zeros++;
      }
    }
    assertThat(zeros).isBetween(240, 360);
    assertThat(new Dropout(0.3, new Rng(10)).forward(x).toArray()).containsExactly(a);
    d.eval();
    assertThat(d.forward(x)).isSameAs(x);
    assertThat(new Dropout(1.0, new Rng(1)).forward(x).toArray()).containsOnly(0f);
    assertThatThrownBy(() -> new Dropout(1.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
  }

  @Test
  void batchNormUsesRunningStatisticsInEvalMode() {
    BatchNorm1d bn = new BatchNorm1d(2);
    Tensor x = Tensor.of(new float[] {1, 10, 3, 20, 5, 30}, 3, 2);
    Tensor y = bn.forward(x);
    // Training: normalised with the batch statistics, biased variance: column 0 has mean 3 and variance 8/3.
    assertThat(y.get(0, 0)).isCloseTo((float) (-2 / Math.sqrt(8.0 / 3 + 1e-5)), org.assertj.core.data.Offset.offset(1e-5f));
    // Running estimates moved by momentum 0.1 from (0, 1), with the unbiased variance 4.
    assertThat(bn.runningMean().toArray()).containsExactly(0.3f, 2.0f);
    assertThat(bn.runningVar().get(0)).isCloseTo(0.9f + 0.4f, org.assertj.core.data.Offset.offset(1e-6f));
    bn.eval();
    try (var s = GradMode.noGrad()) {
      Tensor e = bn.forward(x);
      assertThat(e.get(0, 0)).isCloseTo((float) ((1 - 0.3) / Math.sqrt(1.3 + 1e-5)), org.assertj.core.data.Offset.offset(1e-5f));
    }
    assertThatThrownBy(() -> new BatchNorm2d(3).forward(Tensor.zeros(2, 4, 5, 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 channels");
  }

  @Test
  void flattenAndLinearShapes() {
    Tensor x = Tensor.zeros(2, 3, 4, 5);
    assertThat(new Flatten().forward(x).shape()).containsExactly(2, 60);
    assertThat(new Flatten(0, 1).forward(x).shape()).containsExactly(6, 4, 5);
    assertThat(new Linear(5, 7, new Rng(1)).forward(x).shape()).containsExactly(2, 3, 4, 7);
    assertThatThrownBy(() -> new Linear(6, 7, new Rng(1)).forward(x))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3, 4, 5]").hasMessageContaining("[7, 6]");
    assertThat(new Conv2d(3, 2, 3, new Rng(1)).forward(Tensor.zeros(3, 8, 8)).shape()).containsExactly(2, 6, 6);
    assertThatThrownBy(() -> new Conv2d(ConvOptions.builder(3, 2, 3).stride(2).padding("same").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strided");
    assertThatThrownBy(() -> new Conv2d(ConvOptions.builder(3, 2, 3).groups(2).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divisible by groups");
  }
}
