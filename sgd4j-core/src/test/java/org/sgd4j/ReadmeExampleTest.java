package org.sgd4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/** The README's library example, line for line: it must keep printing what the README says. */
class ReadmeExampleTest {

  @Test
  void linearRegressionByHandRecoversTheWeights() {
    Rng rng = new Rng(42);
    Tensor x = Tensor.randn(rng, 64, 3);
    Tensor wTrue = Tensor.of(2f, -3.4f, 1f);
    Tensor y = x.matmul(wTrue).add(4.2f);
    Tensor w = Tensor.zeros(3).requiresGrad_();
    Tensor b = Tensor.zeros(1).requiresGrad_();
    for (int step = 0; step < 200; step++) {
      Tensor loss = x.matmul(w).add(b).sub(y).square().mean();
      loss.backward();
      try (var scope = GradMode.noGrad()) {
        w.add_(w.grad(), -0.1f);
        b.add_(b.grad(), -0.1f);
      }
      w.setGrad(null);
      b.setGrad(null);
    }
    assertThat(w.toString()).isEqualTo("tensor([ 2.0000, -3.4000,  1.0000], requires_grad=True)");
    assertThat(b.toString()).isEqualTo("tensor([4.2000], requires_grad=True)");
  }
}
