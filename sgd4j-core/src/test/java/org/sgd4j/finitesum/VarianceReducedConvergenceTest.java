package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On a strongly convex logistic problem SAG, SAGA and SVRG converge linearly: the log of the
 * suboptimality falls at a steady rate, below 1e-10 within a bounded number of passes.
 */
class VarianceReducedConvergenceTest {
  static final LogisticRegression PROBLEM = LogisticRegression.synthetic(300, 20, 0.5, 1e-2, 31);

  static List<Solver> solvers() {
    return List.of(Sag.withStep(Double.NaN), Sag.withStep(Double.NaN).sampling(Sampling.LIPSCHITZ_MIXED),
        Sag.withStep(Double.NaN).lineSearch(true),
        Sag.withStep(Double.NaN).sampling(Sampling.LIPSCHITZ_MIXED).lineSearch(true), new Saga(Double.NaN),
        new Svrg(Double.NaN, 0));
  }

  @Test
  void varianceReducedMethodsConvergeLinearly() {
    for (Solver s : solvers()) {
      Trace t = Fixtures.run(s, PROBLEM, 80, 1, 5, 1e-13);
      // below 1e-10 within a bounded number of passes
      TracePoint reached = t.points().stream().filter(p -> p.suboptimality() <= 1e-10).findFirst().orElseThrow(
          () -> new AssertionError(s.name() + " did not reach 1e-10 in 80 passes: " + t.last()));
      assertThat(reached.passes()).as(s.name()).isLessThanOrEqualTo(60);
      // steady negative slope: every 5 passes the suboptimality falls by at least a factor 2 ...
      List<double[]> logs = new ArrayList<>();
      for (TracePoint p : t.points()) {
        if (p.suboptimality() > 1e-12) {
          logs.add(new double[] {p.passes(), Math.log10(p.suboptimality())});
        }
      }
      for (int k = 5; k < logs.size(); k++) {
        assertThat(logs.get(k)[1] - logs.get(k - 5)[1]).as("%s passes %s..%s", s.name(), logs.get(k - 5)[0],
            logs.get(k)[0]).isLessThan(-Math.log10(2));
      }
      // ... and a straight line fits log10(f - f*) against passes (R² > 0.95, negative slope)
      double[] fit = lineFit(logs);
      assertThat(fit[0]).as(s.name() + " slope").isLessThan(-0.1);
      assertThat(fit[1]).as(s.name() + " R^2").isGreaterThan(0.95);
    }
  }

  @Test
  void distanceToTheMinimizerAndGradientNormAlsoVanish() {
    for (Solver s : solvers()) {
      Trace t = Fixtures.run(s, PROBLEM, 80, 1, 6, 1e-14);
      assertThat(t.last().distance()).as(s.name()).isLessThan(1e-5);
      assertThat(t.last().gradientNorm()).as(s.name()).isLessThan(1e-6);
      assertThat(t.last().gradientEvaluations()).isEqualTo(Math.round(t.last().passes() * PROBLEM.n()));
    }
  }

  @Test
  void theNotesInitialisationDividesByTheExamplesSeenSoFar() {
    // one step from 0: x_1 = -(lr/m) grad f_i(0) with m = 1 (notes), or -(lr/n) grad f_i(0) with a zero table
    double lr = 0.1;
    double[] one = firstStep(Sag.withStep(lr));
    double[] byN = firstStep(Sag.withStep(lr).initialisation(false));
    int i = new org.sgd4j.tensor.Rng(8).nextInt(PROBLEM.n());
    double[] g = new double[PROBLEM.dim()];
    PROBLEM.gradient(i, new double[PROBLEM.dim()], g);
    for (int j = 0; j < g.length; j++) {
      assertThat(one[j]).isCloseTo(-lr * g[j], org.assertj.core.data.Offset.offset(1e-15));
      assertThat(byN[j]).isCloseTo(-lr * g[j] / PROBLEM.n(), org.assertj.core.data.Offset.offset(1e-15));
    }
  }

  private static double[] firstStep(Solver s) {
    Recorder r = new Recorder(PROBLEM, Optimum.of(PROBLEM), 1.0 / PROBLEM.n(), 1, 0);
    double[] x = new double[PROBLEM.dim()];
    s.minimize(PROBLEM, x, new org.sgd4j.tensor.Rng(8), r);
    return x;
  }

  /** Least-squares slope and R² of y on x. */
  static double[] lineFit(List<double[]> pts) {
    int n = pts.size();
    double mx = 0;
    double my = 0;
    for (double[] p : pts) {
      mx += p[0] / n;
      my += p[1] / n;
    }
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (double[] p : pts) {
      sxy += (p[0] - mx) * (p[1] - my);
      sxx += (p[0] - mx) * (p[0] - mx);
      syy += (p[1] - my) * (p[1] - my);
    }
    return new double[] {sxy / sxx, sxy * sxy / (sxx * syy)};
  }
}
