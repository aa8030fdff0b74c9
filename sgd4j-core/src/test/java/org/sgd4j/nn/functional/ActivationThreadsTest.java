package org.sgd4j.nn.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgd4j.tensor.TestTensors.bits;
import static org.sgd4j.tensor.TestTensors.gaussian;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.tensor.kernel.ElementSplit;
import org.sgd4j.tensor.kernel.Parallel;

/**
 * The activations split large inputs over the kernel threads ({@link ElementSplit}) and give the same
 * bits, forward and backward, for 1, 2 and 3 threads.
 */
class ActivationThreadsTest {

  private static List<int[]> run(Tensor x0) {
    List<int[]> out = new ArrayList<>();
    for (java.util.function.UnaryOperator<Tensor> f : List.<java.util.function.UnaryOperator<Tensor>>of(
        Activations::relu, t -> Activations.leakyRelu(t, 0.1f), t -> Activations.gelu(t, "none"),
        Activations::logSigmoid, Tensor::silu, Tensor::sigmoid)) {
      Tensor x = x0.detach().clone().requiresGrad_();
      Tensor y = f.apply(x);
      y.mul(y).sum().backward();
      out.add(bits(y));
      out.add(bits(x.grad()));
    }
    return out;
  }

  @Test
  void largeActivationsGiveTheSameBitsForOneTwoAndThreeThreads() {
    Tensor x = gaussian(new Rng(8), 300, 230).mul(3f);
    assertThat(ElementSplit.parts(x.numel())).isGreaterThanOrEqualTo(Math.min(Parallel.threads(), 4));
    List<int[]> first = null;
    for (int threads = 1; threads <= 3; threads++) {
      try (Parallel.Limit limit = Parallel.limitThisThread(threads)) {
        List<int[]> now = run(x);
        if (first == null) {
          first = now;
        } else {
          for (int i = 0; i < now.size(); i++) {
            assertThat(now.get(i)).as("result %d at %d threads", i, threads).isEqualTo(first.get(i));
          }
        }
      }
    }
  }
}
