package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The library entry point of {@code sgd4j finite-sum} and its CSV and JSON output. */
class ComparisonTest {
  static final LogisticRegression P = LogisticRegression.synthetic(150, 12, 0.5, 1e-2, 91);

  @Test
  void runsEveryNamedSolverAndWritesOneJsonObject() throws Exception {
    List<SolverConfig> configs = SolverConfig.parseList(String.join(",", SolverConfig.NAMES));
    Comparison.Result r = Comparison.run(P, configs, 3, 7, 1);
    assertThat(r.traces()).hasSize(SolverConfig.NAMES.size());
    StringWriter w = new StringWriter();
    TraceWriters.writeJson(r, w);
    JsonNode json = new ObjectMapper().readTree(w.toString());
    assertThat(json.get("f_star").asDouble()).isEqualTo(Optimum.of(P).value());
    assertThat(json.get("solvers")).hasSize(SolverConfig.NAMES.size());
    for (int k = 0; k < configs.size(); k++) {
      JsonNode s = json.get("solvers").get(k);
      Trace t = r.traces().get(k);
      assertThat(s.get("name").asText()).isEqualTo(SolverConfig.NAMES.get(k));
      assertThat(s.get("passes")).hasSize(t.points().size());
      assertThat(s.get("suboptimality")).hasSize(t.points().size());
      assertThat(s.get("seconds")).hasSize(t.points().size());
      assertThat(s.get("suboptimality").get(t.points().size() - 1).asDouble()).isEqualTo(t.last().suboptimality());
      assertThat(t.last().passes()).as(t.solver()).isGreaterThanOrEqualTo(t.stopReason().equals("budget") ? 3 : 0);
      assertThat(t.diverged()).as(t.solver() + ": " + t.stopReason()).isFalse();
    }
  }

  @Test
  void csvHasOneRowPerTracePoint() throws Exception {
    Comparison.Result r = Comparison.run(P, SolverConfig.parseList("sag,svrg"), 2, 7, 4);
    StringWriter w = new StringWriter();
    TraceWriters.writeCsv(r, w);
    String[] lines = w.toString().split("\n");
    assertThat(lines[0]).isEqualTo("solver,passes,gradient_evaluations,seconds,cpu_seconds,suboptimality,grad_norm,distance");
    assertThat(lines).hasSize(1 + r.traces().get(0).points().size() + r.traces().get(1).points().size());
    assertThat(lines[1]).startsWith("sag,0.0,0,");
  }

  @Test
  void sameSeedSameNumbers() {
    Comparison.Result a = Comparison.run(P, SolverConfig.parseList("sgd,saga,adam"), 2, 11, 2);
    Comparison.Result b = Comparison.run(P, SolverConfig.parseList("sgd,saga,adam"), 2, 11, 2);
    for (int k = 0; k < 3; k++) {
      assertThat(a.traces().get(k).finalX()).isEqualTo(b.traces().get(k).finalX());
    }
  }

  @Test
  void aDivergingSolverIsReportedAndTheOthersStillRun() {
    LeastSquares ls = LeastSquares.synthetic(50, 5, 1, 0.1, 0.0, 92);
    Comparison.Result r = Comparison.run(ls, List.of(SolverConfig.builder("sgd").lr(100).build(), SolverConfig.of("saga")),
        20, 1, 1);
    assertThat(r.traces().get(0).diverged()).isTrue();
    assertThat(r.traces().get(0).stopReason()).contains("gradient evaluations").contains("sgd with lr = 100.0");
    assertThat(r.traces().get(1).diverged()).isFalse();
    assertThat(r.traces().get(1).last().suboptimality()).isLessThan(1e-6);
  }

  @Test
  void writersFlushAndWriteEveryColumn() throws Exception {
    Comparison.Result r = Comparison.run(P, SolverConfig.parseList("saga"), 2, 7, 1);
    Trace t = r.traces().get(0);
    StringWriter sink = new StringWriter();
    java.io.BufferedWriter buffered = new java.io.BufferedWriter(sink, 1 << 16);
    TraceWriters.writeJson(r, buffered);
    JsonNode json = new ObjectMapper().readTree(sink.toString());
    JsonNode s = json.get("solvers").get(0);
    assertThat(json.get("f_star_method").asText()).isEqualTo("Newton");
    for (int k = 0; k < t.points().size(); k++) {
      TracePoint p = t.points().get(k);
      assertThat(s.get("grad_norm").get(k).asDouble()).isEqualTo(p.gradientNorm());
      assertThat(s.get("distance").get(k).asDouble()).isEqualTo(p.distance());
      assertThat(s.get("passes").get(k).asDouble()).isEqualTo(p.passes());
    }
    StringWriter csvSink = new StringWriter();
    TraceWriters.writeCsv(r, new java.io.BufferedWriter(csvSink, 1 << 16));
    assertThat(csvSink.toString().split("\n")).hasSize(1 + t.points().size());
  }

  @Test
  void aSolverThatRefusesTheProblemIsReportedAsDiverged() {
    // lr·mu = 2 leaves SAG no shrink factor 1 − lr·mu > 0: the run stops there, named, and the next runs
    LogisticRegression strong = LogisticRegression.synthetic(20, 3, 1, 1.0, 98);
    Comparison.Result r = Comparison.run(strong, List.of(SolverConfig.builder("sag").lr(2).build(), SolverConfig.of("saga")),
        1, 1, 1);
    assertThat(r.traces().get(0).stopReason())
        .isEqualTo("diverged: sag: step size times mu must be below 1 (shrink factor 1 - lr*mu = -1.0) (sag with lr = 2.0)");
    assertThat(r.traces().get(1).stopReason()).isEqualTo("budget");
  }

  @Test
  void jsonEscapesStringsAndWritesNonFiniteAsNull() {
    assertThat(TraceWriters.string("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    assertThat(TraceWriters.number(Double.NaN)).isEqualTo("null");
    assertThat(TraceWriters.number(1e-5)).isEqualTo("1.0E-5");
    assertThat(TraceWriters.string("a b\u001f")).isEqualTo("\"a b\\u001f\"");
  }
}
