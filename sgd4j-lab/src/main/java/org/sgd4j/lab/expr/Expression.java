package org.sgd4j.lab.expr;

import java.util.Objects;
import org.sgd4j.tensor.Tensor;

/**
 * An objective f(x1, x2) given as a string, e.g. {@code 0.1*x1^2 + 2*x2^2}: numbers, the variables
 * {@code x1} and {@code x2}, the operators {@code + - * / ^} (usual precedence, {@code ^}
 * right-associative and above unary minus, so {@code -x1^2} is {@code -(x1^2)}), parentheses and
 * the functions {@code sin cos exp log sqrt abs tanh}.
 *
 * <p>{@link #tensor} builds the Tensor graph of the expression, so gradients come from autograd;
 * {@link #value} evaluates it in double precision (for contour grids). A string that does not parse
 * raises {@link ExpressionSyntaxException} naming the position.
 */
public final class Expression {
  private final String source;
  private final Node root;

  private Expression(String source, Node root) {
    this.source = source;
    this.root = root;
  }

  /** Parses {@code source}. */
  public static Expression parse(String source) {
    Objects.requireNonNull(source, "expression");
    return new Expression(source, new Parser(source).parseAll());
  }

  /** The expression as given. */
  public String source() {
    return source;
  }

  /** f(x1, x2) in double precision. */
  public double value(double x1, double x2) {
    return root.value(x1, x2);
  }

  /**
   * f as a Tensor graph of {@code x1} and {@code x2} (any broadcast-compatible shapes; differentiable
   * wherever the operations are). A constant expression is broadcast to the shape of {@code x1 + x2}.
   */
  public Tensor tensor(Tensor x1, Tensor x2) {
    Tensor t = root.tensor(x1, x2);
    int[] shape = org.sgd4j.tensor.Shape.broadcast("expression", x1.shape(), x2.shape());
    return java.util.Arrays.equals(t.shape(), shape) ? t : t.add(Tensor.zeros(shape));
  }

  /** f at the 2-element vector {@code x} (its elements are x1, x2): a 0-dim tensor, differentiable in x. */
  public Tensor atVector(Tensor x) {
    if (x.dim() != 1 || x.size(0) != 2) {
      throw new IllegalArgumentException("an objective in x1, x2 needs a vector of 2 elements, got shape "
          + org.sgd4j.tensor.Shape.format(x.shape()));
    }
    return tensor(x.select(0, 0), x.select(0, 1));
  }

  @Override
  public String toString() {
    return source;
  }
}
