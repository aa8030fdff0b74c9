package org.sgd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Newton's dense solves: Cholesky on a positive definite matrix, LU with pivoting otherwise. */
class LinearSolveTest {
  // A = L Lᵀ with L = [[2,0,0],[1,3,0],[-1,2,1]]; x = (1, -2, 0.5), b = A x
  static final double[][] SPD = {{4, 2, -2}, {2, 10, 5}, {-2, 5, 6}};
  static final double[] X = {1, -2, 0.5};
  static final double[] B = {4 - 4 - 1, 2 - 20 + 2.5, -2 - 10 + 3};

  @Test
  void choleskySolvesAPositiveDefiniteSystem() {
    double[] x = LinearSolve.cholesky(SPD, B);
    assertThat(x).isNotNull();
    for (int i = 0; i < 3; i++) {
      assertThat(x[i]).isCloseTo(X[i], within(1e-13));
    }
    assertThat(LinearSolve.solve(SPD, B)).containsExactly(x);
  }

  @Test
  void choleskyDeclinesAnIndefiniteMatrixAndLuSolvesIt() {
    double[][] indefinite = {{1, 2}, {2, 1}}; // eigenvalues 3 and -1
    double[] b = {5, 4};                       // x = (1, 2)
    assertThat(LinearSolve.cholesky(indefinite, b)).isNull();
    double[] x = LinearSolve.solve(indefinite, b);
    assertThat(x[0]).isCloseTo(1, within(1e-14));
    assertThat(x[1]).isCloseTo(2, within(1e-14));
    assertThat(LinearSolve.lu(indefinite, b)).containsExactly(x);
  }

  @Test
  void luPivotsPastAZeroLeadingEntry() {
    double[][] a = {{0, 1}, {1, 0}};
    double[] x = LinearSolve.lu(a, new double[] {3, 7});
    assertThat(x).containsExactly(7, 3);
    assertThat(LinearSolve.cholesky(a, new double[] {3, 7})).isNull();
  }

  @Test
  void choleskyJudgesPivotsRelativeToTheDiagonal() {
    // a zero pivot is not positive definite; a small one is, when the diagonal entry is that small too
    assertThat(LinearSolve.cholesky(new double[][] {{0}}, new double[] {1})).isNull();
    assertThat(LinearSolve.cholesky(new double[][] {{1e-7}}, new double[] {2e-7})).containsExactly(2);
  }

  @Test
  void luCallsAPivotOf1e12TimesTheLargestEntrySingular() {
    // the largest entry is 2, so the threshold is 2e-12; a pivot at it is singular, one above it is not
    assertThatThrownBy(() -> LinearSolve.lu(new double[][] {{2, 0}, {0, 2e-12}}, new double[] {1, 1}))
        .isInstanceOf(ArithmeticException.class).hasMessageContaining("singular (pivot 2.0E-12 in column 1 of 2)");
    assertThat(LinearSolve.lu(new double[][] {{2, 0}, {0, 4e-12}}, new double[] {2, 1})).containsExactly(1, 0.25e12);
  }
}
