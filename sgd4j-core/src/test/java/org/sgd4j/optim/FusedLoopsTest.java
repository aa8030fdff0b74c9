package org.sgd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgd4j.tensor.TestTensors.bits;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * Each optimizer's fused loop (a branch-free loop over arrays indexed from 0, which C2 vectorises)
 * computes the bits of its general loop. A parameter and gradient that start at index 0 of their arrays
 * take the fused loop where the options allow it; the same values as views at an offset inside larger
 * buffers take the general loop. Four steps of each must end on the same bits, and move the parameter.
 * The configurations below are the ones with a fused loop, plus a few without (which must agree
 * trivially), so that a configuration that wrongly takes the fused loop shows too.
 */
class FusedLoopsTest {
  private static final int N = 1000;

  private static final Map<String, Function<List<Tensor>, Optimizer<?>>> OPTIMIZERS = Map.ofEntries(
      Map.entry("sgd momentum", ps -> new SGD(ps, SGD.options().withLr(0.1).withMomentum(0.9))),
      Map.entry("adam", ps -> new Adam(ps, Adam.options().withLr(0.01))),
      Map.entry("adam maximize", ps -> new Adam(ps, Adam.options().withLr(0.01).withMaximize(true))),
      Map.entry("adam weight decay", ps -> new Adam(ps, Adam.options().withLr(0.01).withWeightDecay(0.1))),
      Map.entry("adam weight decay, maximize", ps -> new Adam(ps, Adam.options().withLr(0.01).withWeightDecay(0.1)
          .withMaximize(true))),
      Map.entry("adam amsgrad (general)", ps -> new Adam(ps, Adam.options().withLr(0.01).withAmsgrad(true))),
      Map.entry("adamw", ps -> new AdamW(ps, AdamW.options().withLr(0.01))),
      Map.entry("adamw decay 0.5, maximize", ps -> new AdamW(ps, AdamW.options().withLr(0.01).withWeightDecay(0.5)
          .withMaximize(true))),
      Map.entry("adamw amsgrad (general)", ps -> new AdamW(ps, AdamW.options().withLr(0.01).withAmsgrad(true))),
      Map.entry("rmsprop", ps -> new RMSprop(ps, RMSprop.options())),
      Map.entry("rmsprop momentum, maximize", ps -> new RMSprop(ps, RMSprop.options().withMomentum(0.9).withMaximize(true))),
      Map.entry("rmsprop eps inside", ps -> new RMSprop(ps, RMSprop.options().withEps(0.1).withEpsInsideSqrt(true))),
      Map.entry("rmsprop eps inside, momentum", ps -> new RMSprop(ps, RMSprop.options().withEps(0.1).withEpsInsideSqrt(true)
          .withMomentum(0.5))),
      Map.entry("rmsprop centered (general)", ps -> new RMSprop(ps, RMSprop.options().withCentered(true))),
      Map.entry("adagrad", ps -> new Adagrad(ps, Adagrad.options().withLrDecay(0.1))),
      Map.entry("adagrad eps inside, maximize", ps -> new Adagrad(ps, Adagrad.options().withEps(0.1).withEpsInsideSqrt(true)
          .withMaximize(true))),
      Map.entry("adagrad weight decay (general)", ps -> new Adagrad(ps, Adagrad.options().withWeightDecay(0.1))),
      Map.entry("adadelta", ps -> new Adadelta(ps, Adadelta.options())),
      Map.entry("adadelta maximize", ps -> new Adadelta(ps, Adadelta.options().withMaximize(true))),
      Map.entry("nadam", ps -> new NAdam(ps, NAdam.options())),
      Map.entry("nadam weight decay (general)", ps -> new NAdam(ps, NAdam.options().withWeightDecay(0.1))),
      Map.entry("yogi", ps -> new Yogi(ps, Yogi.options())),
      Map.entry("yogi maximize", ps -> new Yogi(ps, Yogi.options().withMaximize(true))),
      Map.entry("yogi weight decay (general)", ps -> new Yogi(ps, Yogi.options().withWeightDecay(0.1))));

  @Test
  void fusedLoopsGiveTheBitsOfTheGeneralLoops() {
    for (Map.Entry<String, Function<List<Tensor>, Optimizer<?>>> e : OPTIMIZERS.entrySet()) {
      float[] fused = fourSteps(e.getValue(), false);
      float[] general = fourSteps(e.getValue(), true);
      assertThat(bits(Tensor.of(fused))).as(e.getKey()).isEqualTo(bits(Tensor.of(general)));
      assertThat(fused).as(e.getKey() + " moved").isNotEqualTo(values(1));
    }
  }

  /**
   * Yogi's vectorisable signum is {@code Math.signum} in every bit, on the special values and at random,
   * for every float but a signaling NaN (which the product quiets; Yogi's argument is a difference, and
   * arithmetic never gives a signaling NaN).
   */
  @Test
  void yogiSignumIsMathSignum() {
    float[] special = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc00001), Float.intBitsToFloat(0x7fc12345),
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
        Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 0x1p-127f, -0x1p-140f};
    for (float d : special) {
      assertThat(Float.floatToRawIntBits(Yogi.signum(d))).as("signum(%s)", d)
          .isEqualTo(Float.floatToRawIntBits(Math.signum(d)));
    }
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < 100_000; i++) {
      int b = random.nextInt();
      if ((b & 0x7fc00000) == 0x7f800000 && (b & 0x003fffff) != 0) {
        continue; // a signaling NaN
      }
      float d = Float.intBitsToFloat(b);
      assertThat(Float.floatToRawIntBits(Yogi.signum(d))).as("signum(%s)", d)
          .isEqualTo(Float.floatToRawIntBits(Math.signum(d)));
    }
  }

  /** Normal values, with exact zeros and a few large ones among them. */
  private static float[] values(int seed) {
    float[] v = Tensor.randn(new Rng(seed), N).toArray();
    for (int i = 0; i < N; i += 17) {
      v[i] = 0f;
    }
    for (int i = 5; i < N; i += 97) {
      v[i] *= 1e4f;
    }
    return v;
  }

  /** {@code v} as a 1-d tensor: fresh, or a view at offset 3 inside a larger buffer. */
  private static Tensor tensor(float[] v, boolean view) {
    if (!view) {
      return Tensor.of(v.clone());
    }
    Tensor t = Tensor.full(-7f, v.length + 6).narrow(0, 3, v.length);
    t.copy_(Tensor.of(v));
    return t;
  }

  private static float[] fourSteps(Function<List<Tensor>, Optimizer<?>> make, boolean views) {
    Tensor w = tensor(values(1), views).requiresGrad_();
    Optimizer<?> opt = make.apply(List.of(w));
    for (int t = 0; t < 4; t++) {
      try (var s = GradMode.noGrad()) {
        w.setGrad(tensor(values(10 + t), views));
      }
      opt.step();
    }
    return w.toArray();
  }
}
