package org.sgd4j.nn.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgd4j.tensor.TestTensors.bits;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.autograd.Autograd;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * The negative log-likelihood reads only each target's log-probability ({@code ClassTargets.pickNegated}),
 * as PyTorch's {@code nll_loss} gathers it: a log-probability of −∞ at another class leaves the loss
 * finite. Where every log-probability is finite, the loss and its gradient keep the bits of the one-hot
 * formulation it replaced, {@code −Σ_c logp[c]·w[c]·1[c = y]}, which this test rebuilds from tensor ops.
 */
class NllPickTest {
  private static final int IGNORE = 2;

  /**
   * PyTorch 1.13: {@code F.cross_entropy(x, y)} for x = [[0, −∞, 1], [2, 0, −∞]], y = [0, 1], then
   * {@code F.nll_loss(log([[0.5, 0, 0.5], [0.2, 0.8, 0]]), [0, 1])} at each reduction, and
   * {@code F.cross_entropy([[0, 1, 2], [−∞, 0, 1]], [0, −100], label_smoothing=0.1)}.
   */
  @Test
  void infiniteLogProbabilitiesAtOtherClassesLeaveTheLossFinite() {
    float ni = Float.NEGATIVE_INFINITY;
    Tensor x = Tensor.wrap(new float[] {0f, ni, 1f, 2f, 0f, ni}, 2, 3).requiresGrad_();
    Tensor ce = new CrossEntropyLoss().apply(x, new int[] {0, 1});
    ce.backward();
    assertThat(ce.item()).isCloseTo(1.720094919204712f, within(1e-6f));
    assertClose(x.grad().toArray(), new float[] {-0.36552929878234863f, 0f, 0.36552929878234863f,
        0.44039851427078247f, -0.44039854407310486f, 0f}, 1e-6f);

    float[] probs = {0.5f, 0f, 0.5f, 0.2f, 0.8f, 0f};
    float[][] expected = {{0.6931471824645996f, 0.2231435328722f}, {0.9162907004356384f}, {0.4581453502178192f}};
    float[] gradScale = {1f, 1f, 0.5f};
    Reduction[] reductions = {Reduction.NONE, Reduction.SUM, Reduction.MEAN};
    for (int r = 0; r < reductions.length; r++) {
      Tensor logp = Tensor.wrap(probs.clone(), 2, 3).log().requiresGrad_();
      Tensor nll = new NLLLoss().withReduction(reductions[r]).apply(logp, new int[] {0, 1});
      nll.sum().backward();
      assertClose(nll.toArray(), expected[r], 1e-6f);
      float s = gradScale[r];
      assertClose(logp.grad().toArray(), new float[] {-s, 0f, 0f, 0f, -s, 0f}, 0f);
    }

    Tensor xs = Tensor.wrap(new float[] {0f, 1f, 2f, ni, 0f, 1f}, 2, 3).requiresGrad_();
    Tensor smoothed = new CrossEntropyLoss().withLabelSmoothing(0.1f).apply(xs, new int[] {0, -100});
    smoothed.backward();
    assertThat(smoothed.item()).isCloseTo(2.3076059818267822f, within(1e-6f));
    assertClose(xs.grad().toArray(), new float[] {-0.8433027267456055f, 0.21139515936374664f, 0.6319076418876648f,
        0f, 0f, 0f}, 1e-6f);
  }

  @Test
  void finiteInputsKeepTheBitsOfTheOneHotProduct() {
    Rng rng = new Rng(5);
    int[][] shapes = {{7, 5}, {3, 4, 2, 3}, {6}};
    for (int[] shape : shapes) {
      for (boolean weighted : new boolean[] {false, true}) {
        for (Reduction reduction : new Reduction[] {Reduction.NONE, Reduction.SUM, Reduction.MEAN}) {
          String id = java.util.Arrays.toString(shape) + (weighted ? " weighted " : " ") + reduction;
          int classes = shape.length == 1 ? shape[0] : shape[1];
          Tensor logits = Tensor.randn(rng, shape);
          int[] targetShape = ClassTargets.expectedTargetShape("test", logits);
          int[] y = new int[Math.max(1, org.sgd4j.tensor.Shape.numel(targetShape))];
          for (int i = 0; i < y.length; i++) {
            // Every third target ignored, except in the 1-D case (one target).
            y[i] = y.length > 1 && i % 3 == 1 ? IGNORE + 100 : rng.nextInt(classes);
          }
          // A class of weight 0 gives products 0·logp = −0, whose sign the one-hot sum turned into +0.
          Tensor w = weighted ? Tensor.rand(rng, classes).add(0.5f).mul(Tensor.arange(classes).gt(0f)) : null;
          NLLLoss nll = new NLLLoss().withIgnoreIndex(IGNORE + 100).withReduction(reduction);
          CrossEntropyLoss ce = new CrossEntropyLoss().withIgnoreIndex(IGNORE + 100).withReduction(reduction);
          if (w != null) {
            nll = nll.withWeight(w);
            ce = ce.withWeight(w);
          }
          Tensor up = reduction == Reduction.NONE ? Tensor.randn(rng, targetShape) : null;

          Tensor xa = logits.detach().requiresGrad_();
          Tensor actual = ce.apply(xa, y);
          backward(actual, up);
          Tensor xb = logits.detach().requiresGrad_();
          Tensor expected = oneHotNll(xb.logSoftmax(shape.length == 1 ? 0 : 1), y, w, IGNORE + 100, reduction);
          backward(expected, up);
          assertThat(bits(actual)).as(id + " cross-entropy").isEqualTo(bits(expected));
          assertThat(bits(xa.grad())).as(id + " cross-entropy gradient").isEqualTo(bits(xb.grad()));

          Tensor lpa = logits.logSoftmax(shape.length == 1 ? 0 : 1).detach().requiresGrad_();
          Tensor lpb = lpa.detach().requiresGrad_();
          Tensor na = nll.apply(lpa, y);
          Tensor nb = oneHotNll(lpb, y, w, IGNORE + 100, reduction);
          backward(na, up);
          backward(nb, up);
          assertThat(bits(na)).as(id + " nll").isEqualTo(bits(nb));
          assertThat(bits(lpa.grad())).as(id + " nll gradient").isEqualTo(bits(lpb.grad()));
        }
      }
    }
  }

  /** The gradient with respect to the upstream gradient picks the target entries: ∂⟨∇ℓ, v⟩/∂g = −w[y]·v[y]. */
  @Test
  void theBackwardIsDifferentiableInTheUpstreamGradient() {
    Rng rng = new Rng(9);
    Tensor logp = Tensor.randn(rng, 4, 3).logSoftmax(1).detach().requiresGrad_();
    float[] w = {0.5f, 2f, 3f};
    int[] y = {2, 0, IGNORE + 100, 1};
    Tensor g = Tensor.randn(rng, 4).requiresGrad_();
    Tensor v = Tensor.randn(rng, 4, 3);
    NLLLoss nll = new NLLLoss().withWeight(Tensor.of(w)).withIgnoreIndex(IGNORE + 100).withReduction(Reduction.NONE);
    Tensor gradLogp = Autograd.grad(nll.apply(logp, y), List.of(logp), g, true, true, false).get(0);
    Tensor gradG = Autograd.grad(gradLogp.mul(v).sum(), List.of(g), null, false, false, false).get(0);
    float[] vv = v.toArray();
    float[] expected = new float[4];
    for (int i = 0; i < 4; i++) {
      expected[i] = y[i] == IGNORE + 100 ? 0f : -(w[y[i]] * vv[i * 3 + y[i]]);
    }
    assertClose(gradG.toArray(), expected, 0f);
  }

  private static void backward(Tensor loss, Tensor up) {
    if (up == null) {
      loss.backward();
    } else {
      loss.backward(up);
    }
  }

  /** The formulation the pick replaced: −Σ_c logp·onehot(w) over the class dimension, then the reduction. */
  private static Tensor oneHotNll(Tensor logp, int[] y, Tensor weight, int ignore, Reduction reduction) {
    Tensor in = logp.dim() == 1 ? logp.unsqueeze(0) : logp;
    int n = in.size(0);
    int classes = in.size(1);
    int inner = y.length / n;
    float[] w = weight == null ? null : weight.toArray();
    float[] oh = new float[in.numel()];
    double weightSum = 0;
    for (int b = 0; b < n; b++) {
      for (int s = 0; s < inner; s++) {
        int c = y[b * inner + s];
        if (c != ignore) {
          oh[(b * classes + c) * inner + s] = w == null ? 1f : w[c];
          weightSum += w == null ? 1f : w[c];
        }
      }
    }
    Tensor perElement = in.mul(Tensor.wrap(oh, in.shape())).sum(1).neg();
    return switch (reduction) {
      case NONE -> perElement.reshape(ClassTargets.expectedTargetShape("test", logp));
      case SUM -> perElement.sum();
      case MEAN -> perElement.sum().div((float) weightSum);
      default -> throw new AssertionError(reduction);
    };
  }

  private static org.assertj.core.data.Offset<Float> within(float tol) {
    return org.assertj.core.data.Offset.offset(tol);
  }

  private static void assertClose(float[] actual, float[] expected, float tol) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("element " + i).isCloseTo(expected[i], within(tol));
    }
  }
}
