package org.sgd4j.lab.expr;

import org.sgd4j.tensor.Tensor;

/** A node of a parsed expression: evaluated in double precision or as a differentiable Tensor graph. */
sealed interface Node {
  double value(double x1, double x2);

  Tensor tensor(Tensor x1, Tensor x2);

  /** A number literal. */
  record Num(double v) implements Node {
    @Override
    public double value(double x1, double x2) {
      return v;
    }

    @Override
    public Tensor tensor(Tensor x1, Tensor x2) {
      return Tensor.scalar((float) v);
    }
  }

  /** The variable x1 (index 1) or x2 (index 2). */
  record Var(int index) implements Node {
    @Override
    public double value(double x1, double x2) {
      return index == 1 ? x1 : x2;
    }

    @Override
    public Tensor tensor(Tensor x1, Tensor x2) {
      return index == 1 ? x1 : x2;
    }
  }

  /** Unary minus. */
  record Neg(Node arg) implements Node {
    @Override
    public double value(double x1, double x2) {
      return -arg.value(x1, x2);
    }

    @Override
    public Tensor tensor(Tensor x1, Tensor x2) {
      return arg.tensor(x1, x2).neg();
    }
  }

  /** A binary operator: one of + - * / ^. */
  record Binary(char op, Node left, Node right) implements Node {
    @Override
    public double value(double x1, double x2) {
      double a = left.value(x1, x2);
      double b = right.value(x1, x2);
      switch (op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '^': return Math.pow(a, b);
        default: throw new AssertionError(op);
      }
    }

    @Override
    public Tensor tensor(Tensor x1, Tensor x2) {
      Tensor a = left.tensor(x1, x2);
      if (op == '^' && right instanceof Num) {
        // a constant exponent: d/da a^c = c a^(c-1), defined for negative a when c is an integer
        return a.pow((float) ((Num) right).v());
      }
      Tensor b = right.tensor(x1, x2);
      switch (op) {
        case '+': return a.add(b);
        case '-': return a.sub(b);
        case '*': return a.mul(b);
        case '/': return a.div(b);
        case '^': return a.pow(b);
        default: throw new AssertionError(op);
      }
    }
  }

  /** A function of one argument: sin cos exp log sqrt abs tanh. */
  record Call(String function, Node arg) implements Node {
    static final java.util.List<String> FUNCTIONS = java.util.List.of("sin", "cos", "exp", "log", "sqrt", "abs", "tanh");

    @Override
    public double value(double x1, double x2) {
      double a = arg.value(x1, x2);
      switch (function) {
        case "sin": return Math.sin(a);
        case "cos": return Math.cos(a);
        case "exp": return Math.exp(a);
        case "log": return Math.log(a);
        case "sqrt": return Math.sqrt(a);
        case "abs": return Math.abs(a);
        case "tanh": return Math.tanh(a);
        default: throw new AssertionError(function);
      }
    }

    @Override
    public Tensor tensor(Tensor x1, Tensor x2) {
      Tensor a = arg.tensor(x1, x2);
      switch (function) {
        case "sin": return a.sin();
        case "cos": return a.cos();
        case "exp": return a.exp();
        case "log": return a.log();
        case "sqrt": return a.sqrt();
        case "abs": return a.abs();
        case "tanh": return a.tanh();
        default: throw new AssertionError(function);
      }
    }
  }
}
