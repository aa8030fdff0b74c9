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

  /** One Newton step on √(1 + x²) from {@code x0}: the iterate and the evaluations it cost. */
  static double[] newtonStep(FiniteSum p, double x0, long evaluations) {
    double[] x = {x0};
    Recorder r = oneStep(p, evaluations);
    new Newton().minimize(p, x, new Rng(0), r);
    assertThat(r.evaluations()).isEqualTo(evaluations);
    return x;
  }

  @Test
  void armijoAcceptsExactlyASufficientDecrease() {
    // The direction from x is x(1 + x²), the decrement x²√(1 + x²) ≈ 6 near √3, and the step
    // t = 1 lands far away; the half step lands near −x, so f(x − d/2) − f(x) decides:
    //   x = 1.732089: +9.9e-5 (an increase: rejected, t = 1/4),
    //   x = 1.732012: −1.0e-4 (a decrease smaller than 1e-4 · ½ · 6 = 3e-4: rejected, t = 1/4),
    //   x = 1.73182:  −6.0e-4 (at least 3e-4: accepted, t = 1/2).
    FiniteSum p = pseudoHuber();
    for (double[] c : new double[][] {{1.732089, 0.25}, {1.732012, 0.25}, {1.73182, 0.5}}) {
      double x0 = c[0];
      double t = c[1];
      long evaluations = t == 0.25 ? 6 : 5; // gradient, Hessian, f(x), one trial per halving
      assertThat(newtonStep(p, x0, evaluations)[0]).as("x0 = %s", x0)
          .isCloseTo(x0 * (1 - t * (1 + x0 * x0)), within(1e-12));
    }
  }

  @Test
  void theRoundingTestIsRelativeToF() {
    // f = 10⁶ + √(1 + x²) at x = 1e-5: the decrement 1e-10 is below 1e-15 |f| = 1e-9, so the
    // full step to −x³ is taken without evaluating f there
    FiniteSum p = shifted(pseudoHuber(), 1e6);
    assertThat(newtonStep(p, 1e-5, 3)[0]).isCloseTo(-1e-15, within(1e-20)); // x − x(1 + x²) cancels to 1e-21
  }

  @Test
  void aStepThatNeverDecreasesFStaysPut() {
    // an oracle whose f is flat while its gradient is not: no halving of t (60 of them) gives the
    // Armijo decrease 1e-4 · t · 1e8 in f, so x is kept after f(x) and 60 trial values
    FiniteSum flat = new FiniteSum() {
      public int n() { return 1; }
      public int dim() { return 1; }
      public double value(int i, double[] x) { return 1; }
      public void gradient(int i, double[] x, double[] out) { out[0] = 1e4 * x[0]; }
      public double lipschitz(int i) { return 1; }
      public boolean hasHessian() { return true; }
      public void hessian(double[] x, double[][] out) { out[0][0] = 1; }
    };
    assertThat(newtonStep(flat, 1, 2 + 61)[0]).isEqualTo(1.0);
  }

  @Test
  void theDenseHessianIsFormedUpToMaxDim() {
    // d = 4000 is accepted (the Hessian is asked for), d = 4001 refused before any work
    for (int d : new int[] {Newton.MAX_DIM, Newton.MAX_DIM + 1}) {
      FiniteSum big = new FiniteSum() {
        public int n() { return 1; }
        public int dim() { return d; }
        public double value(int i, double[] x) { return 0; }
        public void gradient(int i, double[] x, double[] out) { java.util.Arrays.fill(out, 0); }
        public double lipschitz(int i) { return 1; }
        public boolean hasHessian() { return true; }
        public void hessian(double[] x, double[][] out) { throw new IllegalStateException("Hessian asked for"); }
      };
      Recorder r = new Recorder(big, new Optimum(new double[d], -1, 0, 0, "below f"), 1, 1, 0);
      org.assertj.core.api.ThrowableAssert.ThrowingCallable run = () -> new Newton().minimize(big, new double[d], new Rng(0), r);
      if (d == Newton.MAX_DIM) {
        org.assertj.core.api.Assertions.assertThatThrownBy(run).isInstanceOf(IllegalStateException.class)
            .hasMessage("Hessian asked for");
      } else {
        org.assertj.core.api.Assertions.assertThatThrownBy(run).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("d = 4001 is too large for a dense Hessian (limit 4000)");
      }
    }
  }

  static FiniteSum shifted(FiniteSum p, double c) {
    return new FiniteSum() {
      public int n() { return p.n(); }
      public int dim() { return p.dim(); }
      public double value(int i, double[] x) { return c + p.value(i, x); }
      public void gradient(int i, double[] x, double[] out) { p.gradient(i, x, out); }
      public double lipschitz(int i) { return p.lipschitz(i); }
      public boolean hasHessian() { return true; }
      public void hessian(double[] x, double[][] out) { p.hessian(x, out); }
    };
  }

  @Test
  void stepAloneMatchesTheSolverStep() {
    FiniteSum p = pseudoHuber();
    double[] g = new double[1];
    p.fullGradient(new double[] {2}, g);
    assertThat(Newton.step(p, new double[] {2}, g)[0]).isCloseTo(-0.5, within(1e-12));
  }
}
