package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;

/** Values, gradients, Hessians and Lipschitz constants of the problems, and their bad inputs. */
class ProblemsTest {

  static List<FiniteSum> problems() {
    return List.of(
        LogisticRegression.synthetic(40, 6, 1.0, 0.1, 1),
        LogisticRegression.synthetic(60, 15, 0.3, 0.01, 2),
        LeastSquares.synthetic(30, 5, 1.0, 0.5, 0.0, 3),
        LeastSquares.synthetic(50, 12, 0.25, 0.5, 0.2, 4),
        Quadratic.withSpectrum(new double[] {1, 3, 10, 0.5}, 20, 0.7, 5));
  }

  @Test
  void gradientsMatchCentralFiniteDifferences() {
    Rng rng = new Rng(7);
    for (FiniteSum p : problems()) {
      double[] x = Fixtures.randomPoint(p.dim(), rng, 0.5);
      double[] g = new double[p.dim()];
      for (int i : new int[] {0, p.n() / 2, p.n() - 1}) {
        p.gradient(i, x, g);
        for (int j = 0; j < p.dim(); j++) {
          double h = 1e-5;
          double[] xp = x.clone();
          double[] xm = x.clone();
          xp[j] += h;
          xm[j] -= h;
          double fd = (p.value(i, xp) - p.value(i, xm)) / (2 * h);
          assertThat(g[j]).as("%s d f_%d / dx_%d", p.name(), i, j).isCloseTo(fd, within(1e-7 * (1 + Math.abs(fd))));
        }
      }
    }
  }

  @Test
  void fullValueAndGradientAreTheMeansOfTheTerms() {
    Rng rng = new Rng(8);
    for (FiniteSum p : problems()) {
      double[] x = Fixtures.randomPoint(p.dim(), rng, 1);
      double mean = 0;
      double[] meanGrad = new double[p.dim()];
      double[] g = new double[p.dim()];
      for (int i = 0; i < p.n(); i++) {
        mean += p.value(i, x) / p.n();
        p.gradient(i, x, g);
        for (int j = 0; j < g.length; j++) {
          meanGrad[j] += g[j] / p.n();
        }
      }
      double[] full = new double[p.dim()];
      p.fullGradient(x, full);
      assertThat(p.value(x)).as(p.name()).isCloseTo(mean, within(1e-12 * (1 + Math.abs(mean))));
      assertThat(Fixtures.maxAbsDiff(full, meanGrad)).as(p.name()).isLessThan(1e-12);
    }
  }

  @Test
  void hessianMatchesFiniteDifferencesOfTheGradient() {
    Rng rng = new Rng(9);
    for (FiniteSum p : problems()) {
      int d = p.dim();
      double[] x = Fixtures.randomPoint(d, rng, 0.5);
      double[][] h = new double[d][d];
      p.hessian(x, h);
      double[] gp = new double[d];
      double[] gm = new double[d];
      for (int j = 0; j < d; j++) {
        double[] xp = x.clone();
        double[] xm = x.clone();
        xp[j] += 1e-5;
        xm[j] -= 1e-5;
        p.fullGradient(xp, gp);
        p.fullGradient(xm, gm);
        for (int r = 0; r < d; r++) {
          assertThat(h[r][j]).as("%s H[%d][%d]", p.name(), r, j).isCloseTo((gp[r] - gm[r]) / 2e-5, within(1e-7));
        }
      }
    }
  }

  @Test
  void lipschitzConstantsBoundTheGradientChange() {
    Rng rng = new Rng(10);
    for (FiniteSum p : problems()) {
      double[] gx = new double[p.dim()];
      double[] gy = new double[p.dim()];
      double[] fx = new double[p.dim()];
      double[] fy = new double[p.dim()];
      for (int trial = 0; trial < 200; trial++) {
        double[] x = Fixtures.randomPoint(p.dim(), rng, 2);
        double[] y = Fixtures.randomPoint(p.dim(), rng, 2);
        int i = rng.nextInt(p.n());
        p.gradient(i, x, gx);
        p.gradient(i, y, gy);
        double dist = Math.sqrt(sq(x, y));
        assertThat(Math.sqrt(sq(gx, gy))).isLessThanOrEqualTo(p.lipschitz(i) * dist * (1 + 1e-12));
        p.fullGradient(x, fx);
        p.fullGradient(y, fy);
        assertThat(Math.sqrt(sq(fx, fy))).isLessThanOrEqualTo(p.lipschitz() * dist * (1 + 1e-9));
        // strong convexity: <∇f(x) − ∇f(y), x − y> ≥ μ‖x − y‖²
        double inner = 0;
        for (int j = 0; j < x.length; j++) {
          inner += (fx[j] - fy[j]) * (x[j] - y[j]);
        }
        assertThat(inner).isGreaterThanOrEqualTo(p.mu() * dist * dist * (1 - 1e-12));
      }
      assertThat(p.lipschitz()).isLessThanOrEqualTo(p.maxLipschitz() * (1 + 1e-12));
    }
  }

  @Test
  void logisticValuesAreExactAndStableForLargeMargins() {
    LogisticRegression p = LogisticRegression.dense(new double[][] {{1, 2}, {-3, 0.5}}, new double[] {1, -1}, 0.5);
    double[] x = {0.3, -0.2};
    double expected = 0.5 * (Math.log1p(Math.exp(-(0.3 - 0.4))) + Math.log1p(Math.exp(-(0.9 + 0.1)))) + 0.25 * (0.09 + 0.04);
    assertThat(p.value(x)).isCloseTo(expected, within(1e-15));
    assertThat(p.lipschitz(0)).isEqualTo(5 / 4.0 + 0.5);
    assertThat(p.loss(0, -800)).isEqualTo(800.0);
    assertThat(p.loss(0, 800)).isEqualTo(0.0);
    assertThat(p.lossDerivative(0, -800)).isEqualTo(-1.0);
  }

  @Test
  void syntheticProblemsFollowTheirRecipes() {
    // rows from randomSparse, w ~ N(0, I) drawn next from the same generator; logistic labels
    // sign(⟨a_i, w⟩ + 0.5 N(0,1)), each flipped with probability 0.1; least squares b = A w + noise N(0,1)
    for (long seed : new long[] {27, 28}) {
      Rng rng = new Rng(seed);
      org.sgd4j.data.CsrMatrix a = LinearModelProblem.randomSparse(60, 4, 0.7, rng);
      double[] w = Fixtures.randomPoint(4, rng, 1);
      double[] labels = new double[60];
      for (int i = 0; i < 60; i++) {
        double t = a.dot(i, w) + 0.5 * rng.nextGaussian();
        boolean flipped = rng.nextDouble() < 0.1;
        labels[i] = (t >= 0) != flipped ? 1 : -1;
      }
      LogisticRegression p = LogisticRegression.synthetic(60, 4, 0.7, 0.01, seed);
      assertThat(p.data()).usingRecursiveComparison().isEqualTo(a);
      assertThat(p.targets()).containsExactly(labels);
      assertThat(p.l2()).isEqualTo(0.01);
    }
    Rng rng = new Rng(29);
    org.sgd4j.data.CsrMatrix a = LinearModelProblem.randomSparse(30, 5, 0.5, rng);
    double[] w = Fixtures.randomPoint(5, rng, 1);
    double[] b = new double[30];
    for (int i = 0; i < 30; i++) {
      b[i] = a.dot(i, w) + 0.3 * rng.nextGaussian();
    }
    LeastSquares ls = LeastSquares.synthetic(30, 5, 0.5, 0.3, 0.2, 29);
    assertThat(ls.data()).usingRecursiveComparison().isEqualTo(a);
    assertThat(ls.targets()).containsExactly(b);
    assertThat(ls.mu()).isEqualTo(0.2);
  }

  @Test
  void randomSparseKeepsEachEntryWithTheGivenDensity() {
    // 40 000 Bernoulli(0.3) entries: 12 000 non-zeros, standard deviation 92; values N(0, 1)
    org.sgd4j.data.CsrMatrix a = LinearModelProblem.randomSparse(200, 200, 0.3, new Rng(30));
    assertThat(a.nnz()).isBetween(12000 - 460, 12000 + 460);
    double sum2 = 0;
    for (double v : a.values()) {
      sum2 += v * v;
    }
    assertThat(sum2 / a.nnz()).isBetween(0.95, 1.05);
    for (int i = 0; i < 200; i++) {
      for (int q = a.rowPtr()[i] + 1; q < a.rowPtr()[i + 1]; q++) {
        assertThat(a.colIdx()[q]).isGreaterThan(a.colIdx()[q - 1]);
      }
    }
    assertThat(LinearModelProblem.randomSparse(3, 4, 1, new Rng(31)).nnz()).isEqualTo(12);
    assertThatThrownBy(() -> LinearModelProblem.randomSparse(3, 4, 0, new Rng(31)))
        .hasMessageContaining("density must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> LinearModelProblem.randomSparse(3, 4, 1.5, new Rng(31)))
        .hasMessageContaining("got 1.5");
  }

  @Test
  void powerIterationStopsAfter500StepsOnANearlyDegenerateTopPair() {
    // AᵀA/n = diag(1, 1 − 1e-6, 0.5): the Rayleigh quotients still move by more than 1e-13 per step
    // after 500 steps, so the last one is returned; it lies between the two top eigenvalues
    double[][] rows = {{Math.sqrt(3), 0, 0}, {0, Math.sqrt(3 * (1 - 1e-6)), 0}, {0, 0, Math.sqrt(1.5)}};
    LeastSquares p = LeastSquares.dense(rows, new double[3], 0);
    assertThat(p.lipschitz()).isBetween(1 - 1e-6, 1.0 + 1e-15);
    // and a well separated spectrum converges to the top eigenvalue: diag(4, 1)
    LeastSquares q = LeastSquares.dense(new double[][] {{Math.sqrt(8), 0}, {0, Math.sqrt(2)}}, new double[2], 0.125);
    assertThat(q.lipschitz()).isCloseTo(4.125, within(1e-12));
  }

  @Test
  void linearModelsCheckTheirInputsAndOverwriteTheirOutputs() {
    LeastSquares p = LeastSquares.dense(new double[][] {{1, 2}, {3, -1}}, new double[] {1, -2}, 0.1);
    assertThat(p.name()).isEqualTo("LeastSquares(n=2, d=2, nnz=4, mu=0.1)");
    assertThatThrownBy(() -> LeastSquares.dense(new double[][] {{1}}, new double[] {Double.NaN}, 0))
        .hasMessageContaining("target 0 is NaN");
    assertThatThrownBy(() -> p.fullGradient(new double[3], new double[3])).hasMessageContaining("point has length 3");
    assertThatThrownBy(() -> p.hessian(new double[3], new double[3][3])).hasMessageContaining("point has length 3");
    // H = AᵀA/n + μI = [[5, −0.5], [−0.5, 2.5]] + 0.1 I, whatever the array held before
    double[][] h = {{7, 7}, {7, 7}};
    p.hessian(new double[] {0.3, -0.4}, h);
    assertThat(h[0]).containsExactly(5.1, -0.5);
    assertThat(h[1]).containsExactly(-0.5, 2.6);
  }

  @Test
  void quadraticFollowsItsRecipe() {
    // Gaussian columns orthonormalised (d² draws), then c ~ N(0, I) and b ~ N(0, 1): f(0) = b,
    // ∇f(0) = c, and f* = b − ½ cᵀQ⁻¹c
    Quadratic q = Quadratic.withSpectrum(new double[] {0.5, 2, 4}, 6, 0.2, 12);
    Rng rng = new Rng(12);
    for (int k = 0; k < 9; k++) {
      rng.nextGaussian();
    }
    double[] c = Fixtures.randomPoint(3, rng, 1);
    double b = rng.nextGaussian();
    assertThat(q.value(new double[3])).isEqualTo(b);
    double[] g = new double[3];
    q.fullGradient(new double[3], g);
    assertThat(g).containsExactly(c);
    double[][] h = new double[3][3];
    q.hessian(null, h);
    double[] qInvC = Cholesky.solve(h, c);
    double cqc = 0;
    for (int j = 0; j < 3; j++) {
      cqc += c[j] * qInvC[j];
    }
    assertThat(q.optimalValue()).isCloseTo(b - 0.5 * cqc, within(1e-12)).isEqualTo(q.value(q.knownMinimizer()));
    assertThat(q.name()).isEqualTo("Quadratic(n=6, d=3, L=4.0, mu=0.5)");
    assertThatThrownBy(() -> q.value(new double[2])).hasMessageContaining("point has length 2, expected d = 3");
  }

  @Test
  void choleskyRefusesAZeroPivot() {
    // [[1, 1], [1, 1]] is positive semidefinite: its second pivot is exactly 1 − 1·1 = 0
    assertThatThrownBy(() -> Cholesky.solve(new double[][] {{1, 1}, {1, 1}}, new double[] {1, 2}))
        .isInstanceOf(ArithmeticException.class).hasMessageContaining("pivot 0.0 at row 1");
    assertThat(Cholesky.solve(new double[][] {{4, 2}, {2, 2}}, new double[] {2, 0})).containsExactly(1.0, -1.0);
  }

  @Test
  void quadraticKnowsItsOptimumAndNoise() {
    Quadratic q = Quadratic.withSpectrum(new double[] {0.5, 2, 8}, 10, 0.3, 11);
    double[] xs = q.knownMinimizer();
    double[] g = new double[3];
    q.fullGradient(xs, g);
    assertThat(Math.sqrt(sq(g, new double[3]))).isLessThan(1e-13);
    assertThat(q.lipschitz()).isEqualTo(8.0);
    assertThat(q.mu()).isEqualTo(0.5);
    double s2 = 0;
    double[] gi = new double[3];
    for (int i = 0; i < q.n(); i++) {
      q.gradient(i, xs, gi);
      s2 += sq(gi, g) / q.n();
    }
    assertThat(q.sigma2()).isCloseTo(s2, within(1e-12));
  }

  @Test
  void badInputsAreRejectedWithClearMessages() {
    assertThatThrownBy(() -> LogisticRegression.dense(new double[][] {{1}, {2}}, new double[] {1, 0}, 0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 1 is 0.0");
    assertThatThrownBy(() -> LeastSquares.dense(new double[][] {{1}, {2}}, new double[] {1}, 0.1))
        .hasMessageContaining("2 rows but 1 targets");
    assertThatThrownBy(() -> LeastSquares.dense(new double[][] {{1}}, new double[] {1}, -1))
        .hasMessageContaining("invalid L2 coefficient mu: -1");
    assertThatThrownBy(() -> LeastSquares.dense(new double[][] {{Double.NaN}}, new double[] {1}, 0))
        .hasMessageContaining("non-finite");
    assertThatThrownBy(() -> LeastSquares.dense(new double[][] {{1, 2}, {1}}, new double[] {1, 2}, 0))
        .hasMessageContaining("row 1 has length 1");
    assertThatThrownBy(() -> Quadratic.withSpectrum(new double[] {1, 0}, 3, 0, 1))
        .hasMessageContaining("eigenvalues must be positive");
    assertThatThrownBy(() -> Quadratic.withSpectrum(new double[] {}, 3, 0, 1)).hasMessageContaining("empty spectrum");
    FiniteSum p = LeastSquares.synthetic(5, 3, 1, 0.1, 0, 1);
    assertThatThrownBy(() -> p.value(new double[2])).hasMessageContaining("point has length 2, expected d = 3");
    assertThatThrownBy(() -> new ModelProblem("m", 0, 3, (x, i, g) -> 0, Double.NaN)).hasMessageContaining("n=0");
  }

  static double sq(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += (a[j] - b[j]) * (a[j] - b[j]);
    }
    return s;
  }
}
