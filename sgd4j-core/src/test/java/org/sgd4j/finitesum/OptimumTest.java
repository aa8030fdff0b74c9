package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** f* to 1e-12 relative accuracy, by closed form, Newton or L-BFGS, computed once per problem. */
class OptimumTest {

  @Test
  void newtonOnALogisticProblemReachesRoundingLevel() {
    LogisticRegression p = LogisticRegression.synthetic(300, 20, 0.5, 1e-3, 21);
    Optimum o = Optimum.of(p);
    assertThat(o.method()).isEqualTo("Newton");
    assertThat(o.gradientNorm()).isLessThan(1e-14);
    assertThat(o.suboptimalityBound()).isLessThan(1e-12 * Math.abs(o.value()));
  }

  @Test
  void lbfgsAgreesWithNewtonTo1e12() {
    LogisticRegression p = LogisticRegression.synthetic(200, 10, 1.0, 1e-2, 22);
    Optimum newton = Optimum.of(p);
    Optimum lbfgs = Optimum.of(Fixtures.opaque(p));
    assertThat(lbfgs.method()).isEqualTo("L-BFGS");
    assertThat(Math.abs(lbfgs.value() - newton.value())).isLessThan(1e-12 * Math.abs(newton.value()));
    assertThat(Fixtures.maxAbsDiff(lbfgs.x(), newton.x())).isLessThan(1e-6);
  }

  @Test
  void newtonAgreesWithTheClosedFormOfAQuadratic() {
    Quadratic q = Quadratic.withSpectrum(new double[] {0.01, 0.3, 1, 4, 100}, 5, 0, 23);
    Optimum closed = Optimum.of(q);
    assertThat(closed.method()).isEqualTo("closed form");
    double[] x = Newton.step(q, new double[5], gradientAtZero(q));
    assertThat(Fixtures.maxAbsDiff(x, closed.x())).isLessThan(1e-9);
    assertThat(Math.abs(q.value(x) - closed.value())).isLessThan(1e-12 * Math.abs(closed.value()));
  }

  @Test
  void theBoundIsTheGradientNormSquaredOverTwoMu() {
    // f(x*) − f* ≤ ‖∇f(x*)‖²/(2μ) for a μ-strongly convex f; without a known μ there is no bound
    LogisticRegression p = LogisticRegression.synthetic(60, 6, 1.0, 0.02, 25);
    Optimum o = Optimum.compute(Fixtures.opaque(p));
    assertThat(o.method()).isEqualTo("L-BFGS");
    double[] g = new double[p.dim()];
    p.fullGradient(o.x(), g);
    double gn = Math.sqrt(LinearModelProblem.squaredNorm(g));
    assertThat(o.gradientNorm()).isEqualTo(gn);
    assertThat(o.suboptimalityBound()).isEqualTo(gn * gn / (2 * 0.02));
    assertThat(o.value()).isEqualTo(p.value(o.x()));
    LeastSquares unregularised = LeastSquares.synthetic(30, 4, 1, 0.1, 0, 26);
    assertThat(Optimum.compute(unregularised).suboptimalityBound()).isNaN();
  }

  @Test
  void newtonIsTriedUpToDimension2000() {
    // a problem whose Hessian is singular: Newton is attempted (the Hessian asked for) at d = 2000,
    // not at 2001, and L-BFGS finds x* = c either way
    for (int d : new int[] {2000, 2001}) {
      boolean[] asked = {false};
      FiniteSum bowl = new FiniteSum() {
        public int n() { return 1; }
        public int dim() { return d; }
        public double value(int i, double[] x) {
          double s = 0;
          for (int j = 0; j < d; j++) {
            s += 0.5 * (x[j] - 1) * (x[j] - 1);
          }
          return s;
        }
        public void gradient(int i, double[] x, double[] out) {
          for (int j = 0; j < d; j++) {
            out[j] = x[j] - 1;
          }
        }
        public double lipschitz(int i) { return 1; }
        public boolean hasHessian() { return true; }
        public void hessian(double[] x, double[][] out) {
          asked[0] = true; // all zero: singular
        }
      };
      Optimum o = Optimum.compute(bowl);
      assertThat(asked[0]).as("d = %d", d).isEqualTo(d == 2000);
      assertThat(o.method()).isEqualTo("L-BFGS");
      assertThat(o.value()).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-20));
    }
  }

  @Test
  void theOptimumIsComputedOnceAndCached() {
    LeastSquares p = LeastSquares.synthetic(50, 4, 1, 0.1, 0.1, 24);
    assertThat(Optimum.isCached(p)).isFalse();
    Optimum first = Optimum.of(p);
    assertThat(Optimum.isCached(p)).isTrue();
    assertThat(Optimum.of(p)).isSameAs(first);
  }

  private static double[] gradientAtZero(FiniteSum p) {
    double[] g = new double[p.dim()];
    p.fullGradient(new double[p.dim()], g);
    return g;
  }
}
