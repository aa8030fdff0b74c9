package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
  void configDefaultsAreTheDocumentedOnes() {
    // each name with its defaults runs exactly as the solver built by hand with the documented
    // values: 1/(2 L_max) for the SGD family, 1 − 1/n and 1 for the decays, batch 16 for minibatch,
    // PyTorch's defaults for the adaptive methods
    LogisticRegression p = LogisticRegression.synthetic(40, 5, 1, 0.05, 93);
    double half = 1 / (2 * p.maxLipschitz());
    java.util.Map<SolverConfig, Solver> expected = new java.util.LinkedHashMap<>();
    expected.put(SolverConfig.of("gd"), GradientDescent.constant(1 / p.lipschitz()));
    expected.put(SolverConfig.of("gd-backtracking"), GradientDescent.backtracking(1));
    expected.put(SolverConfig.of("sgd"), new Sgd("sgd", StepSchedule.constant(half), 1));
    expected.put(SolverConfig.of("minibatch"), new Sgd("minibatch", StepSchedule.constant(half), 16));
    expected.put(SolverConfig.builder("minibatch").batchSize(3).lr(0.2).build(),
        new Sgd("minibatch", StepSchedule.constant(0.2), 3));
    expected.put(SolverConfig.of("sgd-decreasing"), new Sgd("sgd-decreasing", StepSchedule.notesDecreasing(0.05, half), 1));
    expected.put(SolverConfig.of("sgd-sqrt"), new Sgd("sgd-sqrt", StepSchedule.inverseSqrt(half), 1));
    expected.put(SolverConfig.of("sgd-exp"), new Sgd("sgd-exp", StepSchedule.exponential(half, 1 - 1.0 / 40), 1));
    expected.put(SolverConfig.builder("sgd-exp").gamma(0.9).build(), new Sgd("sgd-exp", StepSchedule.exponential(half, 0.9), 1));
    expected.put(SolverConfig.of("sgd-poly"), new Sgd("sgd-poly", StepSchedule.polynomial(half, 40, 1), 1));
    expected.put(SolverConfig.builder("sgd-poly").power(0.5).build(),
        new Sgd("sgd-poly", StepSchedule.polynomial(half, 40, 0.5), 1));
    expected.put(SolverConfig.of("sag"), Sag.withStep(1 / p.maxLipschitz()));
    expected.put(SolverConfig.of("sag-nonuniform"), Sag.withStep(Double.NaN).sampling(Sampling.LIPSCHITZ_MIXED));
    expected.put(SolverConfig.of("sag-ls"), Sag.withStep(Double.NaN).lineSearch(true));
    expected.put(SolverConfig.of("sag-nonuniform-ls"),
        Sag.withStep(Double.NaN).lineSearch(true).sampling(Sampling.LIPSCHITZ_MIXED));
    expected.put(SolverConfig.of("saga"), new Saga(1 / (3 * p.maxLipschitz())));
    expected.put(SolverConfig.of("svrg"), new Svrg(half, 40));
    expected.put(SolverConfig.builder("svrg").epochLength(7).lr(0.3).build(), new Svrg(0.3, 7));
    expected.put(SolverConfig.of("newton"), new Newton());
    expected.put(SolverConfig.of("adagrad"), new Adagrad(1e-2, 1e-10, 1));
    expected.put(SolverConfig.of("rmsprop"), new RmsProp(1e-2, 0.99, 1e-8, 1));
    expected.put(SolverConfig.of("adam"), new Adam(1e-3, 0.9, 0.999, 1e-8, 1));
    expected.put(SolverConfig.builder("adam").lr(0.05).batchSize(2).build(), new Adam(0.05, 0.9, 0.999, 1e-8, 2));
    assertThat(expected.keySet()).extracting(SolverConfig::name).containsAll(SolverConfig.NAMES);
    for (var e : expected.entrySet()) {
      Solver got = e.getKey().create(p);
      assertThat(got.name()).isEqualTo(e.getKey().name());
      Trace a = Fixtures.run(got, p, 3, 1, 94, -1);
      Trace b = Fixtures.run(e.getValue(), p, 3, 1, 94, -1);
      assertThat(a.finalX()).as(e.getKey().toString()).containsExactly(b.finalX());
    }
  }

  @Test
  void aZeroStepIsAllowedAndLeavesXAlone() {
    // an exponential schedule underflows to 0; a zero step is a step, not an error
    LeastSquares ls = LeastSquares.synthetic(10, 3, 1, 0.1, 0.1, 95);
    for (FiniteSum p : new FiniteSum[] {ls, Fixtures.opaque(ls)}) {
      Trace t = Fixtures.run(new Sgd("sgd", k -> 0.0, 2), p, 2, 1, 1, -1);
      assertThat(t.finalX()).containsExactly(0, 0, 0);
      assertThat(t.stopReason()).isEqualTo("budget");
    }
  }

  @Test
  void lineSearchesAcceptTheSmoothnessInequalityAtEquality() {
    // f(x) = ½(x − 1)², one example, from x = 0 with the estimate L = 1 (the true constant):
    // f(x − ∇f/L) = 0 = f(x) − ‖∇f‖²/(2L) holds with equality, so L stays 1 and the step lands on 1
    LeastSquares p = LeastSquares.dense(new double[][] {{1}}, new double[] {1}, 0);
    for (Solver s : List.<Solver>of(Sag.withStep(Double.NaN).lineSearch(true),
        Sag.withStep(Double.NaN).lineSearch(true).sampling(Sampling.LIPSCHITZ_MIXED), GradientDescent.backtracking(2))) {
      for (FiniteSum q : new FiniteSum[] {p, Fixtures.opaque(p)}) {
        Recorder r = new Recorder(q, new Optimum(new double[1], -1, 0, 0, "below f"), 1, 1, 0);
        double[] x = new double[1];
        s.minimize(q, x, new org.sgd4j.tensor.Rng(0), r);
        assertThat(x[0]).as("%s on %s", s.name(), q.name()).isEqualTo(1.0);
      }
    }
  }

  @Test
  void runIsMinimizeFromACopyWithOnePointPerPass() {
    LogisticRegression p = LogisticRegression.synthetic(30, 4, 1, 0.05, 96);
    double[] x0 = {0.1, -0.2, 0.3, 0};
    Trace t = new Saga(Double.NaN).run(p, x0, 3, 97);
    assertThat(x0).containsExactly(0.1, -0.2, 0.3, 0);
    assertThat(t.solver()).isEqualTo("saga");
    assertThat(t.points()).extracting(TracePoint::passes).containsExactly(0.0, 1.0, 2.0, 3.0);
    Recorder r = new Recorder(p, Optimum.of(p), 3, 1, 0);
    double[] x = x0.clone();
    new Saga(Double.NaN).minimize(p, x, new org.sgd4j.tensor.Rng(97), r);
    assertThat(t.finalX()).containsExactly(x);
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
