package org.sgd4j.autograd;

/**
 * A dual number {@code a + b·ε} with {@code ε² = 0}: forward-mode automatic differentiation. Seeding
 * an input with derivative 1 ({@link #variable}) carries {@code ∂/∂x} of every expression built from it,
 * by the rules of the notes' table:
 *
 * <pre>
 *   (a + bε) ± (c + dε) = (a ± c) + (b ± d)ε
 *   (a + bε)(c + dε)    = ac + (ad + bc)ε
 *   (a + bε)/(c + dε)   = a/c + (bc − ad)/c² ε
 *   f(a + bε)           = f(a) + f'(a)·b ε      for sin, cos, exp, log, pow, abs
 * </pre>
 *
 * Double precision; immutable. Example (the notes'): {@code y = ln(x1) + x1·x2 − sin(x2)} at (2, 5)
 * with {@code x1} seeded gives {@code y = 11.652}, {@code ∂y/∂x1 = 1/x1 + x2 = 5.5}.
 *
 * @param value the primal value {@code a}
 * @param derivative the tangent {@code b}
 */
public record Dual(double value, double derivative) {

  /** An input with respect to which we differentiate: derivative 1. */
  public static Dual variable(double value) {
    return new Dual(value, 1);
  }

  /** A constant: derivative 0. */
  public static Dual constant(double value) {
    return new Dual(value, 0);
  }

  public Dual add(Dual o) {
    return new Dual(value + o.value, derivative + o.derivative);
  }

  public Dual sub(Dual o) {
    return new Dual(value - o.value, derivative - o.derivative);
  }

  public Dual mul(Dual o) {
    return new Dual(value * o.value, value * o.derivative + derivative * o.value);
  }

  public Dual div(Dual o) {
    return new Dual(value / o.value, (derivative * o.value - value * o.derivative) / (o.value * o.value));
  }

  public Dual neg() {
    return new Dual(-value, -derivative);
  }

  public Dual sin() {
    return new Dual(Math.sin(value), Math.cos(value) * derivative);
  }

  public Dual cos() {
    return new Dual(Math.cos(value), -Math.sin(value) * derivative);
  }

  public Dual exp() {
    double e = Math.exp(value);
    return new Dual(e, e * derivative);
  }

  /** Natural logarithm: derivative {@code b / a}. */
  public Dual log() {
    return new Dual(Math.log(value), derivative / value);
  }

  /** {@code this^p} for a constant exponent: derivative {@code p a^(p-1) b}. */
  public Dual pow(double p) {
    return new Dual(Math.pow(value, p), p == 0 ? 0 : p * Math.pow(value, p - 1) * derivative);
  }

  /** {@code this^o} for a dual exponent: {@code d(a^c) = a^c (c' ln a + c a'/a)}. */
  public Dual pow(Dual o) {
    double v = Math.pow(value, o.value);
    double d = (o.derivative == 0 ? 0 : v * Math.log(value) * o.derivative)
        + (derivative == 0 ? 0 : o.value * Math.pow(value, o.value - 1) * derivative);
    return new Dual(v, d);
  }

  /** {@code |a|}: derivative {@code sign(a) b} (0 at 0, as PyTorch's subgradient). */
  public Dual abs() {
    return new Dual(Math.abs(value), Math.signum(value) * derivative);
  }
}
