package org.sgd4j.optim;

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
import org.sgd4j.tensor.Tensor;

/**
 * L-BFGS's parts against torch.optim.lbfgs (reference/optim/generate_line_search.py): the cubic
 * interpolation on each of its branches, the strong Wolfe search on Rosenbrock's function (accepted
 * step, value, evaluation count and the steps it tried, from searches that bracket, zoom, extrapolate
 * and run out of evaluations), the search bit for bit on objectives whose values are the same doubles
 * here and in Python (polynomials along the line, and scripted objectives that reach its equalities
 * and rarer branches), and the stopping rules of {@link LBFGS#step} (iterations and evaluations
 * counted in the state, the loss returned).
 */
class LineSearchTest {
  static final JsonNode REF = ReferenceModels.load("/reference/optim/line_search.json");

  static double rosenbrock(double x0, double x1) {
    return (1 - x0) * (1 - x0) + 100 * (x1 - x0 * x0) * (x1 - x0 * x0);
  }

  static StrongWolfe.Eval rosenbrockAt(float[] x, double t, float[] d) {
    double x0 = x[0] + t * d[0];
    double x1 = x[1] + t * d[1];
    double g0 = -2 * (1 - x0) - 400 * x0 * (x1 - x0 * x0);
    double g1 = 200 * (x1 - x0 * x0);
    return new StrongWolfe.Eval(rosenbrock(x0, x1), new float[] {(float) g0, (float) g1});
  }

  static float[] floats(JsonNode a) {
    return ReferenceModels.floats(a);
  }

  @Test
  void cubicInterpolationMatchesTorchOnEveryBranch() {
    for (JsonNode c : REF.get("cubic")) {
      JsonNode a = c.get("args");
      double got = c.get("bounds").isNull()
          ? StrongWolfe.cubicInterpolate(a.get(0).asDouble(), a.get(1).asDouble(), a.get(2).asDouble(), a.get(3).asDouble(),
              a.get(4).asDouble(), a.get(5).asDouble())
          : StrongWolfe.cubicInterpolate(a.get(0).asDouble(), a.get(1).asDouble(), a.get(2).asDouble(), a.get(3).asDouble(),
              a.get(4).asDouble(), a.get(5).asDouble(), c.get("bounds").get(0).asDouble(), c.get("bounds").get(1).asDouble());
      assertThat(got).as("cubic through %s within %s", a, c.get("bounds")).isCloseTo(c.get("result").asDouble(), within(1e-12));
    }
  }

  @Test
  void cubicWithoutARealMinimumTakesTheMidpointOfTheBounds() {
    // x1 = 0, x2 = 1, g1 = g2 = 2, f1 − f2 = −4/3: d1 = g1 + g2 − 3 (f1 − f2)/(x1 − x2) = 0, d1² − g1 g2 = −4 < 0
    assertThat(StrongWolfe.cubicInterpolate(0, 0, 2, 1, 4.0 / 3, 2)).isEqualTo(0.5);
    assertThat(StrongWolfe.cubicInterpolate(0, 0, 2, 1, 4.0 / 3, 2, 0.2, 0.6)).isCloseTo(0.4, within(1e-15));
  }

  static Stream<Arguments> searches() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode s : REF.get("searches")) {
      out.add(Arguments.of("from " + s.get("x") + " t " + s.get("t") + " maxLs " + s.get("max_ls"), s));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("searches")
  void strongWolfeAcceptsTorchsStep(String label, JsonNode s) {
    float[] x = floats(s.get("x"));
    float[] d = floats(s.get("d"));
    float[] g = floats(s.get("g"));
    double f = rosenbrock(x[0], x[1]);
    double gtd = LBFGS.dot(g, d);
    List<Double> trace = new ArrayList<>();
    StrongWolfe.Result r = StrongWolfe.search((xx, t, dd) -> {
      trace.add(t);
      return rosenbrockAt(xx, t, dd);
    }, x, s.get("t").asDouble(), d, f, g, gtd, 1e-9, s.get("max_ls").asInt());
    double tWant = s.get("t_new").asDouble();
    JsonNode traceWant = s.get("trace");
    assertThat(trace).as("steps tried").hasSize(traceWant.size());
    for (int i = 0; i < trace.size(); i++) {
      double want = traceWant.get(i).asDouble();
      assertThat(trace.get(i)).as("step tried %d", i).isCloseTo(want, within(1e-5 * Math.max(1e-3, Math.abs(want))));
    }
    assertThat(r.evals()).as("evaluations").isEqualTo(s.get("evals").asInt());
    assertThat(r.t()).as("accepted step").isCloseTo(tWant, within(1e-5 * Math.max(1e-3, Math.abs(tWant))));
    assertThat(r.f()).as("f at the step").isCloseTo(s.get("f_new").asDouble(), within(1e-5 * Math.max(1, Math.abs(s.get("f_new").asDouble()))));
    float[] gWant = floats(s.get("g_new"));
    for (int i = 0; i < 2; i++) {
      assertThat(r.g()[i]).as("g[%d] at the step", i).isCloseTo(gWant[i], within(1e-4f * Math.max(1, Math.abs(gWant[i]))));
    }
    // the result is a point of the search: f and g are the objective's values at t
    StrongWolfe.Eval at = rosenbrockAt(x, r.t(), d);
    assertThat(r.f()).isEqualTo(at.f());
  }

  /**
   * The objective of an exact case: a polynomial in z = x + t·d by Horner's rule with its derivative
   * rounded to float32, or the scripted (f, g) of each call in order wherever it is asked (past the
   * script's end it fails the test, as the generator does); it records the steps t it was asked for.
   */
  static final class Traced implements StrongWolfe.Objective {
    final JsonNode c;
    final List<Double> trace = new ArrayList<>();

    Traced(JsonNode c) {
      this.c = c;
    }

    static double horner(JsonNode coef, double z) {
      double out = 0;
      for (int i = coef.size() - 1; i >= 0; i--) {
        out = out * z + coef.get(i).asDouble();
      }
      return out;
    }

    @Override
    public StrongWolfe.Eval at(float[] x, double t, float[] d) {
      trace.add(t);
      if (c.get("kind").asText().equals("poly")) {
        double z = x[0] + t * d[0];
        return new StrongWolfe.Eval(horner(c.get("coef"), z), new float[] {(float) horner(c.get("dcoef"), z)});
      }
      JsonNode call = c.get("calls").get(trace.size() - 1);
      JsonNode f = call.get(0);
      // ["armijo", a]: f(0) + a c₁ t gᵀd at the step asked for, as the generator computes it
      double value = f.isArray() ? c.get("f").asDouble() + f.get(1).asDouble() * StrongWolfe.C1 * t * c.get("gtd").asDouble()
          : f.asDouble();
      return new StrongWolfe.Eval(value, floats(call.get(1)));
    }
  }

  static Stream<Arguments> exactCases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : REF.get("exact")) {
      out.add(Arguments.of(c.get("kind").asText() + " " + c.path("coef") + c.path("calls") + " t " + c.get("t") + " maxLs "
          + c.get("max_ls") + " tol " + c.get("tolerance_change"), c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exactCases")
  void strongWolfeRetracesTorchBitForBit(String label, JsonNode c) {
    Traced obj = new Traced(c);
    float[] g = floats(c.get("g"));
    double gtd = LBFGS.dot(g, floats(c.get("d")));
    assertThat(gtd).as("gᵀd").isEqualTo(c.get("gtd").asDouble());
    StrongWolfe.Result r = StrongWolfe.search(obj, floats(c.get("x")), c.get("t").asDouble(), floats(c.get("d")),
        c.get("f").asDouble(), g, gtd, c.get("tolerance_change").asDouble(), c.get("max_ls").asInt());
    List<Double> want = new ArrayList<>();
    c.get("trace").forEach(v -> want.add(v.asDouble()));
    assertThat(obj.trace).as("steps tried").containsExactlyElementsOf(want);
    assertThat(r.evals()).as("evaluations").isEqualTo(c.get("evals").asInt());
    assertThat(r.t()).as("accepted step").isEqualTo(c.get("t_new").asDouble());
    assertThat(r.f()).as("f there").isEqualTo(c.get("f_new").asDouble());
    assertThat(r.g()).as("g there").containsExactly(floats(c.get("g_new")));
  }

  /** L-BFGS's state after a short step, as torch's: scalars, the last direction and gradient, the curvature pairs. */
  static void assertStateIsTorchs(ParamState state, JsonNode want) {
    for (String name : List.of("t", "H_diag", "prev_loss")) {
      double w = want.get(name).asDouble();
      assertThat(state.scalar(name, Double.NaN)).as(name).isCloseTo(w, within(1e-4 * Math.max(1, Math.abs(w))));
    }
    assertClose("d", state.tensor("d"), want.get("d"));
    assertClose("prev_flat_grad", state.tensor("prev_flat_grad"), want.get("prev_flat_grad"));
    int m = want.get("ro").size();
    assertThat(state.scalar("history", -1)).as("pairs kept").isEqualTo(m);
    assertThat(state.tensors().keySet()).as("buffers").containsExactlyInAnyOrderElementsOf(bufferNames(m));
    for (int i = 0; i < m; i++) {
      double ro = want.get("ro").get(i).asDouble();
      assertThat(state.scalar("ro." + i, Double.NaN)).as("ro.%d", i).isCloseTo(ro, within(1e-4 * Math.abs(ro)));
      assertClose("old_dirs." + i, state.tensor("old_dirs." + i), want.get("old_dirs").get(i));
      assertClose("old_stps." + i, state.tensor("old_stps." + i), want.get("old_stps").get(i));
    }
  }

  static List<String> bufferNames(int pairs) {
    List<String> out = new ArrayList<>(List.of("d", "prev_flat_grad"));
    for (int i = 0; i < pairs; i++) {
      out.add("old_dirs." + i);
      out.add("old_stps." + i);
    }
    return out;
  }

  static void assertClose(String name, Tensor got, JsonNode want) {
    float[] w = floats(want);
    float[] g = got.toArray();
    assertThat(g).as(name).hasSameSizeAs(w);
    double scale = 0;
    for (float v : w) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < w.length; i++) {
      assertThat((double) g[i]).as("%s[%d]", name, i).isCloseTo(w[i], within(1e-4 * Math.max(1e-3, scale)));
    }
  }

  static Stream<Arguments> runs() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode r : REF.get("lbfgs")) {
      out.add(Arguments.of(r.get("options") + (r.has("restart") ? " restarted" : ""), r));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void stepsStopWhereTorchStops(String label, JsonNode run) {
    JsonNode o = run.get("options");
    var b = LBFGS.options().withLr(o.get("lr").asDouble()).withMaxIter(o.get("maxIter").asInt())
        .withHistorySize(o.path("historySize").asInt(100)).withStrongWolfe(o.path("strongWolfe").asBoolean(false))
        .withToleranceGrad(o.path("toleranceGrad").asDouble(1e-7))
        .withToleranceChange(o.path("toleranceChange").asDouble(1e-9));
    if (o.has("maxEval")) {
      b = b.withMaxEval(o.get("maxEval").asInt());
    }
    boolean halfSquare = run.path("objective").asText("rosenbrock").equals("half_square");
    Tensor x = (halfSquare ? Tensor.of(floats(run.get("start"))) : Tensor.of(-1.2f, 1f)).requiresGrad_();
    LBFGS opt = new LBFGS(List.of(x), b);
    float[] before = x.toArray();
    int version = x.storage().version();
    int torchVersion = 0;
    for (JsonNode want : run.get("steps")) {
      if (run.path("restart").asBoolean(false) && want != run.get("steps").get(0)) {
        // as torch: n_iter back to 0 makes the next step start from steepest descent with no history
        opt.state(x).put("n_iter", 0);
      }
      float[] at = x.toArray();
      double first = halfSquare ? 0.5 * at[0] * at[0] : rosenbrock(at[0], at[1]);
      Tensor loss = opt.step(() -> {
        opt.zeroGrad();
        Tensor l = halfSquare ? x.square().sum().mul(0.5f) : rosenbrockLoss(x);
        l.backward();
        return l;
      });
      assertThat(loss.item()).as("the loss returned is the closure's first, before the step").isCloseTo((float) first,
          within(1e-5f * (float) Math.max(1, first)));
      assertThat(loss.item()).isCloseTo((float) want.get("loss").asDouble(), within(1e-4f * (float) Math.max(1, first)));
      assertThat(opt.state(x).scalar("n_iter", -1)).as("iterations").isEqualTo(want.get("n_iter").asDouble());
      assertThat(opt.state(x).scalar("func_evals", -1)).as("evaluations").isEqualTo(want.get("func_evals").asDouble());
      // each in-place write to the parameter (a trial step, its undoing, the step) counts, as torch's x._version
      assertThat(x.storage().version() - version).as("writes to the parameter")
          .isEqualTo(want.get("version").asInt() - torchVersion);
      version = x.storage().version();
      torchVersion = want.get("version").asInt();
      if (halfSquare) {
        assertThat(x.toArray()).as("x (exact on 0.5 |x|²)").containsExactly(floats(want.get("x")));
      }
      if (want.has("state")) {
        assertStateIsTorchs(opt.state(x), want.get("state"));
      }
    }
    if (!halfSquare) {
      assertThat(x.toArray()).isNotEqualTo(before);
    }
  }

  static Tensor rosenbrockLoss(Tensor x) {
    Tensor x0 = x.select(0, 0);
    Tensor x1 = x.select(0, 1);
    return x0.rsub(1f).square().add(x1.sub(x0.square()).square().mul(100f));
  }
}
