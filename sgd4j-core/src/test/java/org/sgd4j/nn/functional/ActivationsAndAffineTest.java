package org.sgd4j.nn.functional;

import static org.sgd4j.nn.Reference.assertClose;
import static org.sgd4j.nn.functional.ConvolutionTest.numericGrad;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.sgd4j.autograd.Autograd;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/** First and second derivatives of the activation ops and of the fused affine map against finite differences. */
class ActivationsAndAffineTest {
  private final Rng rng = new Rng(21);
  private final Tensor w = Tensor.randn(rng, 4, 6).mul(0.5f);
  private final Tensor b = Tensor.randn(rng, 4);

  private Map<String, UnaryOperator<Tensor>> functions() {
    return Map.of(
        "gelu", t -> Activations.gelu(t, "none"),
        "gelu-tanh", t -> Activations.gelu(t, "tanh"),
        "logSigmoid", Activations::logSigmoid,
        "erf", Activations::erf,
        "linear-tanh", t -> Affine.linear(t, w, b).tanh(),
        "linear-relu-sq", t -> Activations.relu(Affine.linear(t, w, b)).square(),
        "leaky-sq", t -> Activations.leakyRelu(t, 0.2f).square());
  }

  /** s(x) = Σ f(x)·r: its gradient, and the gradient of ⟨∇s(x), v⟩ (a Hessian-vector product). */
  @Test
  void gradientsAndHessianVectorProductsEqualFiniteDifferences() {
    Tensor x = Tensor.randn(rng, 3, 6);
    Tensor v = Tensor.randn(rng, 3, 6);
    for (Map.Entry<String, UnaryOperator<Tensor>> e : functions().entrySet()) {
      UnaryOperator<Tensor> f = e.getValue();
      Tensor r = Tensor.randn(new Rng(22), f.apply(x).shape());
      UnaryOperator<Tensor> s = t -> f.apply(t).mul(r).sum();
      UnaryOperator<Tensor> gradDotV = t -> {
        try (var scope = GradMode.enableGrad()) {
          Tensor tt = t.detach().requiresGrad_(true);
          return Autograd.grad(s.apply(tt), List.of(tt), null, true, true, false).get(0).mul(v).sum();
        }
      };
      Tensor xg = x.detach().requiresGrad_(true);
      Tensor g = Autograd.grad(s.apply(xg), List.of(xg), null, true, true, false).get(0);
      assertClose(e.getKey() + " gradient", g, numericGrad(s, x, 1e-2f), 2e-3, 1e-2);
      Tensor hv = Autograd.grad(g.mul(v).sum(), List.of(xg), null, false, false, true).get(0);
      Tensor expected = numericGrad(gradDotV, x, 1e-2f);
      assertClose(e.getKey() + " Hessian-vector product", hv == null ? Tensor.zerosLike(x) : hv, expected, 5e-3, 2e-2);
    }
  }

  @Test
  void affineGradientsWithRespectToWeightAndBias() {
    Tensor x = Tensor.randn(rng, 2, 3, 6);
    Tensor r = Tensor.randn(rng, 2, 3, 4);
    Tensor wg = w.detach().requiresGrad_(true);
    Tensor bg = b.detach().requiresGrad_(true);
    Affine.linear(x, wg, bg).mul(r).sum().backward();
    assertClose("dW", wg.grad(), numericGrad(t -> Affine.linear(x, t, b).mul(r).sum(), w, 0.5f), 2e-3, 2e-3);
    assertClose("db", bg.grad(), numericGrad(t -> Affine.linear(x, w, t).mul(r).sum(), b, 0.5f), 2e-3, 2e-3);
    assertClose("forward", Affine.linear(x, w, b), x.matmul(w.t()).add(b), 1e-6, 1e-5);
  }

  /** relu's inputs, incoming gradients and, from torch 1.13, the gradients it passes on (zeros +0). */
  private static final float[] RELU_XS = {-1f, 0f, 2f, Float.NaN, -3f, 4f};
  private static final float[] RELU_GS = {-5f, -6f, 7f, 8f, Float.POSITIVE_INFINITY, Float.NaN};
  private static final float[] RELU_WANT = {0f, 0f, 7f, 8f, 0f, Float.NaN};

  /**
   * relu's backward is PyTorch's {@code threshold_backward}: where(out <= 0, 0, g), so +0 (not g·0,
   * which is −0, NaN or ±inf·0) where the output is zero, and g where it is NaN. Values from torch 1.13:
   * x = [-1, 0, 2, nan, -3, 4], g = [-5, -6, 7, 8, inf, nan] gives [0, 0, 7, 8, 0, nan], zeros +0.
   * Long enough (600) for the loop's vectorised body, at several offsets.
   */
  @Test
  void reluBackwardIsThresholdBackward() {
    float[] xs = RELU_XS;
    float[] gs = RELU_GS;
    float[] want = RELU_WANT;
    int n = 600;
    float[] x = new float[n];
    float[] g = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = xs[i % 6];
      g[i] = gs[i % 6];
    }
    Tensor xt = Tensor.of(x, n).requiresGrad_(true);
    Activations.relu(xt).backward(Tensor.of(g, n));
    float[] got = xt.grad().toArray();
    for (int i = 0; i < n; i++) {
      org.assertj.core.api.Assertions.assertThat(Float.floatToRawIntBits(got[i])).as("element %d", i)
          .isEqualTo(Float.floatToRawIntBits(want[i % 6]));
    }
  }

  /**
   * relu and its backward read operands that start at an offset of their storage (here views from
   * {@code narrow}) as well as those at index 0: the same values as {@link #reluBackwardIsThresholdBackward}.
   */
  @Test
  void reluAndItsBackwardOnViewsAtAnOffset() {
    float[] xs = RELU_XS;
    float[] gs = RELU_GS;
    float[] want = RELU_WANT;
    int n = 600;
    float[] x = new float[n + 5];
    float[] g = new float[n + 3];
    for (int i = 0; i < n; i++) {
      x[i + 5] = xs[i % 6];
      g[i + 3] = gs[i % 6];
    }
    Tensor base = Tensor.of(x, n + 5).requiresGrad_(true);
    Tensor y = Activations.relu(base.narrow(0, 5, n));
    y.backward(Tensor.of(g, n + 3).narrow(0, 3, n));
    float[] out = y.toArray();
    float[] got = base.grad().toArray();
    for (int i = 0; i < n; i++) {
      org.assertj.core.api.Assertions.assertThat(Float.floatToRawIntBits(out[i])).as("relu, element %d", i)
          .isEqualTo(Float.floatToRawIntBits(Math.max(xs[i % 6], 0f)));
      org.assertj.core.api.Assertions.assertThat(Float.floatToRawIntBits(got[i + 5])).as("gradient, element %d", i)
          .isEqualTo(Float.floatToRawIntBits(want[i % 6]));
    }
    for (int i = 0; i < 5; i++) {
      org.assertj.core.api.Assertions.assertThat(got[i]).as("outside the view, element %d", i).isEqualTo(0f);
    }
  }

  /**
   * Empty products, as torch.nn.functional.linear gives them: with in = 0 every row is the bias (zeros
   * without one); with no rows the output has none. Output buffers may come recycled, so these values
   * must be written, not assumed.
   */
  @Test
  void linearOfEmptyShapes() {
    Tensor bias = Tensor.of(new float[] {1f, -2f, 3f, 0.5f}, 4);
    for (int rep = 0; rep < 3; rep++) {
      Tensor rows = Affine.linear(Tensor.zeros(300, 0), Tensor.zeros(4, 0), bias);
      float[] v = rows.toArray();
      org.assertj.core.api.Assertions.assertThat(rows.shape()).containsExactly(300, 4);
      for (int i = 0; i < v.length; i++) {
        org.assertj.core.api.Assertions.assertThat(v[i]).isEqualTo(bias.get(i % 4));
      }
      // Garbage in a recycled buffer of the same length must not show through.
      Tensor.empty(300, 4).data()[0] = Float.NaN;
      org.assertj.core.api.Assertions.assertThat(Affine.linear(Tensor.zeros(300, 0), Tensor.zeros(4, 0), null).toArray())
          .containsOnly(0f);
      org.assertj.core.api.Assertions.assertThat(Affine.linear(Tensor.zeros(0, 5), Tensor.zeros(4, 5), bias).shape())
          .containsExactly(0, 4);
    }
  }
}
