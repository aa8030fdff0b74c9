package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;

/**
 * SGD with a constant step stalls at a floor proportional to the step (the notes'
 * {@code Lσ²α/(4μ)}), divided by {@code B} for mini-batches; with the notes' decreasing step
 * {@code (2k+1)/(2μ(k+1)²)} the suboptimality falls as O(1/k).
 */
class SgdBehaviourTest {

  /** Mean of f(x_k) − f* over the second half of a 300-pass run, recorded every 10 steps of B examples. */
  static double floor(FiniteSum p, double lr, int batch, long seed) {
    double recordsPerPass = p.n() / (10.0 * batch);
    Trace t = Fixtures.run(new Sgd("sgd", StepSchedule.constant(lr), batch), p, 300, recordsPerPass, seed, -1);
    int half = t.points().size() / 2;
    return t.points().subList(half, t.points().size()).stream().mapToDouble(TracePoint::suboptimality).average()
        .orElseThrow();
  }

  @Test
  void constantStepFloorMatchesTheStationaryVarianceAndShrinksWithTheStep() {
    // f = ½λ‖x‖² + cᵀx + noise: the stationary value is E[f − f*] = ασ²/(2B(2 − αλ)), ≈ Lσ²α/(4μB)
    Quadratic q = Quadratic.withSpectrum(new double[] {1, 1, 1, 1, 1}, 1000, 1.0, 51);
    double s2 = q.sigma2();
    for (double lr : new double[] {0.1, 0.025}) {
      for (int b : new int[] {1, 4}) {
        double measured = floor(q, lr, b, 52);
        double exact = lr * s2 / (2 * b * (2 - lr));
        double notes = q.lipschitz() * s2 * lr / (4 * q.mu() * b);
        assertThat(measured).as("lr=%s B=%d", lr, b).isBetween(0.9 * exact, 1.1 * exact);
        assertThat(measured).as("lr=%s B=%d vs notes", lr, b).isBetween(0.85 * notes, 1.15 * notes);
      }
    }
    double ratio = floor(q, 0.1, 1, 53) / floor(q, 0.025, 1, 53);
    assertThat(ratio).isBetween(3.4, 4.6);
  }

  @Test
  void constantStepFloorStaysBelowTheNotesBoundOnAnIllConditionedQuadratic() {
    Quadratic q = Quadratic.withSpectrum(new double[] {0.2, 1, 2}, 500, 1.0, 54);
    double lr = 0.05;
    double measured = floor(q, lr, 1, 55);
    double bound = q.lipschitz() * q.sigma2() * lr / (4 * q.mu());
    assertThat(measured).isLessThan(bound).isGreaterThan(bound / 20);
  }

  @Test
  void notesDecreasingStepGivesOneOverK() {
    Quadratic q = Quadratic.withSpectrum(new double[] {0.5, 1, 2}, 1000, 1.0, 56);
    double[] mean = new double[3]; // at k = 1e3, 1e4, 1e5
    int seeds = 20;
    for (int s = 0; s < seeds; s++) {
      Solver sgd = new Sgd("sgd-decreasing", StepSchedule.notesDecreasing(q.mu(), 1 / (2 * q.lipschitz())), 1);
      Trace t = Fixtures.run(sgd, q, 100, 1, 100 + s, -1);
      mean[0] += t.points().get(1).suboptimality() / seeds;
      mean[1] += t.points().get(10).suboptimality() / seeds;
      mean[2] += t.points().get(100).suboptimality() / seeds;
    }
    // a factor 10 more iterations divides the suboptimality by about 10
    assertThat(mean[0] / mean[1]).isBetween(6.0, 16.0);
    assertThat(mean[1] / mean[2]).isBetween(6.0, 16.0);
    // and k (f − f*) levels off: about the same at k = 1e4 and k = 1e5
    assertThat((1e5 * mean[2]) / (1e4 * mean[1])).isBetween(0.7, 1.4);
  }

  /** σ² = (1/n) Σ ‖∇f_i(x*)‖², the gradient noise at the optimum. */
  static double sigma2AtOptimum(FiniteSum p) {
    double[] xs = Optimum.of(p).x();
    double[] g = new double[p.dim()];
    double s2 = 0;
    for (int i = 0; i < p.n(); i++) {
      p.gradient(i, xs, g);
      s2 += LinearModelProblem.squaredNorm(g) / p.n();
    }
    return s2;
  }

  @Test
  void constantStepFloorOnLogisticShrinksWithTheStepAndRespectsTheNotesBound() {
    LogisticRegression p = LogisticRegression.synthetic(200, 5, 1.0, 0.1, 58);
    double s2 = sigma2AtOptimum(p);
    double lr = 0.2 / p.maxLipschitz();
    double big = floor(p, lr, 1, 59);
    double small = floor(p, lr / 4, 1, 59);
    assertThat(big / small).isBetween(3.0, 5.0);
    double bound = p.lipschitz() * s2 * lr / (4 * p.mu());
    assertThat(big).isLessThan(bound);
    // and a mini-batch of 4 lowers the floor about as much as a 4 times smaller step
    assertThat(floor(p, lr, 4, 59) / small).isBetween(0.7, 1.4);
  }

  @Test
  void notesDecreasingStepGivesOneOverKOnLogistic() {
    LogisticRegression p = LogisticRegression.synthetic(200, 5, 1.0, 0.1, 60);
    double[] mean = new double[3]; // at k = 2e2, 2e3, 2e4
    int seeds = 20;
    for (int s = 0; s < seeds; s++) {
      Solver sgd = new Sgd("sgd-decreasing", StepSchedule.notesDecreasing(p.mu(), 1 / (2 * p.maxLipschitz())), 1);
      Trace t = Fixtures.run(sgd, p, 100, 1, 200 + s, -1);
      mean[0] += t.points().get(1).suboptimality() / seeds;
      mean[1] += t.points().get(10).suboptimality() / seeds;
      mean[2] += t.points().get(100).suboptimality() / seeds;
    }
    assertThat(mean[0] / mean[1]).isBetween(5.0, 20.0);
    assertThat(mean[1] / mean[2]).isBetween(6.0, 16.0);
  }

  @Test
  void schedulesFollowTheirFormulas() {
    assertThat(StepSchedule.notesDecreasing(0.5, 10).step(0)).isEqualTo(1.0);
    assertThat(StepSchedule.notesDecreasing(0.5, 10).step(3)).isEqualTo(7.0 / 16);
    assertThat(StepSchedule.notesDecreasing(0.5, 0.25).step(0)).isEqualTo(0.25);
    assertThat(StepSchedule.inverseSqrt(2).step(3)).isEqualTo(1.0);
    assertThat(StepSchedule.exponential(2, 0.5).step(3)).isEqualTo(0.25);
    assertThat(StepSchedule.polynomial(3, 10, 2).step(20)).isEqualTo(1.0 / 3);
    assertThat(StepSchedule.constant(0.1).step(12345)).isEqualTo(0.1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StepSchedule.constant(-0.1))
        .hasMessage("Invalid lr: -0.1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StepSchedule.exponential(1, 1.5))
        .hasMessageContaining("gamma: 1.5");
  }

  @Test
  void sgdIsReproducibleFromTheSeed() {
    LogisticRegression p = LogisticRegression.synthetic(100, 10, 0.5, 1e-2, 57);
    Trace a = Fixtures.run(new Sgd("sgd", StepSchedule.constant(0.1), 2), p, 3, 4, 9, 0);
    Trace b = Fixtures.run(new Sgd("sgd", StepSchedule.constant(0.1), 2), p, 3, 4, 9, 0);
    Trace c = Fixtures.run(new Sgd("sgd", StepSchedule.constant(0.1), 2), p, 3, 4, 10, 0);
    assertThat(a.finalX()).isEqualTo(b.finalX());
    assertThat(a.points().stream().map(TracePoint::suboptimality).toList())
        .isEqualTo(b.points().stream().map(TracePoint::suboptimality).toList());
    assertThat(a.finalX()).isNotEqualTo(c.finalX());
    assertThat(new Rng(9).nextLong()).isNotEqualTo(new Rng(10).nextLong());
  }
}
