package org.sgd4j.tensor;


/**
 * The elementwise ops as differentiable functions, what {@link Tensor}'s {@code add}, {@code exp},
 * {@code relu}, ... call: each computes its value (by {@link ElementwiseLoops}, or the strided walk for
 * a function without loops of its own) and records its local derivative beside it with
 * {@link Graph#record}, as a {@code torch.autograd.Function} pairs forward and backward. Broadcasting
 * as NumPy; gradients are returned in the broadcast output shape and the engine sums them back to each
 * input's shape. The values are {@link ElementwiseLoops}'; this class adds only autograd.
 */
final class ElementwiseFunctions {
  private ElementwiseFunctions() {}

  /** {@code a op b} broadcast, by the op's own loops ({@link ElementwiseLoops}). */
  private static Tensor binary(ElementwiseLoops.Op op, Tensor a, Tensor b) {
    int[] shape = Shape.broadcast(op.opName, a.shape, b.shape);
    return Tensor.wrap(ElementwiseLoops.zip(op, shape, a, b), shape);
  }

  /** {@code f(a, b)} broadcast, for a function without loops of its own: the strided walk. */
  private static Tensor binary(String name, Tensor a, Tensor b, Strided.Binary f) {
    int[] shape = Shape.broadcast(name, a.shape, b.shape);
    return Tensor.wrap(Strided.zip(shape, a, b, f), shape);
  }

  /** {@code fn(a)}, by the function's own loop ({@link ElementwiseLoops}). */
  private static Tensor unary(Tensor a, ElementwiseLoops.Fn fn) {
    return Tensor.wrap(ElementwiseLoops.map(fn, a), a.shape.clone());
  }

  /** {@code f(a)} for a function without a loop of its own: the strided walk. */
  private static Tensor unary(Tensor a, Strided.Unary f) {
    return Tensor.wrap(Strided.map(a, f), a.shape.clone());
  }

  /** {@code a op v}, by the op's own loop. */
  private static Tensor scalar(Tensor a, ElementwiseLoops.Op op, float v) {
    return Tensor.wrap(ElementwiseLoops.mapScalar(op, a, v), a.shape.clone());
  }

  static Tensor add(Tensor a, Tensor b) {
    Tensor out = binary(ElementwiseLoops.Op.ADD, a, b);
    return Graph.record(out, "AddBackward", Graph.of(a, b), g -> new Tensor[] {g, g});
  }

  static Tensor sub(Tensor a, Tensor b) {
    Tensor out = binary(ElementwiseLoops.Op.SUB, a, b);
    return Graph.record(out, "SubBackward", Graph.of(a, b), g -> new Tensor[] {g, b.requiresGrad() ? g.neg() : null});
  }

  static Tensor mul(Tensor a, Tensor b) {
    Tensor out = binary(ElementwiseLoops.Op.MUL, a, b);
    return Graph.record(out, "MulBackward", Graph.of(a, b), Graph.of(a, b),
        g -> new Tensor[] {a.requiresGrad() ? g.mul(b) : null, b.requiresGrad() ? g.mul(a) : null});
  }

  static Tensor div(Tensor a, Tensor b) {
    Tensor out = binary(ElementwiseLoops.Op.DIV, a, b);
    return Graph.record(out, "DivBackward", Graph.of(a, b), Graph.of(a, b),
        g -> new Tensor[] {
            a.requiresGrad() ? g.div(b) : null,
            b.requiresGrad() ? g.mul(a).div(b.square()).neg() : null});
  }

  static Tensor addScalar(Tensor a, float v) {
    return Graph.record(scalar(a, ElementwiseLoops.Op.ADD, v), "AddBackward", Graph.of(a), g -> new Tensor[] {g});
  }

  static Tensor mulScalar(Tensor a, float v) {
    return Graph.record(scalar(a, ElementwiseLoops.Op.MUL, v), "MulBackward", Graph.of(a),
        g -> new Tensor[] {g.mul(v)});
  }

  static Tensor divScalar(Tensor a, float v) {
    return Graph.record(scalar(a, ElementwiseLoops.Op.DIV, v), "DivBackward", Graph.of(a),
        g -> new Tensor[] {g.div(v)});
  }

  static Tensor powScalar(Tensor a, float p) {
    Tensor out = unary(a, x -> (float) Math.pow(x, p));
    return Graph.record(out, "PowBackward", Graph.of(a), Graph.of(a),
        g -> new Tensor[] {p == 0 ? Tensor.zerosLike(g) : g.mul(a.pow(p - 1).mul(p))});
  }

  static Tensor pow(Tensor a, Tensor b) {
    Tensor out = binary("pow", a, b, (x, y) -> (float) Math.pow(x, y));
    return Graph.record(out, "PowBackward", Graph.of(a, b), Graph.of(a, b, out), g -> new Tensor[] {
        a.requiresGrad() ? g.mul(b).mul(a.pow(b.sub(1f))) : null,
        // d/db a^b = a^b log a; PyTorch masks a == 0 (where b >= 0) to 0.
        b.requiresGrad() ? g.mul(Tensor.where(a.eq(0f), Tensor.scalar(0f), out.mul(a.log()))) : null});
  }

  static Tensor abs(Tensor a) {
    return Graph.record(unary(a, ElementwiseLoops.Fn.ABS), "AbsBackward", Graph.of(a), Graph.of(a),
        g -> new Tensor[] {g.mul(a.sign())});
  }

  static Tensor sign(Tensor a) {
    return Graph.record(unary(a, ElementwiseLoops.Fn.SIGN), "SignBackward", Graph.of(a),
        g -> new Tensor[] {Tensor.zerosLike(g)});
  }

  static Tensor exp(Tensor a) {
    Tensor out = unary(a, ElementwiseLoops.Fn.EXP);
    return Graph.record(out, "ExpBackward", Graph.of(a), Graph.of(out), g -> new Tensor[] {g.mul(out)});
  }

  static Tensor log(Tensor a) {
    return Graph.record(unary(a, ElementwiseLoops.Fn.LOG), "LogBackward", Graph.of(a), Graph.of(a),
        g -> new Tensor[] {g.div(a)});
  }

  static Tensor log1p(Tensor a) {
    return Graph.record(unary(a, ElementwiseLoops.Fn.LOG1P), "Log1PBackward", Graph.of(a), Graph.of(a),
        g -> new Tensor[] {g.div(a.add(1f))});
  }

  static Tensor sqrt(Tensor a) {
    Tensor out = unary(a, ElementwiseLoops.Fn.SQRT);
    return Graph.record(out, "SqrtBackward", Graph.of(a), Graph.of(out), g -> new Tensor[] {g.div(out.mul(2f))});
  }

  static Tensor rsqrt(Tensor a) {
    Tensor out = unary(a, ElementwiseLoops.Fn.RSQRT);
    // d/dx x^(-1/2) = -1/2 x^(-3/2) = -1/2 out^3
    return Graph.record(out, "RsqrtBackward", Graph.of(a), Graph.of(out),
        g -> new Tensor[] {g.mul(out.pow(3f)).mul(-0.5f)});
  }

  static Tensor sin(Tensor a) {
    return Graph.record(unary(a, ElementwiseLoops.Fn.SIN), "SinBackward", Graph.of(a), Graph.of(a),
        g -> new Tensor[] {g.mul(a.cos())});
  }

  static Tensor cos(Tensor a) {
    return Graph.record(unary(a, ElementwiseLoops.Fn.COS), "CosBackward", Graph.of(a), Graph.of(a),
        g -> new Tensor[] {g.mul(a.sin()).neg()});
  }

  static Tensor tanh(Tensor a) {
    Tensor out = unary(a, ElementwiseLoops.Fn.TANH);
    return Graph.record(out, "TanhBackward", Graph.of(a), Graph.of(out),
        g -> new Tensor[] {g.mul(out.square().rsub(1f))});
  }

  static Tensor sigmoid(Tensor a) {
    // In float, as PyTorch's CPU kernel: exp(-x) overflows to inf for x < -88.7, giving exactly 0.
    Tensor out = unary(a, ElementwiseLoops.Fn.SIGMOID);
    return Graph.record(out, "SigmoidBackward", Graph.of(a), Graph.of(out),
        g -> new Tensor[] {g.mul(out.mul(out.rsub(1f)))});
  }

  /**
   * silu(x) = x σ(x) (Elfwing et al. 2018; Ramachandran et al. 2017's swish), in float as PyTorch's CPU
   * kernel. Its derivative, as PyTorch's {@code silu_backward}: σ(x) (1 + x (1 − σ(x))).
   */
  static Tensor silu(Tensor a) {
    Tensor out = unary(a, ElementwiseLoops.Fn.SILU);
    return Graph.record(out, "SiluBackward", Graph.of(a), Graph.of(a), g -> {
      Tensor s = a.sigmoid();
      return new Tensor[] {g.mul(s.mul(a.mul(s.rsub(1f)).add(1f)))};
    });
  }

  static Tensor relu(Tensor a) {
    Tensor out = unary(a, ElementwiseLoops.Fn.RELU);
    // PyTorch's threshold_backward(g, out, 0) = where(out <= 0, 0, g): g where the output is positive or
    // NaN, +0 where it is zero, even for an infinite or NaN g (a product with the mask would give NaN).
    Tensor zero = Tensor.scalar(0f);
    return Graph.record(out, "ReluBackward", Graph.of(a), Graph.of(out),
        g -> new Tensor[] {Tensor.where(out.ne(zero), g, zero)});
  }

  static Tensor clamp(Tensor a, float min, float max) {
    if (min > max) {
      throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
    }
    Tensor out = unary(a, x -> x < min ? min : (x > max ? max : x));
    return Graph.record(out, "ClampBackward", Graph.of(a), Graph.of(a),
        g -> new Tensor[] {g.mul(a.ge(min).mul(a.le(max)))});
  }

  static Tensor maximum(Tensor a, Tensor b) {
    Tensor out = binary("maximum", a, b, (x, y) -> x != x || y != y ? Float.NaN : Math.max(x, y));
    return Graph.record(out, "MaximumBackward", Graph.of(a, b), Graph.of(a, b), g -> extremumGrads(g, a, b, a.gt(b)));
  }

  static Tensor minimum(Tensor a, Tensor b) {
    Tensor out = binary("minimum", a, b, (x, y) -> x != x || y != y ? Float.NaN : Math.min(x, y));
    return Graph.record(out, "MinimumBackward", Graph.of(a, b), Graph.of(a, b), g -> extremumGrads(g, a, b, a.lt(b)));
  }

  /** Gradient to the winner; ties split in half, as PyTorch's maximum/minimum do. */
  private static Tensor[] extremumGrads(Tensor g, Tensor a, Tensor b, Tensor aWins) {
    Tensor tie = a.eq(b).mul(0.5f);
    Tensor wa = aWins.add(tie);
    Tensor wb = aWins.rsub(1f).sub(tie);
    return new Tensor[] {g.mul(wa), g.mul(wb)};
  }

  /** {@code a cmp b ? 1 : 0}, broadcast; not differentiable. */
  static Tensor compare(ElementwiseLoops.Cmp cmp, Tensor a, Tensor b) {
    int[] shape = Shape.broadcast(cmp.cmpName, a.shape, b.shape);
    return Tensor.wrap(ElementwiseLoops.compare(cmp, shape, a, b), shape);
  }

  static Tensor where(Tensor cond, Tensor x, Tensor y) {
    int[] shape = Shape.broadcast("where", Shape.broadcast("where", cond.shape, x.shape), y.shape);
    Tensor out = Tensor.wrap(ElementwiseLoops.where(shape, cond, x, y), shape);
    return Graph.record(out, "WhereBackward", Graph.of(x, y), Graph.of(cond), g -> new Tensor[] {
        x.requiresGrad() ? Tensor.where(cond, g, Tensor.scalar(0f)) : null,
        y.requiresGrad() ? Tensor.where(cond, Tensor.scalar(0f), g) : null});
  }
}
