package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the finite-sum interfaces promise by default, with values worked out by hand: the averages
 * of {@link FiniteSum}, the Lipschitz constant of a linear model (the top eigenvalue of AᵀA/n), the
 * trace a {@link Recorder} writes, and the argument checks of the solvers and step schedules.
 */
class ContractTest {
  /** f_i(x) = ½ c_i ‖x − e_i‖² in two dimensions, through the interface's required methods only. */
  static final double[] C = {1, 3, 8};

  static FiniteSum bowls() {
    return new FiniteSum() {
      public int n() { return 3; }
      public int dim() { return 2; }
      public double value(int i, double[] x) {
        double a = x[0] - i;
        double b = x[1] + i;
        return 0.5 * C[i] * (a * a + b * b);
      }
      public void gradient(int i, double[] x, double[] out) {
        out[0] = C[i] * (x[0] - i);
        out[1] = C[i] * (x[1] + i);
      }
      public double lipschitz(int i) { return C[i]; }
    };
  }

  @Test
  void defaultAveragesAreMeansOverTheExamples() {
    FiniteSum p = bowls();
    double[] x = {1, 1};
    // f_0 = ½(1 + 1) = 1, f_1 = 3/2 (0 + 4) = 6, f_2 = 4 (1 + 9) = 40
    assertThat(p.value(x)).isCloseTo(47.0 / 3, within(1e-14));
    double[] g = {99, -99};
    p.fullGradient(x, g); // ∇f_0 = (1, 1), ∇f_1 = (0, 6), ∇f_2 = (-8, 24)
    assertThat(g[0]).isCloseTo(-7.0 / 3, within(1e-14));
    assertThat(g[1]).isCloseTo(31.0 / 3, within(1e-14));
    assertThat(p.lipschitz()).isEqualTo(4.0);
    assertThat(p.maxLipschitz()).isEqualTo(8.0);
    assertThat(p.name()).contains("n=3").contains("d=2");
    assertThatThrownBy(() -> p.value(new double[3])).hasMessageContaining("point has length 3, expected d = 2");
    assertThatThrownBy(() -> p.fullGradient(new double[1], new double[2])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void linearModelLipschitzIsTheTopEigenvalueOfTheGram() {
    // rows (3, 0), (0, 1), (0, 1): AᵀA/n = diag(9, 2)/3, so L = 3 + μ for least squares
    LeastSquares p = LeastSquares.dense(new double[][] {{3, 0}, {0, 1}, {0, 1}}, new double[] {1, 2, 3}, 0.5);
    assertThat(p.lipschitz()).isCloseTo(3.5, within(1e-9));
    assertThat(LeastSquares.dense(new double[][] {{0, 0}}, new double[] {1}, 0.25).lipschitz()).isEqualTo(0.25);
  }

  @Test
  void recorderWritesPassesValuesAndDistances() {
    FiniteSum p = bowls();
    // minimiser of f: x0 = Σ c_i i / Σ c_i = 19/12, x1 = −19/12
    double[] xStar = {19.0 / 12, -19.0 / 12};
    Optimum opt = new Optimum(xStar, p.value(xStar), 0, 0, "closed form");
    Recorder r = new Recorder(p, opt, 2, 2, 0); // 2 passes of 3 evaluations, a point every 1.5
    double[] x = {0, 0};
    r.start(x);
    assertThat(r.count(1)).isFalse();
    assertThat(r.count(1)).isTrue();
    double[] y = {1, -1};
    r.record(y);
    assertThat(r.count(4)).isTrue(); // the budget of 6 is spent
    r.record(xStar);
    Trace t = r.trace("test");
    assertThat(t.points()).hasSize(3);
    TracePoint start = t.points().get(0);
    TracePoint mid = t.points().get(1);
    assertThat(start.passes()).isZero();
    assertThat(mid.gradientEvaluations()).isEqualTo(2);
    assertThat(mid.passes()).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(mid.suboptimality()).isCloseTo(p.value(y) - p.value(xStar), within(1e-12));
    double[] g = new double[2];
    p.fullGradient(y, g);
    assertThat(mid.gradientNorm()).isCloseTo(Math.hypot(g[0], g[1]), within(1e-12));
    assertThat(mid.distance()).isCloseTo(Math.hypot(1 - 19.0 / 12, -1 + 19.0 / 12), within(1e-12));
    assertThat(t.points().get(2).suboptimality()).isCloseTo(0, within(1e-12));
    assertThat(r.finished()).isTrue();
    assertThat(r.evaluations()).isEqualTo(6);
    assertThat(t.finalX()).containsExactly(xStar);
  }

  @Test
  void recorderTimesTheSolverWithTheClockPausedWhileRecording() {
    // the clock starts at the first record and stops during each: the solver's times start at 0,
    // never fall, and add up to less than the whole run, recording included, took
    LeastSquares p = LeastSquares.synthetic(200, 10, 1, 0.1, 0.01, 90);
    Recorder r = new Recorder(p, Optimum.of(p), 20, 4, -1);
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    Sag.withStep(Double.NaN).minimize(p, new double[p.dim()], new org.sgd4j.tensor.Rng(1), r);
    double wall = (System.nanoTime() - wall0) * 1e-9;
    double cpu = (threads.getCurrentThreadCpuTime() - cpu0) * 1e-9;
    List<TracePoint> points = r.trace("sag").points();
    assertThat(points).hasSize(81);
    assertThat(points.get(0).seconds()).isZero();
    assertThat(points.get(0).cpuSeconds()).isZero();
    for (int k = 1; k < points.size(); k++) {
      assertThat(points.get(k).seconds()).isGreaterThanOrEqualTo(points.get(k - 1).seconds());
      assertThat(points.get(k).cpuSeconds()).isGreaterThanOrEqualTo(points.get(k - 1).cpuSeconds());
    }
    TracePoint last = points.get(points.size() - 1);
    assertThat(last.seconds()).isPositive().isLessThan(wall);
    assertThat(last.cpuSeconds()).isPositive().isLessThanOrEqualTo(cpu);
  }

  @Test
  void recorderStopsOnDivergence() {
    FiniteSum p = bowls();
    Recorder r = new Recorder(p, new Optimum(new double[2], 0, 0, 0, "x"), 10, 1, 0);
    r.start(new double[] {0, 0});
    r.count(1);
    r.record(new double[] {Double.NaN, 0});
    assertThat(r.finished()).isTrue();
    assertThat(r.trace("t").stopReason()).startsWith("diverged");
  }

  @Test
  void argumentChecksAreAtTheirBoundaries() {
    // torch.optim's ranges: lr > 0, eps > 0, 0 ≤ beta < 1; a zero step is no step
    assertThatThrownBy(() -> new Adam(0, 0.9, 0.999, 1e-8, 1)).hasMessage("Invalid learning rate: 0.0");
    assertThatThrownBy(() -> new Adam(0.1, 0.9, 0.999, 0, 1)).hasMessage("Invalid eps: 0.0");
    assertThatThrownBy(() -> new Adam(0.1, 0.9, 1, 1e-8, 1)).hasMessage("Invalid beta parameter at index 1: 1.0");
    assertThatThrownBy(() -> new Adam(0.1, 0.9, -0.5, 1e-8, 1)).hasMessage("Invalid beta parameter at index 1: -0.5");
    assertThat(new Adam(0.1, 0, 0, 1e-8, 1).name()).isEqualTo("adam");
    for (Runnable bad : List.<Runnable>of(() -> Sag.withStep(0), () -> new Saga(0), () -> new Svrg(0, 1),
        () -> GradientDescent.constant(0))) {
      assertThatThrownBy(bad::run).hasMessage("Invalid learning rate: 0.0");
    }
    assertThatThrownBy(() -> StepSchedule.notesDecreasing(0, 1)).hasMessage("Invalid mu: 0.0");
    assertThatThrownBy(() -> StepSchedule.notesDecreasing(1, 0)).hasMessage("Invalid maxLr: 0.0");
    FiniteSum bowls = bowls();
    assertThatThrownBy(() -> new Recorder(bowls, new Optimum(new double[2], 0, 0, 0, "x"), 1, 0, 0))
        .hasMessage("Invalid records per pass: 0.0");
    FiniteSum unchecked = new FiniteSum() { // its own value and gradient do not check the length
      public int n() { return 3; }
      public int dim() { return 2; }
      public double value(int i, double[] x) { return bowls.value(i, x); }
      public void gradient(int i, double[] x, double[] out) { bowls.gradient(i, x, out); }
      public double value(double[] x) { return 0; }
      public void fullGradient(double[] x, double[] out) { java.util.Arrays.fill(out, 0); }
      public double lipschitz(int i) { return C[i]; }
    };
    Recorder r = new Recorder(unchecked, new Optimum(new double[2], 0, 0, 0, "x"), 1, 1, 0);
    assertThatThrownBy(() -> r.start(new double[3])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("point has length 3, expected d = 2");
    assertThat(SolverConfig.parseList("sag, ,saga,")).extracting(SolverConfig::name).containsExactly("sag", "saga");
  }

  @Test
  void aZeroOrInfiniteLipschitzConstantGivesNoDefaultStep() {
    // all rows zero: L_i = 0, so 1/L_max is no step; a problem whose L_i are infinite neither
    LeastSquares zero = LeastSquares.dense(new double[][] {{0, 0}, {0, 0}}, new double[] {1, 2}, 0);
    for (Solver s : List.<Solver>of(Sag.withStep(Double.NaN), new Saga(Double.NaN), new Svrg(Double.NaN, 0))) {
      Recorder r = new Recorder(zero, new Optimum(new double[2], 0, 0, 0, "x"), 1, 1, 0);
      assertThatThrownBy(() -> s.minimize(zero, new double[2], new org.sgd4j.tensor.Rng(0), r))
          .hasMessageContaining(s.name() + ": no step size");
    }
    FiniteSum unbounded = new FiniteSum() {
      public int n() { return 2; }
      public int dim() { return 1; }
      public double value(int i, double[] x) { return Math.abs(x[0] - i); }
      public void gradient(int i, double[] x, double[] out) { out[0] = Math.signum(x[0] - i); }
      public double lipschitz(int i) { return Double.POSITIVE_INFINITY; }
    };
    assertThatThrownBy(() -> SolverConfig.of("sgd").create(unbounded)).hasMessageContaining("sgd: no step size");
    Recorder r = new Recorder(unbounded, new Optimum(new double[1], 0, 0, 0, "x"), 1, 1, 0);
    assertThatThrownBy(() -> GradientDescent.constant(Double.NaN).minimize(unbounded, new double[1], new org.sgd4j.tensor.Rng(0), r))
        .hasMessageContaining("gd: no step size");
  }

  @Test
  void recorderConvergesAtEqualityWithTheTolerance() {
    FiniteSum p = bowls();
    double[] x = {1, 1};
    Optimum opt = new Optimum(new double[2], 2.5, 0, 0, "x");
    double tolerance = p.value(x) - 2.5;
    Recorder r = new Recorder(p, opt, 10, 1, tolerance);
    r.start(x);
    assertThat(r.finished()).isTrue();
    assertThat(r.trace("t").stopReason()).isEqualTo("converged");
  }

  @Test
  void modelProblemPassesItsEstimateThrough() {
    ModelProblem one = new ModelProblem("m", 1, 1, (x, i, g) -> {
      g[0] = x[0];
      return 0.5 * x[0] * x[0];
    }, 2.5);
    assertThat(one.lipschitz(0)).isEqualTo(2.5);
    assertThat(one.lipschitz()).isEqualTo(2.5);
    assertThat(one.value(0, new double[] {3})).isEqualTo(4.5);
    assertThat(one.name()).isEqualTo("m(n=1, d=1)");
    assertThatThrownBy(() -> new ModelProblem("m", 1, 0, (x, i, g) -> 0, 1)).hasMessageContaining("d=0");
    assertThatThrownBy(() -> new ModelProblem("m", 1, 1, (x, i, g) -> 0, 0))
        .hasMessageContaining("Lipschitz estimate must be positive or NaN, got 0.0");
  }

  @Test
  void solversAndSchedulesRefuseBadArguments() {
    assertThatThrownBy(() -> new RmsProp(0, 0.9, 1e-8, 1)).hasMessage("Invalid learning rate: 0.0");
    assertThatThrownBy(() -> new RmsProp(0.1, 0.9, 0, 1)).hasMessage("Invalid eps: 0.0");
    assertThatThrownBy(() -> new RmsProp(0.1, 1, 1e-8, 1)).hasMessage("Invalid alpha value: 1.0");
    assertThatThrownBy(() -> new RmsProp(0.1, -0.1, 1e-8, 1)).hasMessage("Invalid alpha value: -0.1");
    assertThat(new RmsProp(0.1, 0, 1e-8, 1).name()).isEqualTo("rmsprop");
    assertThatThrownBy(() -> new Adagrad(Double.POSITIVE_INFINITY, 1e-8, 1)).hasMessage("Invalid learning rate: Infinity");
    assertThatThrownBy(() -> new Adagrad(0.1, -1, 1)).hasMessage("Invalid eps: -1.0");
    assertThat(new Adagrad(0.1, 1e-10, 1).name()).isEqualTo("adagrad");
    assertThatThrownBy(() -> new Adam(0.1, 0.9, 0.999, 1e-8, 0)).hasMessage("Invalid batch size: 0");
    for (Runnable bad : List.<Runnable>of(
        () -> StepSchedule.inverseSqrt(0),
        () -> StepSchedule.exponential(0, 0.5),
        () -> StepSchedule.exponential(0.1, 0),
        () -> StepSchedule.exponential(0.1, 1.5),
        () -> StepSchedule.polynomial(0, 1, 0.5),
        () -> StepSchedule.polynomial(0.1, 0, 0.5),
        () -> StepSchedule.polynomial(0.1, 1, 0))) {
      assertThatThrownBy(bad::run).isInstanceOf(IllegalArgumentException.class);
    }
    StepSchedule.exponential(0.1, 1); // γ = 1 is a constant step, allowed
  }
}
