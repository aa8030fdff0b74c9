package org.sgd4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgd4j.tensor.TestTensors.bits;
import static org.sgd4j.tensor.TestTensors.gaussian;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.ReLU;
import org.sgd4j.nn.Sequential;
import org.sgd4j.nn.functional.Affine;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.GradClipping;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.DirectBackwardFunction;
import org.sgd4j.tensor.GradTarget;
import org.sgd4j.tensor.Graph;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * Gradient buffers with PyTorch's semantics, written in place by backward rules ({@link GradTarget}):
 * the gradients keep the bits of the plain path ({@link Autograd#grad}, which never writes into a
 * buffer); zeroing in place keeps each gradient's tensor from step to step, and after clearing
 * ({@code zeroGrad()}) the next backward pass stores a new tensor and never writes the old one again.
 */
class GradBufferTest {

  private static int[] labels(Rng rng, int n, int classes) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = (int) Math.floorMod(rng.nextLong(), (long) classes);
    }
    return y;
  }

  /** The gradients of {@code loss} by the plain path, keeping the graph for a backward after. */
  private static List<int[]> reference(Tensor loss, List<Tensor> params) {
    List<int[]> out = new ArrayList<>();
    for (Tensor g : Autograd.grad(loss, params, null, true, false, false)) {
      out.add(bits(g));
    }
    return out;
  }

  /**
   * Several SGD steps of an MLP: after every backward each gradient has the bits of the plain path;
   * zeroing in place, from the second step on it is the same tensor as the step before (reused, not
   * reallocated); clearing, it is a new tensor and the one of the step before keeps its bits. At 1, 2
   * and 3 kernel threads, for batch sizes that take the kernel's small and blocked paths, with one
   * block of depth or several (300 > the kernels' 256).
   */
  @Test
  void gradientsKeepTheBitsOfThePlainPathAndZeroingInPlaceReusesTheirBuffers() {
    for (int threads = 1; threads <= 3; threads++) {
      for (int batch : new int[] {1, 5, 32, 300}) {
        for (boolean setToNone : new boolean[] {true, false}) {
          try (Parallel.Limit limit = Parallel.limitThisThread(threads)) {
            runSteps(batch, setToNone);
          }
        }
      }
    }
  }

  private static void runSteps(int batch, boolean setToNone) {
    Rng rng = new Rng(7);
    Module net = new Sequential(new Linear(300, 256, rng), new ReLU(), new Linear(256, 1, rng), new ReLU(),
        new Linear(1, 10, rng));
    List<Tensor> params = net.parameters();
    SGD opt = new SGD(params, SGD.options().withLr(0.05).withMomentum(0.5));
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    List<Tensor> previous = null;
    List<int[]> previousBits = null;
    for (int step = 0; step < 4; step++) {
      Tensor loss = lossFn.apply(net.forward(gaussian(rng, batch, 300)), labels(rng, batch, 10));
      List<int[]> expected = reference(loss, params);
      opt.zeroGrad(setToNone);
      loss.backward();
      List<Tensor> now = new ArrayList<>();
      for (int p = 0; p < params.size(); p++) {
        Tensor g = params.get(p).grad();
        assertThat(bits(g)).as("param %d step %d batch %d", p, step, batch).isEqualTo(expected.get(p));
        if (previous != null && setToNone) {
          assertThat(g).as("param %d: a new gradient tensor after clearing", p).isNotSameAs(previous.get(p));
          assertThat(bits(previous.get(p))).as("param %d: the cleared gradient is not written", p)
              .isEqualTo(previousBits.get(p));
        } else if (previous != null) {
          assertThat(g).as("buffer of param %d reused", p).isSameAs(previous.get(p));
        }
        now.add(g);
      }
      previous = now;
      previousBits = expected;
      opt.step();
    }
  }

  /**
   * The kernel's side of zeroing in place: {@code beta = 1} onto +0 is {@code 0 + (beta = 0)}, the bits
   * the engine gives a zeroed gradient a rule wrote over ({@link GradTarget}).
   */
  @Test
  void gemmWithBetaOneOntoZerosGivesTheBitsOfZeroPlusTheProduct() {
    Rng rng = new Rng(41);
    for (int k : new int[] {0, 1, 7, 256, 257, 600}) {
      int m = 9;
      int n = 70;
      float[] a = gaussian(rng, k, m).data();
      float[] b = gaussian(rng, k, n).data();
      for (int i = 0; i < a.length; i += 5) {
        a[i] = -0f;
      }
      float[] plain = new float[m * n];
      org.sgd4j.tensor.kernel.Kernels.get().sgemm(true, false, m, n, k, 1f, a, 0, m, b, 0, n, 0f, plain, 0, n);
      float[] ontoZeros = new float[m * n];
      org.sgd4j.tensor.kernel.Kernels.get().sgemm(true, false, m, n, k, 1f, a, 0, m, b, 0, n, 1f, ontoZeros, 0, n);
      for (int i = 0; i < plain.length; i++) {
        assertThat(Float.floatToRawIntBits(ontoZeros[i])).as("k=%d element %d", k, i)
            .isEqualTo(Float.floatToRawIntBits(0f + plain[i]));
      }
    }
  }

  @Test
  void aGradientHandedOutIsNeverOverwrittenAfterZeroGrad() {
    Rng rng = new Rng(3);
    Linear layer = new Linear(20, 8, rng);
    Tensor w = layer.weight();
    layer.forward(gaussian(rng, 4, 20)).pow(2f).sum().backward();
    Tensor held = w.grad();
    int[] heldBits = bits(held);
    Tensor heldBias = layer.bias().grad();
    int[] heldBiasBits = bits(heldBias);
    layer.zeroGrad();
    assertThat(w.grad()).isNull();
    Tensor loss = layer.forward(gaussian(rng, 4, 20)).pow(2f).sum();
    List<int[]> expected = reference(loss, List.of(w, layer.bias()));
    loss.backward();
    assertThat(bits(held)).isEqualTo(heldBits);
    assertThat(bits(heldBias)).isEqualTo(heldBiasBits);
    assertThat(w.grad()).isNotSameAs(held);
    assertThat(bits(w.grad())).isEqualTo(expected.get(0));
    assertThat(bits(layer.bias().grad())).isEqualTo(expected.get(1));
  }

  /**
   * PyTorch's semantics of a cleared gradient, on every path that stores one: a rule writing straight
   * into the new buffer (the Linear weight), a copied gradient (the bias, reached through two edges of
   * a parameter used twice) and {@link GradTarget#of} (the data-parallel and Spark installers). Every
   * step after {@code zeroGrad()} stores a new tensor, and every tensor held from an earlier step keeps
   * its bits to the end.
   */
  @Test
  void everyPathStoresANewTensorAfterClearingAndNeverWritesAHeldOne() {
    Rng rng = new Rng(43);
    Tensor w = gaussian(rng, 6, 6).requiresGrad_();
    Tensor b = gaussian(rng, 6).requiresGrad_();
    List<Tensor> held = new ArrayList<>();
    List<int[]> heldBits = new ArrayList<>();
    for (int step = 0; step < 3; step++) {
      Tensor x = gaussian(rng, 3, 6);
      Tensor loss = Affine.linear(Affine.linear(x, w, null).relu(), w.detach(), b).add(b).pow(2f).sum();
      w.zeroGrad(true);
      b.zeroGrad(true);
      loss.backward();
      for (Tensor g : List.of(w.grad(), b.grad())) {
        for (Tensor h : held) {
          assertThat(g).isNotSameAs(h);
        }
        held.add(g);
        heldBits.add(bits(g));
      }
      w.zeroGrad(true);
      GradTarget target = GradTarget.of(w);
      java.util.Arrays.fill(target.data(), step + 1f);
      target.commit(w);
      assertThat(held).doesNotContain(w.grad());
      held.add(w.grad());
      heldBits.add(bits(w.grad()));
    }
    for (int i = 0; i < held.size(); i++) {
      assertThat(bits(held.get(i))).as("held gradient %d", i).isEqualTo(heldBits.get(i));
    }
  }

  /** Without clearing, {@link GradTarget#of} writes over the current gradient in place: a holder sees it. */
  @Test
  void gradTargetOfOverwritesTheCurrentGradientInPlace() {
    Tensor w = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad_();
    w.mul(Tensor.of(4f, 5f, 6f)).sum().backward();
    Tensor held = w.grad();
    GradTarget target = GradTarget.of(w);
    assertThat(target.tensor()).isSameAs(held);
    int version = held.storage().version();
    java.util.Arrays.fill(target.data(), -1f);
    target.commit(w);
    assertThat(w.grad()).isSameAs(held);
    assertThat(held.toArray()).containsExactly(-1f, -1f, -1f);
    assertThat(held.storage().version()).as("the write is a modification").isEqualTo(version + 1);
  }

  /**
   * A rule that writes its gradient into the offered target: over a gradient zeroed in place the
   * result has the bits of {@code 0 + g} ({@code -0.0} stored as {@code +0.0}, as {@code grad.add_(g)}
   * gives), into a new buffer the bits of g itself (as the engine's copy of a returned g).
   */
  @Test
  void aGradientWrittenOverTheZeroedOneHasTheBitsOfZeroPlusIt() {
    float[] g = {-0f, 0f, -1.5f, Float.NaN};
    Tensor w = Tensor.zeros(4).requiresGrad_();
    DirectBackwardFunction rule = (gradOutput, targets) -> {
      GradTarget t = targets.get(0);
      if (t == null) {
        return new Tensor[] {Tensor.of(g)};
      }
      System.arraycopy(g, 0, t.data(), t.offset(), g.length);
      return new Tensor[] {t.tensor()};
    };
    Graph.record(Tensor.zeros(1), "WriteBackward", Graph.of(w), Graph.of(), rule).sum().backward();
    Tensor fresh = w.grad();
    assertThat(bits(fresh)).containsExactly(bits(Tensor.of(g)));
    w.zeroGrad(false);
    Graph.record(Tensor.zeros(1), "WriteBackward", Graph.of(w), Graph.of(), rule).sum().backward();
    assertThat(w.grad()).isSameAs(fresh);
    assertThat(bits(w.grad())).containsExactly(bits(Tensor.zeros(4).add(Tensor.of(g))));
    assertThat(Float.floatToRawIntBits(w.grad().toArray()[0])).isEqualTo(Float.floatToRawIntBits(0f));
  }

  @Test
  void aGradientAssignedBySetGradIsNeverReused() {
    Tensor w = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad_();
    Tensor mine = Tensor.of(new float[] {9, 9, 9, 9, 9, 9}, 2, 3);
    w.setGrad(mine);
    w.setGrad(null);
    Affine.linear(Tensor.ones(1, 3), w, null).sum().backward();
    assertThat(mine.toArray()).containsOnly(9f);
    assertThat(w.grad().toArray()).containsExactly(1f, 1f, 1f, 1f, 1f, 1f);
  }

  @Test
  void zeroingInPlaceKeepsTheHandedOutTensorAndAddsIntoIt() {
    Rng rng = new Rng(5);
    Linear layer = new Linear(6, 4, rng);
    Tensor w = layer.weight();
    layer.forward(gaussian(rng, 3, 6)).sum().backward();
    Tensor held = w.grad();
    SGD opt = new SGD(layer.parameters(), SGD.options().withLr(0.1));
    opt.zeroGrad(false);
    assertThat(held.toArray()).containsOnly(0f);
    Tensor loss = layer.forward(gaussian(rng, 3, 6)).pow(2f).sum();
    List<int[]> expected = reference(loss, List.of(w));
    loss.backward();
    assertThat(w.grad()).isSameAs(held);
    assertThat(bits(held)).isEqualTo(expected.get(0));
  }

  @Test
  void twoBackwardCallsWithoutZeroGradAddTheGradients() {
    Rng rng = new Rng(11);
    Linear layer = new Linear(40, 30, rng);
    List<Tensor> params = layer.parameters();
    Tensor loss1 = layer.forward(gaussian(rng, 8, 40)).pow(2f).sum();
    Tensor loss2 = layer.forward(gaussian(rng, 8, 40)).relu().sum();
    List<Tensor> g1 = Autograd.grad(loss1, params, null, true, false, false);
    List<Tensor> g2 = Autograd.grad(loss2, params, null, true, false, false);
    loss1.backward();
    loss2.backward();
    for (int p = 0; p < params.size(); p++) {
      assertThat(bits(params.get(p).grad())).isEqualTo(bits(g1.get(p).add(g2.get(p))));
    }
    // A third pass after zeroing in place: 0 + g, as the plain path's grad.add_(g) gives.
    for (Tensor p : params) {
      p.zeroGrad(false);
    }
    Tensor loss3 = layer.forward(gaussian(rng, 8, 40).neg()).pow(2f).sum();
    List<Tensor> g3 = Autograd.grad(loss3, params, null, true, false, false);
    loss3.backward();
    for (int p = 0; p < params.size(); p++) {
      assertThat(bits(params.get(p).grad())).isEqualTo(bits(Tensor.zerosLike(params.get(p)).add(g3.get(p))));
    }
  }

  @Test
  void aParameterUsedTwiceGetsTheSumOfItsGradients() {
    Rng rng = new Rng(13);
    Tensor w = gaussian(rng, 16, 16).requiresGrad_();
    Tensor b = gaussian(rng, 16).requiresGrad_();
    for (int step = 0; step < 3; step++) {
      Tensor x = gaussian(rng, 4, 16);
      Tensor loss = Affine.linear(Affine.linear(x, w, b).relu(), w, b).pow(2f).sum();
      List<int[]> expected = reference(loss, List.of(w, b));
      w.setGrad(null);
      b.setGrad(null);
      loss.backward();
      assertThat(bits(w.grad())).isEqualTo(expected.get(0));
      assertThat(bits(b.grad())).isEqualTo(expected.get(1));
    }
  }

  @Test
  void aLayerSharedInTwoPlacesGetsTheSumOfItsGradients() {
    Rng rng = new Rng(17);
    Linear shared = new Linear(12, 12, rng);
    Module net = new Sequential(shared, new ReLU(), new Linear(12, 12, rng), new ReLU(), shared);
    List<Tensor> params = net.parameters();
    SGD opt = new SGD(params, SGD.options().withLr(0.01));
    for (int step = 0; step < 3; step++) {
      Tensor loss = net.forward(gaussian(rng, 5, 12)).pow(2f).mean();
      List<int[]> expected = reference(loss, params);
      opt.zeroGrad();
      loss.backward();
      for (int p = 0; p < params.size(); p++) {
        assertThat(bits(params.get(p).grad())).isEqualTo(expected.get(p));
      }
      opt.step();
    }
  }

  @Test
  void nonDenseOutputGradientsAndInputsFallBackWithTheSameBits() {
    Rng rng = new Rng(19);
    Tensor w = gaussian(rng, 7, 9).requiresGrad_();
    Tensor b = gaussian(rng, 7).requiresGrad_();
    // y.sum() sends back an expanded (stride-0) gradient; a transposed input is not dense.
    Tensor x = gaussian(rng, 9, 6).t();
    Tensor loss = Affine.linear(x, w, b).sum();
    List<int[]> expected = reference(loss, List.of(w, b));
    loss.backward();
    assertThat(bits(w.grad())).isEqualTo(expected.get(0));
    assertThat(bits(b.grad())).isEqualTo(expected.get(1));
    // A 3-D input and a dense output gradient take the direct path.
    Tensor x3 = gaussian(rng, 2, 3, 9);
    Tensor loss3 = Affine.linear(x3, w, b).pow(2f).sum();
    List<int[]> expected3 = reference(loss3, List.of(w, b));
    w.setGrad(null);
    b.setGrad(null);
    loss3.backward();
    assertThat(bits(w.grad())).isEqualTo(expected3.get(0));
    assertThat(bits(b.grad())).isEqualTo(expected3.get(1));
  }

  @Test
  void createGraphKeepsRecordedGradientsAndSecondDerivatives() {
    // f(W) = Σ_rk (x_r·W_k)², so df/dW_kj = 2 Σ_r (x_r·W_k) x_rj, the same bits as the plain pass;
    // through the recorded gradient, d/dW_il Σ_kj df/dW_kj = 2 Σ_r x_rl Σ_j x_rj.
    Rng rng = new Rng(23);
    Tensor w = gaussian(rng, 3, 4).requiresGrad_();
    Tensor x = gaussian(rng, 5, 4);
    Tensor f = Affine.linear(x, w, null).pow(2f).sum();
    f.backward(null, true);
    Tensor plainGrad = w.grad();
    w.setGrad(null);
    Autograd.backward(f, null, true, true);
    Tensor g = w.grad();
    assertThat(g.requiresGrad()).isTrue();
    assertThat(bits(g)).isEqualTo(bits(plainGrad));
    List<Tensor> h = Autograd.grad(g.sum(), List.of(w));
    float[] xv = x.toArray();
    float[] expected = new float[12];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        double s = 0;
        for (int r = 0; r < 5; r++) {
          double rowSum = 0;
          for (int l = 0; l < 4; l++) {
            rowSum += xv[r * 4 + l];
          }
          s += 2 * xv[r * 4 + j] * rowSum;
        }
        expected[i * 4 + j] = (float) s;
      }
    }
    float[] got = h.get(0).toArray();
    for (int i = 0; i < 12; i++) {
      assertThat(got[i]).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-4f));
    }
  }

  @Test
  void retainedNonLeafGradientsAreKept() {
    Rng rng = new Rng(29);
    Linear layer = new Linear(5, 3, rng);
    for (int step = 0; step < 2; step++) {
      Tensor y = layer.forward(gaussian(rng, 2, 5)).retainGrad();
      Tensor loss = y.pow(2f).sum();
      layer.zeroGrad();
      loss.backward();
      float[] yv = y.detach().toArray();
      float[] gv = y.grad().toArray();
      for (int i = 0; i < yv.length; i++) {
        assertThat(gv[i]).isCloseTo(2 * yv[i], org.assertj.core.api.Assertions.within(1e-6f));
      }
      assertThat(layer.weight().grad()).isNotNull();
    }
  }

  @Test
  void autogradGradLeavesGradFieldsAlone() {
    Rng rng = new Rng(31);
    Linear layer = new Linear(4, 4, rng);
    layer.forward(gaussian(rng, 2, 4)).sum().backward();
    Tensor w = layer.weight();
    Tensor before = w.grad();
    layer.zeroGrad();
    Tensor loss = layer.forward(gaussian(rng, 2, 4)).pow(2f).sum();
    List<Tensor> g = Autograd.grad(loss, List.of(w));
    assertThat(w.grad()).isNull();
    assertThat(g.get(0)).isNotSameAs(before);
  }

  @Test
  void clippingAndZeroingInPlaceKeepTheBuffersReused() {
    Rng rng = new Rng(37);
    Linear layer = new Linear(10, 6, rng);
    List<Tensor> params = layer.parameters();
    SGD opt = new SGD(params, SGD.options().withLr(0.1));
    List<Tensor> first = null;
    for (int step = 0; step < 3; step++) {
      opt.zeroGrad(false);
      layer.forward(gaussian(rng, 4, 10)).pow(2f).sum().backward();
      GradClipping.clipGradNorm(params, 0.5);
      List<Tensor> now = new ArrayList<>();
      for (Tensor p : params) {
        now.add(p.grad());
      }
      if (first != null) {
        for (int p = 0; p < params.size(); p++) {
          assertThat(now.get(p)).isSameAs(first.get(p));
        }
      }
      first = now;
      opt.step();
    }
  }

  @Test
  void requiresGradOffAndOnAgainAfterClearingGradientsStillWork() {
    Tensor w = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad_();
    Affine.linear(Tensor.ones(1, 2), w, null).sum().backward();
    w.setGrad(null);
    w.requiresGrad_(false);
    w.requiresGrad_(true);
    Affine.linear(Tensor.of(new float[] {2, 3}, 1, 2), w, null).sum().backward();
    assertThat(w.grad().toArray()).containsExactly(2f, 3f, 2f, 3f);
  }
}
