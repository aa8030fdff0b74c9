package org.sgd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.kernel.ElementSplit;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * The update loops run over the kernel threads in element ranges: every optimizer, fused path or
 * general, gives the same bits on one thread as on several (each element is computed by the same
 * float operations whichever range holds it).
 */
class OptimizerThreadsTest {
  /** Large enough for several ranges of {@link ElementSplit#MIN_PER_PART} elements. */
  private static final int N = 5 * ElementSplit.MIN_PER_PART + 123;

  private static final Map<String, Function<List<Tensor>, Optimizer<?>>> OPTIMIZERS = Map.ofEntries(
      Map.entry("sgd", ps -> new SGD(ps, SGD.options().withLr(0.1))),
      Map.entry("sgd momentum (fused)", ps -> new SGD(ps, SGD.options().withLr(0.1).withMomentum(0.9))),
      Map.entry("sgd nesterov, decay", ps -> new SGD(ps, SGD.options().withLr(0.1).withMomentum(0.9).withNesterov(true)
          .withWeightDecay(1e-2))),
      Map.entry("adam (fused)", ps -> new Adam(ps, Adam.options().withLr(0.01))),
      Map.entry("adam amsgrad, maximize", ps -> new Adam(ps, Adam.options().withLr(0.01).withAmsgrad(true).withMaximize(true))),
      Map.entry("adamw", ps -> new AdamW(ps, AdamW.options().withLr(0.01))),
      Map.entry("rmsprop centered, momentum", ps -> new RMSprop(ps, RMSprop.options().withCentered(true).withMomentum(0.5))),
      Map.entry("adagrad", ps -> new Adagrad(ps, Adagrad.options().withLrDecay(0.1))),
      Map.entry("adadelta", ps -> new Adadelta(ps, Adadelta.options().withWeightDecay(0.1))),
      Map.entry("nadam", ps -> new NAdam(ps, NAdam.options())),
      Map.entry("yogi", ps -> new Yogi(ps, Yogi.options())),
      Map.entry("lars", ps -> new LARS(ps, LARS.options())));

  @Test
  void everyOptimizerGivesTheSameBitsOnOneThreadAndOnFour() {
    int before = Parallel.threads();
    try {
      for (Map.Entry<String, Function<List<Tensor>, Optimizer<?>>> e : OPTIMIZERS.entrySet()) {
        Parallel.setThreads(1);
        float[] one = threeSteps(e.getValue());
        Parallel.setThreads(4);
        float[] four = threeSteps(e.getValue());
        assertThat(four).as(e.getKey()).isEqualTo(one);
        assertThat(four).as(e.getKey() + " moved").isNotEqualTo(start());
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  private static float[] start() {
    return Tensor.randn(new Rng(7), N).toArray();
  }

  private static float[] threeSteps(Function<List<Tensor>, Optimizer<?>> make) {
    Tensor w = Tensor.of(start()).requiresGrad_();
    Optimizer<?> opt = make.apply(List.of(w));
    Rng rng = new Rng(11);
    for (int t = 0; t < 3; t++) {
      w.setGrad(Tensor.randn(rng, N));
      opt.step();
    }
    return w.toArray();
  }
}
