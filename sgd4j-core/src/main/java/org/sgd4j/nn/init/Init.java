package org.sgd4j.nn.init;

import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * Parameter initialisation, as {@code torch.nn.init}: each function overwrites a tensor in place
 * (outside of autograd) and returns it. Every random one takes an explicit {@link Rng}.
 *
 * <ul>
 *   <li>Xavier/Glorot (Glorot and Bengio, AISTATS 2010): std = gain·√(2 / (fan_in + fan_out));
 *       uniform on [−a, a] with a = gain·√(6 / (fan_in + fan_out)).
 *   <li>Kaiming/He (He et al., ICCV 2015): std = gain / √fan; uniform bound = gain·√(3 / fan).
 * </ul>
 *
 * For a weight of shape (out, in, k1, k2, ...), fan_in = in·k1·k2··· and fan_out = out·k1·k2···,
 * as PyTorch's {@code _calculate_fan_in_and_fan_out}.
 */
public final class Init {
  private Init() {}

  /** Fills with uniform values in [a, b). */
  public static Tensor uniform_(Tensor t, double a, double b, Rng rng) {
    if (!(a <= b)) {
      throw new IllegalArgumentException("uniform_: expected a <= b, got a=" + a + ", b=" + b);
    }
    float[] v = new float[t.numel()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (a + (b - a) * rng.nextDouble());
    }
    return write(t, v);
  }

  /** Fills with normal values of the given mean and standard deviation. */
  public static Tensor normal_(Tensor t, double mean, double std, Rng rng) {
    if (std < 0) {
      throw new IllegalArgumentException("normal_: std must be non-negative, got " + std);
    }
    float[] v = new float[t.numel()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (mean + std * rng.nextGaussian());
    }
    return write(t, v);
  }

  /** Fills with {@code value}. */
  public static Tensor constant_(Tensor t, double value) {
    try (GradMode.Scope s = GradMode.noGrad()) {
      return t.fill_((float) value);
    }
  }

  /** Fills with zeros. */
  public static Tensor zeros_(Tensor t) {
    return constant_(t, 0);
  }

  /** Fills with ones. */
  public static Tensor ones_(Tensor t) {
    return constant_(t, 1);
  }

  /** Xavier/Glorot uniform: U(−a, a), a = gain·√(6 / (fan_in + fan_out)). */
  public static Tensor xavierUniform_(Tensor t, double gain, Rng rng) {
    int[] f = fans(t);
    double a = gain * Math.sqrt(6.0 / (f[0] + f[1]));
    return uniform_(t, -a, a, rng);
  }

  /** Xavier/Glorot normal: N(0, std²), std = gain·√(2 / (fan_in + fan_out)). */
  public static Tensor xavierNormal_(Tensor t, double gain, Rng rng) {
    int[] f = fans(t);
    return normal_(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), rng);
  }

  /**
   * Kaiming/He uniform: U(−bound, bound), bound = gain·√(3 / fan), gain = {@link #calculateGain}(nonlinearity, a).
   * PyTorch's default for Linear and Conv weights is {@code a = √5, FAN_IN, LEAKY_RELU}, i.e. bound = 1/√fan_in.
   */
  public static Tensor kaimingUniform_(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Rng rng) {
    double bound = calculateGain(nonlinearity, a) * Math.sqrt(3.0 / fan(t, mode));
    return uniform_(t, -bound, bound, rng);
  }

  /** Kaiming/He normal: N(0, std²), std = gain / √fan. */
  public static Tensor kaimingNormal_(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Rng rng) {
    return normal_(t, 0, calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode)), rng);
  }

  /** The recommended gain of a nonlinearity; {@code param} is the negative slope of leaky ReLU (ignored otherwise). */
  public static double calculateGain(Nonlinearity nonlinearity, double param) {
    return switch (nonlinearity) {
      case LINEAR, CONV1D, CONV2D, SIGMOID -> 1.0;
      case TANH -> 5.0 / 3.0;
      case RELU -> Math.sqrt(2.0);
      case LEAKY_RELU -> Math.sqrt(2.0 / (1 + param * param));
      case SELU -> 3.0 / 4.0;
    };
  }

  /** {@code {fan_in, fan_out}} of a weight of at least two dimensions. */
  public static int[] fans(Tensor t) {
    if (t.dim() < 2) {
      throw new IllegalArgumentException(
          "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape " + Shape.format(t.shape()) + ")");
    }
    int receptive = 1;
    for (int d = 2; d < t.dim(); d++) {
      receptive *= t.size(d);
    }
    return new int[] {t.size(1) * receptive, t.size(0) * receptive};
  }

  private static int fan(Tensor t, FanMode mode) {
    int[] f = fans(t);
    int fan = mode == FanMode.FAN_IN ? f[0] : f[1];
    if (fan == 0) {
      throw new IllegalArgumentException("cannot initialise an empty tensor of shape " + Shape.format(t.shape()));
    }
    return fan;
  }

  private static Tensor write(Tensor t, float[] v) {
    try (GradMode.Scope s = GradMode.noGrad()) {
      return t.copy_(Tensor.wrap(v, t.shape()));
    }
  }
}
