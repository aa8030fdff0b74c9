package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** GD's rate, backtracking, Newton, the adaptive methods, and bad solver options. */
class SolversTest {

  @Test
  void gradientDescentWithStepOneOverLContractsAtLeastAsFastAsTheTheory() {
    // f(x_k) − f* ≤ (1 − μ/L)^k (f(x_0) − f*) for a μ-strongly convex, L-smooth f
    Quadratic q = Quadratic.withSpectrum(new double[] {0.1, 0.4, 1}, 3, 0, 81);
    Trace t = Fixtures.run(GradientDescent.constant(Double.NaN), q, 60, 1, 0, 0);
    double f0 = t.points().get(0).suboptimality();
    for (TracePoint p : t.points()) {
      assertThat(p.suboptimality()).isLessThanOrEqualTo(Math.pow(0.9, p.passes()) * f0 * (1 + 1e-12) + 1e-15);
    }
    // and on this quadratic the slowest eigendirection gives exactly the rate (1 − μ/L)² per step
    double ratio = t.points().get(41).suboptimality() / t.points().get(40).suboptimality();
    assertThat(ratio).isCloseTo(0.81, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void backtrackingFindsAStepFromABadInitialEstimate() {
    LogisticRegression p = LogisticRegression.synthetic(100, 5, 1, 1e-2, 82);
    for (double l0 : new double[] {1e-6, 1e6}) {
      Trace t = Fixtures.run(GradientDescent.backtracking(l0), p, 400, 1, 0, 1e-12);
      assertThat(t.stopReason()).as("L0 = %s", l0).isEqualTo("converged");
    }
  }

  @Test
  void newtonSolvesAQuadraticInOneStepAndLogisticToRoundingLevel() {
    Quadratic q = Quadratic.withSpectrum(new double[] {1e-3, 1, 1e3}, 4, 0, 83);
    Trace t = Fixtures.run(new Newton(), q, 100, 1, 0, 1e-12 * Math.abs(q.optimalValue()));
    assertThat(t.points().get(1).distance()).isLessThan(1e-8);
    LogisticRegression p = LogisticRegression.synthetic(200, 10, 0.5, 1e-3, 84);
    Trace tl = Fixtures.run(new Newton(), p, 100, 1, 0, 1e-14);
    assertThat(tl.stopReason()).isEqualTo("converged");
    assertThat(tl.points().size()).isLessThan(40);
  }

  @Test
  void adaptiveMethodsDecreaseTheObjective() {
    LogisticRegression p = LogisticRegression.synthetic(200, 10, 0.5, 1e-2, 85);
    for (Solver s : new Solver[] {new Adagrad(0.1, 1e-10, 1), new RmsProp(0.01, 0.99, 1e-8, 1),
        new Adam(0.01, 0.9, 0.999, 1e-8, 1)}) {
      Trace t = Fixtures.run(s, p, 20, 1, 1, 0);
      assertThat(t.last().suboptimality()).as(s.name()).isLessThan(0.1 * t.points().get(0).suboptimality());
    }
  }

  @Test
  void adamFirstStepHasLengthLrPerCoordinate() {
    // with bias correction the first Adam step is lr * g / (|g| + eps) = ±lr per coordinate
    Quadratic q = Quadratic.withSpectrum(new double[] {1, 2}, 1, 0, 86);
    Recorder r = new Recorder(q, Optimum.of(q), 1, 1, -1);
    double[] x = new double[2];
    new Adam(0.1, 0.9, 0.999, 1e-8, 1).minimize(q, x, new org.sgd4j.tensor.Rng(1), r);
    assertThat(Math.abs(x[0])).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-7));
    assertThat(Math.abs(x[1])).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-7));
  }

  @Test
  void divergenceIsReportedNotHidden() {
    LeastSquares ls = LeastSquares.synthetic(50, 5, 1, 0.1, 0.0, 87);
    Trace t = Fixtures.run(new Sgd("sgd", StepSchedule.constant(100), 1), ls, 50, 1, 0, 0);
    assertThat(t.diverged()).isTrue();
    assertThat(t.stopReason()).contains("gradient evaluations");
  }

  @Test
  void badOptionsAreRejected() {
    assertThatThrownBy(() -> SolverConfig.of("sgx")).hasMessageContaining("Unknown solver 'sgx'; known solvers: gd,");
    assertThatThrownBy(() -> SolverConfig.builder("sag").lr(-1).build()).hasMessageContaining("Invalid learning rate for sag: -1.0");
    assertThatThrownBy(() -> SolverConfig.builder("minibatch").batchSize(-2).build()).hasMessageContaining("batch size");
    assertThatThrownBy(() -> new Sgd("sgd", StepSchedule.constant(1), 0)).hasMessageContaining("Invalid batch size: 0");
    assertThatThrownBy(() -> new Adam(0.1, 1.0, 0.999, 1e-8, 1)).hasMessageContaining("beta parameter at index 0: 1.0");
    assertThatThrownBy(() -> GradientDescent.backtracking(0)).hasMessageContaining("initial Lipschitz estimate: 0.0");
    assertThatThrownBy(() -> new Svrg(0.1, -1)).hasMessageContaining("epoch length m: -1");
    LeastSquares ls = LeastSquares.synthetic(10, 3, 1, 0.1, 0.0, 88);
    assertThatThrownBy(() -> SolverConfig.of("sgd-decreasing").create(ls)).hasMessageContaining("needs mu > 0");
    LogisticRegression p = LogisticRegression.synthetic(10, 3, 1, 1.0, 89);
    assertThatThrownBy(() -> Fixtures.run(Sag.withStep(2.0), p, 1, 1, 0, 0))
        .hasMessageContaining("shrink factor 1 - lr*mu = -1.0");
    assertThatThrownBy(() -> new Recorder(p, Optimum.of(p), 0, 1, 0)).hasMessageContaining("passes (epochs): 0.0");
  }
}
