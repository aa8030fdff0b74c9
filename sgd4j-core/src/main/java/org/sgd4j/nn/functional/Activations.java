package org.sgd4j.nn.functional;

import org.sgd4j.tensor.Graph;
import org.sgd4j.tensor.kernel.ElementSplit;
import org.sgd4j.tensor.kernel.VectorizationProvider;
import org.sgd4j.tensor.Tensor;

/**
 * Elementwise activation functions as {@code torch.nn.functional} defines them, with plain loops on
 * the raw arrays (no per-element lambdas) and their derivatives beside them:
 * <ul>
 *   <li>relu(x) = max(x, 0), derivative 1[x > 0] (0 at 0, as PyTorch);
 *   <li>leaky_relu(x) = x for x > 0, slope·x otherwise;
 *   <li>gelu(x) = x Φ(x) = ½ x (1 + erf(x/√2)) (Hendrycks and Gimpel, 2016), or with
 *       {@code approximate="tanh"}: ½ x (1 + tanh(√(2/π)(x + 0.044715 x³))).
 * </ul>
 */
public final class Activations {
  private Activations() {}

  /** max(x, 0). */
  public static Tensor relu(Tensor x) {
    // Arrays from index 0 (Tensor.dataFromZero): with an offset in the index C2 leaves these loops scalar,
    // about five times slower for relu (bench/results/2026-12-05-activation-loops.md).
    float[] in = x.detach().contiguous().dataFromZero();
    Tensor out = Tensor.empty(x.shape());
    float[] v = out.data();
    ElementSplit.run(out.numel(), (from, to) -> {
      for (int i = from; i < to; i++) {
        // max(a, 0) is a for a > 0, NaN for NaN and +0 for ±0 and negatives: PyTorch's relu, branch-free.
        v[i] = Math.max(in[i], 0f);
      }
    });
    return Graph.record(out, "ReluBackward", Graph.of(x), Graph.of(out), g -> new Tensor[] {reluMask(g, out)});
  }

  /**
   * The backward of relu, PyTorch's {@code threshold_backward(g, out, 0)} = {@code where(out <= 0, 0, g)}:
   * {@code g} where the output is positive or NaN, +0 where it is zero (whatever g is there, even
   * negative, infinite or NaN).
   */
  private static Tensor reluMask(Tensor g, Tensor out) {
    float[] gv = g.detach().contiguous().dataFromZero();
    float[] r = out.detach().contiguous().dataFromZero();
    Tensor result = Tensor.empty(g.shape());
    float[] masked = result.data();
    // r = max(x, 0) is +0, positive or NaN: the provider's mask, SIMD where there is one.
    VectorizationProvider simd = VectorizationProvider.get();
    ElementSplit.run(result.numel(), (from, to) -> simd.reluMask(gv, r, masked, from, to));
    // Linear in g with a fixed mask: its own backward is the same mask.
    return Graph.record(result, "ThresholdBackwardBackward", Graph.of(g),
        gg -> new Tensor[] {reluMask(gg, out)});
  }

  /** {@code g} where {@code ref > 0}, else {@code slope * g}: the backward of leaky relu (ref its input). */
  private static Tensor mask(Tensor g, Tensor ref, float slope) {
    float[] gv = g.detach().contiguous().dataFromZero();
    float[] r = ref.detach().contiguous().dataFromZero();
    float[] out = new float[g.numel()];
    ElementSplit.run(out.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        // Both candidates first, then a select of their bits: a conditional move, where a float select
        // would be a branch.
        float gi = gv[i];
        int keep = Float.floatToRawIntBits(gi);
        int scaled = Float.floatToRawIntBits(gi * slope);
        out[i] = Float.intBitsToFloat(r[i] > 0f ? keep : scaled);
      }
    });
    Tensor masked = Tensor.wrap(out, g.shape());
    // Linear in g with a fixed mask: its own backward is the same mask.
    return Graph.record(masked, "ThresholdBackwardBackward", Graph.of(g), gg -> new Tensor[] {mask(gg, ref, slope)});
  }

  /** x for x > 0, {@code negativeSlope * x} otherwise. */
  public static Tensor leakyRelu(Tensor x, float negativeSlope) {
    Tensor xd = x.detach().contiguous();
    float[] v = xd.toArray();
    ElementSplit.run(v.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        if (!(v[i] > 0f)) {
          v[i] *= negativeSlope;
        }
      }
    });
    Tensor out = Tensor.wrap(v, x.shape());
    return Graph.record(out, "LeakyReluBackward", Graph.of(x), Graph.of(xd), g -> new Tensor[] {mask(g, xd, negativeSlope)});
  }

  /** The Gauss error function, elementwise; its derivative is 2/√π · e^(−x²). */
  public static Tensor erf(Tensor x) {
    float[] v = x.detach().contiguous().toArray();
    ElementSplit.run(v.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        v[i] = (float) erf((double) v[i]);
      }
    });
    Tensor out = Tensor.wrap(v, x.shape());
    return Graph.record(out, "ErfBackward", Graph.of(x), Graph.of(x),
        g -> new Tensor[] {g.mul(x.square().neg().exp().mul((float) (2 / Math.sqrt(Math.PI))))});
  }

  /** GELU; {@code approximate} is "none" (exact, erf) or "tanh". */
  public static Tensor gelu(Tensor x, String approximate) {
    switch (approximate) {
      case "none":
        return x.mul(erf(x.mul((float) (1 / Math.sqrt(2)))).add(1f)).mul(0.5f);
      case "tanh":
        Tensor inner = x.add(x.pow(3f).mul(0.044715f)).mul((float) Math.sqrt(2 / Math.PI));
        return x.mul(inner.tanh().add(1f)).mul(0.5f);
      default:
        throw new IllegalArgumentException("gelu: approximate must be 'none' or 'tanh', got '" + approximate + "'");
    }
  }

  /**
   * log σ(x) = −softplus(−x), computed stably as min(x, 0) − log(1 + e^(−|x|)); its derivative is
   * σ(−x) = 1 − σ(x), exact at 0 too.
   */
  public static Tensor logSigmoid(Tensor x) {
    float[] v = x.detach().contiguous().toArray();
    ElementSplit.run(v.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        double a = v[i];
        v[i] = (float) (Math.min(a, 0) - Math.log1p(Math.exp(-Math.abs(a))));
      }
    });
    Tensor out = Tensor.wrap(v, x.shape());
    return Graph.record(out, "LogSigmoidBackward", Graph.of(x), Graph.of(x), g -> new Tensor[] {g.mul(x.neg().sigmoid())});
  }

  /**
   * erf to double precision: Abramowitz–Stegun 7.1.26 is too coarse, so this uses the complementary
   * error function's Chebyshev fit from Numerical Recipes (erfc, fractional error below 1.2e-7),
   * ample for float32.
   */
  static double erf(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    double erf = 1.0 - ans;
    return x >= 0 ? erf : -erf;
  }
}
