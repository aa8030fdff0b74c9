package org.sgd4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sgd4j.tensor.TestTensors.bits;
import static org.sgd4j.tensor.TestTensors.gaussian;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * {@link Autograd#gradInto}: the bits of {@link Autograd#grad} in the caller's buffers, for every way
 * an input can receive its gradient (a rule writing into the offered buffer, a sum of several edges, a
 * non-leaf, the output itself, an input listed twice, an unused input), and clear refusals of buffers
 * that do not fit.
 */
class GradIntoTest {
  private static final int[] LABELS = {0, 3, 1, 2, 2, 0, 1};

  /** Leaves of a small net: Linear weight and bias (one edge each), a tied weight (two edges), an unused one. */
  private static final class Net {
    final Linear linear;
    final Tensor tied;
    final Tensor unused;

    Net(Rng rng) {
      linear = new Linear(9, 6, rng);
      tied = gaussian(rng, 4, 6).requiresGrad_();
      unused = gaussian(rng, 2, 2).requiresGrad_();
    }

    /** The hidden layer (a non-leaf input) and the loss. */
    Tensor[] forward(Tensor x) {
      Tensor h = linear.forward(x).relu();
      Tensor logits = h.matmul(tied.t()).add(h.mul(0.5f).matmul(tied.t()));
      return new Tensor[] {h, new CrossEntropyLoss().apply(logits, LABELS)};
    }
  }

  private static List<Tensor> buffers(List<Tensor> inputs) {
    List<Tensor> out = new ArrayList<>();
    for (Tensor in : inputs) {
      out.add(Tensor.full(Float.NaN, in.shape())); // stale contents must not leak into the result
    }
    return out;
  }

  @Test
  void buffersGetTheBitsOfGradForEveryKindOfInput() {
    for (int threads = 1; threads <= 3; threads++) {
      try (Parallel.Limit limit = Parallel.limitThisThread(threads)) {
        Rng rng = new Rng(5);
        Net net = new Net(rng);
        List<Tensor> into = null;
        for (int step = 0; step < 3; step++) {
          Tensor x = gaussian(rng, LABELS.length, 9);
          Tensor[] ref = net.forward(x);
          List<Tensor> refInputs = List.of(net.linear.weight(), net.tied, ref[0], net.linear.bias(), net.unused,
              net.tied);
          List<Tensor> expected = Autograd.grad(ref[1], refInputs, null, false, false, true);
          Tensor[] out = net.forward(x);
          List<Tensor> inputs = List.of(net.linear.weight(), net.tied, out[0], net.linear.bias(), net.unused,
              net.tied);
          if (into == null) {
            into = buffers(inputs);
          }
          List<Tensor> before = new ArrayList<>(into);
          boolean[] used = Autograd.gradInto(out[1], inputs, into, null, false, true);
          assertThat(used).containsExactly(true, true, true, true, false, true);
          for (int i = 0; i < inputs.size(); i++) {
            assertThat(into.get(i)).isSameAs(before.get(i));
            if (used[i]) {
              assertThat(bits(into.get(i))).as("threads %d step %d input %d", threads, step, i)
                  .containsExactly(bits(expected.get(i)));
            } else {
              assertThat(expected.get(i)).isNull();
              assertThat(into.get(i).toArray()).containsOnly(0f);
            }
          }
          assertThat(net.linear.weight().hasGrad()).as("grad() fields are not touched").isFalse();
          assertThat(net.tied.hasGrad()).isFalse();
        }
      }
    }
  }

  @Test
  void theOutputItselfAndAGivenOutputGradient() {
    Rng rng = new Rng(6);
    Tensor a = gaussian(rng, 3, 2).requiresGrad_();
    Tensor y = a.mul(a).mul(3f);
    Tensor w = gaussian(rng, 3, 2);
    List<Tensor> expected = Autograd.grad(y, List.of(a, y), w, true, false, false);
    List<Tensor> into = List.of(Tensor.zeros(3, 2), Tensor.zeros(3, 2));
    boolean[] used = Autograd.gradInto(y, List.of(a, y), into, w, false, false);
    assertThat(used).containsExactly(true, true);
    assertThat(bits(into.get(0))).containsExactly(bits(expected.get(0)));
    assertThat(bits(into.get(1))).containsExactly(bits(w));
    Tensor leaf = gaussian(rng, 1).requiresGrad_();
    Tensor g = Tensor.zeros(1);
    assertThat(Autograd.gradInto(leaf, List.of(leaf), List.of(g))).containsExactly(true);
    assertThat(g.toArray()).containsExactly(1f);
  }

  @Test
  void anUnusedInputIsAnErrorUnlessAllowed() {
    Tensor a = Tensor.of(1f, 2f).requiresGrad_();
    Tensor b = Tensor.of(3f).requiresGrad_();
    Tensor loss = a.sum();
    assertThatThrownBy(() -> Autograd.gradInto(loss, List.of(a, b), List.of(Tensor.zeros(2), Tensor.zeros(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input 1 (shape [1]) was not used to compute the output");
  }

  @Test
  void badBuffersAreRefusedNamingTheShapes() {
    Tensor a = Tensor.zeros(2, 3).requiresGrad_();
    Tensor b = Tensor.zeros(3).requiresGrad_();
    Tensor loss = a.add(b).sum();
    List<Tensor> inputs = List.of(a, b);
    assertThatThrownBy(() -> Autograd.gradInto(loss, inputs, List.of(Tensor.zeros(2, 3))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1 buffers for 2 inputs");
    assertThatThrownBy(() -> Autograd.gradInto(loss, inputs, List.of(Tensor.zeros(3, 2), Tensor.zeros(3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("buffer 0 has shape [3, 2] but input 0 has shape [2, 3]");
    assertThatThrownBy(() -> Autograd.gradInto(loss, inputs, List.of(Tensor.zeros(3, 2).t(), Tensor.zeros(3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("buffer 0 of shape [2, 3] is not contiguous (strides [1, 2])");
    assertThatThrownBy(() -> Autograd.gradInto(loss, inputs, List.of(Tensor.zeros(2, 3), Tensor.zeros(3).requiresGrad_())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buffer 1 of shape [3] requires grad");
    Tensor whole = Tensor.zeros(9);
    assertThatThrownBy(() -> Autograd.gradInto(loss, inputs, List.of(whole.narrow(0, 0, 6).view(2, 3),
        whole.narrow(0, 6, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("buffers 0 (shape [2, 3]) and 1 (shape [3]) share their storage");
    assertThatThrownBy(() -> Autograd.gradInto(loss, inputs, List.of(a.detach(), Tensor.zeros(3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("buffer 0 (shape [2, 3]) shares its storage with input 0 (shape [2, 3])");
    Tensor c = Tensor.zeros(3);
    assertThatThrownBy(() -> Autograd.gradInto(loss, List.of(a, c), List.of(Tensor.zeros(2, 3), Tensor.zeros(3))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input 1 of shape [3] does not require grad");
    // Nothing was consumed by the refusals: the graph still gives the gradient.
    List<Tensor> into = List.of(Tensor.zeros(2, 3), Tensor.zeros(3));
    Autograd.gradInto(loss, inputs, into);
    assertThat(into.get(1).toArray()).containsExactly(2f, 2f, 2f);
  }
}
