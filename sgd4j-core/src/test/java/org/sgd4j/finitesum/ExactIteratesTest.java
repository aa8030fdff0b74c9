package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sgd4j.tensor.Rng;

/**
 * Every iterate of SAG (all its variants), SAGA, SVRG, SGD and the adaptive methods on two
 * four-example problems, least squares and logistic regression, against the papers' update rules
 * written densely in NumPy (torch.optim for Adam, RMSprop and Adagrad) with the same random draws
 * (reference/finitesum/exact_iterates.py, which replicates {@link Rng}). Each solver runs both its
 * linear-model form and, through {@link Fixtures#opaque}, its generic form; the two differ where the
 * method keeps the L2 term out of its table (SAG, SAGA), and the reference gives each its own rule.
 */
class ExactIteratesTest {
  static final JsonNode REF = ExactStepsTest.load("/reference/finitesum/exact_iterates.json");

  static LinearModelProblem problem(String name) {
    return problem(REF.get("problems").get(name));
  }

  static LinearModelProblem problem(JsonNode p) {
    JsonNode rows = p.get("a");
    double[][] a = new double[rows.size()][];
    for (int i = 0; i < a.length; i++) {
      a[i] = ExactStepsTest.doubles(rows.get(i));
    }
    double[] targets = ExactStepsTest.doubles(p.get("targets"));
    double mu = p.get("mu").asDouble();
    return switch (p.get("kind").asText()) {
      case "least_squares" -> LeastSquares.dense(a, targets, mu);
      case "logistic" -> LogisticRegression.dense(a, targets, mu);
      default -> throw new IllegalArgumentException(p.get("kind").asText());
    };
  }

  static Solver solver(JsonNode run) {
    JsonNode o = run.get("options");
    double lr = o.has("lr") ? o.get("lr").asDouble() : Double.NaN;
    int batch = o.path("batch").asInt(1);
    return switch (run.get("solver").asText()) {
      case "sag" -> {
        Sag s = Sag.withStep(lr);
        if (o.path("sampling").asText().equals("mixed")) {
          s = s.sampling(Sampling.LIPSCHITZ_MIXED);
        }
        if (o.path("line_search").asBoolean(false)) {
          s = s.lineSearch(true);
        }
        if (o.path("initialisation").asText().equals("n")) {
          s = s.initialisation(false);
        }
        yield s;
      }
      case "saga" -> new Saga(lr);
      case "svrg" -> new Svrg(lr, o.get("epoch_length").asInt());
      case "sgd" -> new Sgd("sgd", StepSchedule.constant(lr), batch);
      case "adam" -> new Adam(lr, o.get("betas").get(0).asDouble(), o.get("betas").get(1).asDouble(),
          o.get("eps").asDouble(), batch);
      case "rmsprop" -> new RmsProp(lr, o.get("alpha").asDouble(), o.get("eps").asDouble(), batch);
      case "adagrad" -> new Adagrad(lr, o.get("eps").asDouble(), batch);
      default -> throw new IllegalArgumentException(run.get("solver").asText());
    };
  }

  /**
   * Each reference run; a run without a {@code generic} option is the same rule for both forms and
   * is checked on both.
   */
  static Stream<Arguments> runs() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode run : REF.get("runs")) {
      JsonNode g = run.get("options").get("generic");
      for (boolean generic : g == null ? new boolean[] {false, true} : new boolean[] {g.asBoolean()}) {
        String label = run.get("solver").asText() + " " + run.get("problem").asText() + " seed " + run.get("seed")
            + (generic ? " generic " : " linear ") + run.get("options");
        out.add(Arguments.of(label, run, generic));
      }
    }
    return out.stream();
  }

  /**
   * The iterate after exactly {@code evaluations} gradient evaluations from {@code x = 0}, the
   * solver's steps ending at the counts {@code stepEnds}; the trace holds the start, the first step
   * end at or past each multiple of {@code n} (one record per pass), and the last step.
   */
  static double[] after(Solver s, FiniteSum p, long seed, long evaluations, List<Long> stepEnds) {
    double[] x = new double[p.dim()];
    Recorder r = new Recorder(p, new Optimum(new double[p.dim()], Double.NEGATIVE_INFINITY, 0, 0, "none"),
        (double) evaluations / p.n(), 1, 0);
    s.minimize(p, x, new Rng(seed), r);
    assertThat(r.evaluations()).isEqualTo(evaluations);
    Trace trace = r.trace(s.name());
    assertThat(trace.finalX()).containsExactly(x);
    assertThat(trace.stopReason()).isEqualTo("budget");
    List<Long> recorded = new ArrayList<>(List.of(0L));
    long due = p.n();
    for (long e : stepEnds) {
      if (e > evaluations) {
        break;
      }
      if (e >= due || e == evaluations) {
        recorded.add(e);
        due = (e / p.n() + 1) * p.n();
      }
    }
    assertThat(trace.points()).extracting(TracePoint::gradientEvaluations).containsExactlyElementsOf(recorded);
    return x;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void iteratesMatchThePapersRules(String label, JsonNode run, boolean generic) {
    LinearModelProblem lm = problem(run.get("problem").asText());
    FiniteSum p = generic ? Fixtures.opaque(lm) : lm;
    List<Long> stepEnds = new ArrayList<>();
    run.get("iterates").forEach(step -> stepEnds.add(step.get("evaluations").asLong()));
    for (JsonNode step : run.get("iterates")) {
      long evaluations = step.get("evaluations").asLong();
      double[] got = after(solver(run), p, run.get("seed").asLong(), evaluations, stepEnds);
      double[] want = ExactStepsTest.doubles(step.get("x"));
      for (int j = 0; j < want.length; j++) {
        assertThat(got[j]).as("%s after %d evaluations, x[%d]", label, evaluations, j)
            .isCloseTo(want[j], within(1e-12 * (1 + Math.abs(want[j]))));
      }
    }
  }

  @Test
  void lbfgsStepsAreTheTwoLoopRecursionWithArmijoBacktracking() {
    // memory 3 on a five-dimensional quadratic: the circular buffer of pairs wraps around
    JsonNode ref = REF.get("lbfgs");
    LinearModelProblem p = problem(ref.get("problem"));
    List<double[]> points = new ArrayList<>();
    FiniteSum logged = Fixtures.opaque(p, x -> points.add(x.clone()));
    double[] x = Lbfgs.minimize(logged, new double[p.dim()], ref.get("memory").asInt());
    JsonNode want = ref.get("points");
    assertThat(points.size()).isGreaterThan(want.size());
    for (int k = 0; k < want.size(); k++) {
      double[] w = ExactStepsTest.doubles(want.get(k));
      for (int j = 0; j < w.length; j++) {
        assertThat(points.get(k)[j]).as("gradient point %d, x[%d]", k, j).isCloseTo(w[j], within(1e-10));
      }
    }
    // it returns the point of smallest gradient norm among those it evaluated
    double[] g = new double[p.dim()];
    double smallest = Double.POSITIVE_INFINITY;
    for (double[] point : points) {
      p.fullGradient(point, g);
      smallest = Math.min(smallest, Math.sqrt(LinearModelProblem.squaredNorm(g)));
    }
    p.fullGradient(x, g);
    assertThat(Math.sqrt(LinearModelProblem.squaredNorm(g))).isEqualTo(smallest).isLessThan(1e-9);
  }

  @Test
  void lbfgsFirstStepBacktracksToTheArmijoDecrease() {
    // f(x) = ½(ax − b)² from 0: the first direction is −g/|g| (a unit step toward b/a) and t halves
    // from 1 until f(t) ≤ f(0) − 1e-4 t ab. With t ≤ 2(1 − 1e-4) b/a for the accepted t:
    //   a = 2, b = 1.00005:      t = 1 falls short by a relative 5e-5, t = 1/2 is taken;
    //   a = 4, b = 4/3.9992:     t = 1/2 (a/b = 3.9992 ≤ 3.9996);
    //   a = 4, b = 1.00005:      t = 1/4 (a/b = 3.9998 > 3.9996).
    double[][] cases = {{2, 1.00005, 0.5}, {4, 4 / 3.9992, 0.5}, {4, 1.00005, 0.25}};
    for (double[] c : cases) {
      LeastSquares p = LeastSquares.dense(new double[][] {{c[0]}}, new double[] {c[1]}, 0);
      List<double[]> points = new ArrayList<>();
      FiniteSum logged = Fixtures.opaque(p, x -> points.add(x.clone()));
      double[] x = Lbfgs.minimize(logged, new double[1], 3);
      assertThat(points.get(1)[0]).as("a = %s, b = %s", c[0], c[1]).isCloseTo(c[2], within(1e-15));
      assertThat(x[0]).isCloseTo(c[1] / c[0], within(1e-12));
    }
  }

  @Test
  void theReferenceReplicatesTheRng() {
    JsonNode r = REF.get("rng");
    Rng rng = new Rng(r.get("seed").asLong());
    for (JsonNode v : r.get("next_int_4")) {
      assertThat(rng.nextInt(4)).isEqualTo(v.asInt());
    }
    for (JsonNode v : r.get("next_double")) {
      assertThat(rng.nextDouble()).isEqualTo(v.asDouble());
    }
  }
}
