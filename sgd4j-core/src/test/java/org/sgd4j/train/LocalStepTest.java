package org.sgd4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgd4j.tensor.TestTensors.bits;
import static org.sgd4j.tensor.TestTensors.gaussian;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.data.Batch;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.MSELoss;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * The local step zeroes gradients in place (no gradient tensor per step) yet keeps the results of
 * PyTorch 2's {@code zero_grad()} (set to none) then {@code backward()}: a parameter the pass does not
 * reach has no gradient, so momentum SGD leaves it alone.
 */
class LocalStepTest {

  /** {@code x·wᵀ}, plus a bias {@code c} on every other call only: a parameter some steps do not reach. */
  static final class SometimesBiased extends Module {
    private int calls;

    SometimesBiased(Rng rng) {
      registerParameter("w", Tensor.randn(rng, 2, 3));
      registerParameter("c", Tensor.randn(rng, 2));
    }

    @Override
    public Tensor forward(Tensor x) {
      Tensor y = x.matmul(parameter("w").t());
      return calls++ % 2 == 0 ? y.add(parameter("c")) : y;
    }
  }

  private static SGD sgd(Module m) {
    return new SGD(m.parameters(), SGD.options().withLr(0.1).withMomentum(0.9));
  }

  @Test
  void stepsMatchSetToNoneAndReuseTheGradientTensors() {
    Module model = new SometimesBiased(new Rng(1));
    Module reference = new SometimesBiased(new Rng(1));
    SGD opt = sgd(model);
    SGD refOpt = sgd(reference);
    LocalStep local = new LocalStep(model, new MSELoss(), opt);
    Rng data = new Rng(2);
    Tensor wGrad = null;
    for (int step = 0; step < 5; step++) {
      Tensor x = gaussian(data, 4, 3);
      Tensor y = gaussian(data, 4, 2);
      local.next(new Batch(x, y, new int[4]), Collections.emptyIterator());
      refOpt.zeroGrad();
      new MSELoss().apply(reference.forward(x), y).backward();
      List<Tensor> params = model.parameters();
      List<Tensor> refParams = reference.parameters();
      for (int p = 0; p < params.size(); p++) {
        Tensor g = params.get(p).grad();
        Tensor r = refParams.get(p).grad();
        assertThat(g == null).as("step %d parameter %d has no gradient", step, p).isEqualTo(r == null);
        if (r != null) {
          assertThat(bits(g)).as("step %d gradient of parameter %d", step, p).isEqualTo(bits(r));
        }
      }
      assertThat(params.get(1).hasGrad()).as("c is reached on even steps only").isEqualTo(step % 2 == 0);
      if (wGrad != null) {
        assertThat(params.get(0).grad()).as("w's gradient tensor, step %d", step).isSameAs(wGrad);
      }
      wGrad = params.get(0).grad();
      opt.step();
      refOpt.step();
      for (int p = 0; p < params.size(); p++) {
        assertThat(bits(params.get(p))).as("step %d parameter %d", step, p).isEqualTo(bits(refParams.get(p)));
      }
    }
  }
}
