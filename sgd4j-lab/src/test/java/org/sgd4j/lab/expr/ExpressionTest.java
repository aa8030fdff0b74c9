package org.sgd4j.lab.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Tensor;

class ExpressionTest {
  @Test
  void precedenceAndAssociativity() {
    assertThat(Expression.parse("-x1^2").value(3, 0)).isEqualTo(-9);
    assertThat(Expression.parse("2^3^2").value(0, 0)).isEqualTo(512);
    assertThat(Expression.parse("1 - 2 - 3").value(0, 0)).isEqualTo(-4);
    assertThat(Expression.parse("8/4/2").value(0, 0)).isEqualTo(1);
    assertThat(Expression.parse("1 + 2*3^2").value(0, 0)).isEqualTo(19);
    assertThat(Expression.parse("(1 + 2)*3").value(0, 0)).isEqualTo(9);
    assertThat(Expression.parse("2^-1").value(0, 0)).isEqualTo(0.5);
    assertThat(Expression.parse("--x2").value(0, 7)).isEqualTo(7);
    assertThat(Expression.parse("1.5e2 + .5 + 2E-1").value(0, 0)).isEqualTo(150.7);
    assertThat(Expression.parse("0.1*x1^2 + 2*x2^2").value(-5, -2)).isCloseTo(10.5, within(1e-12));
  }

  @Test
  void functionsMatchJavaMath() {
    double a = 0.7;
    double b = -1.3;
    assertThat(Expression.parse("sin(x1) + cos(x2)").value(a, b)).isEqualTo(Math.sin(a) + Math.cos(b));
    assertThat(Expression.parse("exp(x1)*log(abs(x2))").value(a, b)).isEqualTo(Math.exp(a) * Math.log(Math.abs(b)));
    assertThat(Expression.parse("sqrt(x1) - tanh(x2)").value(a, b)).isEqualTo(Math.sqrt(a) - Math.tanh(b));
  }

  @Test
  void tensorGraphGivesTheAnalyticGradient() {
    Tensor x = Tensor.of(0.7f, -0.4f).requiresGrad_(true);
    Tensor f = Expression.parse("sin(x1)*exp(x2) + x1^2/x2").atVector(x);
    f.backward();
    double x1 = 0.7f;
    double x2 = -0.4f;
    assertThat((double) f.item()).isCloseTo(Math.sin(x1) * Math.exp(x2) + x1 * x1 / x2, within(1e-5));
    float[] g = x.grad().toArray();
    assertThat((double) g[0]).isCloseTo(Math.cos(x1) * Math.exp(x2) + 2 * x1 / x2, within(1e-5));
    assertThat((double) g[1]).isCloseTo(Math.sin(x1) * Math.exp(x2) - x1 * x1 / (x2 * x2), within(1e-5));
  }

  @Test
  void tensorEvaluationBroadcastsOverAGrid() {
    Tensor x1 = Tensor.of(1f, 2f, 3f).reshape(1, 3);
    Tensor x2 = Tensor.of(1f, -1f).reshape(2, 1);
    Tensor f = Expression.parse("x1*x2 + 1").tensor(x1, x2);
    assertThat(f.shape()).containsExactly(2, 3);
    assertThat(f.toArray()).containsExactly(2f, 3f, 4f, 0f, -1f, -2f);
    assertThat(Expression.parse("3").tensor(x1, x2).shape()).containsExactly(2, 3);
  }

  @Test
  void syntaxErrorsNameThePosition() {
    assertError("x1 + (x2", 9, "missing ')'");
    assertError("0.1x1", 4, "unexpected 'x'");
    assertError("foo(x1)", 1, "unknown name 'foo'");
    assertError("x1 + * x2", 6, "unexpected '*'");
    assertError("", 1, "empty expression");
    assertError("x1 +", 5, "unexpected end");
    assertError("sin x1", 5, "expected '('");
    assertError("x1 $ x2", 4, "unexpected '$'");
    assertError("1..2", 1, "malformed number '1..2'");
  }

  @Test
  void aVectorOfAnotherShapeIsRefused() {
    assertThatThrownBy(() -> Expression.parse("x1").atVector(Tensor.zeros(3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3]");
  }

  private static void assertError(String src, int position, String fragment) {
    assertThatThrownBy(() -> Expression.parse(src))
        .isInstanceOfSatisfying(ExpressionSyntaxException.class, e -> assertThat(e.position()).isEqualTo(position))
        .hasMessageContaining(fragment).hasMessageContaining("at position " + position);
  }
}
