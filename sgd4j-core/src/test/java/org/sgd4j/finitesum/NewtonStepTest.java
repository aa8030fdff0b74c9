package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;

/**
 * Damped Newton's backtracking on f(x) = √(1 + x²) (one example, one dimension), worked by hand:
 * from x = 2, g = 2/√5, f'' = 5^{-3/2}, so the Newton direction is g/f'' = x(1 + x²) = 10. The full
 * step lands at −8 (f = √65 &gt; √5), t = ½ at −3 (f = √10 &gt; √5), t = ¼ at −½ (f = √1.25, below
 * the Armijo bound): x₁ = −½ after f(x) and three trial values.
 */
class NewtonStepTest {
  static FiniteSum pseudoHuber() {
    return new FiniteSum() {
      public int n() { return 1; }
      public int dim() { return 1; }
      public double value(int i, double[] x) { return Math.sqrt(1 + x[0] * x[0]); }
      public void gradient(int i, double[] x, double[] out) { out[0] = x[0] / Math.sqrt(1 + x[0] * x[0]); }
      public double lipschitz(int i) { return 1; }
      public boolean hasHessian() { return true; }
      public void hessian(double[] x, double[][] out) { out[0][0] = Math.pow(1 + x[0] * x[0], -1.5); }
    };
  }

  static Recorder oneStep(FiniteSum p, long evaluations) {
    return new Recorder(p, new Optimum(new double[1], 0, 0, 0, "below f, so the run spends its budget"), evaluations, 1, 0);
  }

  @Test
  void backtracksByHalvingUntilArmijoHolds() {
    FiniteSum p = pseudoHuber();
    double[] x = {2};
    Recorder r = oneStep(p, 6); // gradient + Hessian + f(x) + three trials
    new Newton().minimize(p, x, new Rng(0), r);
    assertThat(x[0]).isCloseTo(-0.5, within(1e-12));
    assertThat(r.evaluations()).isEqualTo(6);
    assertThat(r.trace("newton").points()).hasSize(2);
    assertThat(new Newton().name()).isEqualTo("newton");
  }

  @Test
  void takesTheFullStepWhereTheDecreaseIsBelowRounding() {
    FiniteSum p = pseudoHuber();
    double[] x = {1e-9};
    Recorder r = oneStep(p, 3); // gradient + Hessian + f(x), no trial value
    new Newton().minimize(p, x, new Rng(0), r);
    assertThat(Math.abs(x[0])).isLessThan(1e-20); // x − x(1 + x²) = −x³
    assertThat(r.evaluations()).isEqualTo(3);
  }

  @Test
  void stepAloneMatchesTheSolverStep() {
    FiniteSum p = pseudoHuber();
    double[] g = new double[1];
    p.fullGradient(new double[] {2}, g);
    assertThat(Newton.step(p, new double[] {2}, g)[0]).isCloseTo(-0.5, within(1e-12));
  }
}
