package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgd4j.finitesum.LogisticRegression;
import org.sgd4j.finitesum.Optimum;
import org.sgd4j.io.Json;
import picocli.CommandLine;

/** {@code sgd4j finite-sum} run in-process: the --json object, the files, and bad input. */
class FiniteSumCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void jsonGivesFStarAndEachSolversFinalSuboptimality() throws Exception {
    Run r = run("finite-sum", "--problem", "logistic", "--n", "200", "--dim", "10", "--mu", "0.01", "--solvers",
        "sgd,saga", "--epochs", "15", "--seed", "3", "--out", dir.toString(), "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    Map<?, ?> m = (Map<?, ?>) Json.parse(r.out().strip());
    assertThat(new ArrayList<Object>(m.keySet())).containsExactly("problem", "f_star", "f_star_method", "solvers");
    // f* is that of the same synthetic problem, computed independently here
    double fStar = Optimum.of(LogisticRegression.synthetic(200, 10, 1.0, 0.01, 3)).value();
    assertThat(Json.asDouble(m.get("f_star"))).isCloseTo(fStar, org.assertj.core.data.Offset.offset(1e-12));
    List<?> solvers = (List<?>) m.get("solvers");
    assertThat(solvers).hasSize(2);
    Map<?, ?> sgd = (Map<?, ?>) solvers.get(0);
    Map<?, ?> saga = (Map<?, ?>) solvers.get(1);
    assertThat(new ArrayList<Object>(sgd.keySet())).containsExactly("name", "passes", "suboptimality", "seconds", "stop");
    assertThat(sgd.get("name")).isEqualTo("sgd");
    assertThat(saga.get("name")).isEqualTo("saga");
    assertThat(Json.asDouble(sgd.get("passes"))).isCloseTo(15, org.assertj.core.data.Offset.offset(0.01));
    assertThat(Json.asDouble(saga.get("passes"))).isCloseTo(15, org.assertj.core.data.Offset.offset(0.01));
    double sgdGap = Json.asDouble(sgd.get("suboptimality"));
    double sagaGap = Json.asDouble(saga.get("suboptimality"));
    assertThat(sgdGap).isPositive();
    // constant-step SGD stalls at its noise floor; SAGA converges linearly
    assertThat(sagaGap).isGreaterThanOrEqualTo(0).isLessThan(1e-3 * sgdGap);
    assertThat(Json.asDouble(saga.get("seconds"))).isGreaterThanOrEqualTo(0);

    for (String f : List.of("trace.csv", "trace.json", "summary.json", "report.html", "suboptimality-passes.png",
        "suboptimality-passes.svg", "suboptimality-seconds.png", "suboptimality-seconds.svg")) {
      assertThat(dir.resolve(f)).isNotEmptyFile();
    }
    List<String> csv = Files.readAllLines(dir.resolve("trace.csv"));
    assertThat(csv.get(0)).startsWith("solver,passes,gradient_evaluations,seconds");
    assertThat(csv).anyMatch(l -> l.startsWith("saga,")).anyMatch(l -> l.startsWith("sgd,"));
    assertThat(Json.parse(Files.readString(dir.resolve("summary.json")))).isEqualTo(m);
    assertThat(Files.readString(dir.resolve("report.html"))).contains("<td>saga</td>")
        .contains("suboptimality-passes.png").contains("sgd4j finite-sum --problem logistic --dataset synthetic");
  }

  @Test
  void leastSquaresAndQuadraticRunWithTheirSolvers() throws Exception {
    Run ls = run("finite-sum", "--problem", "least-squares", "--n", "100", "--dim", "5", "--solvers", "gd,newton,svrg",
        "--epochs", "5", "--out", dir.resolve("ls").toString(), "--json");
    assertThat(ls.exit()).as(ls.err()).isZero();
    List<Object> s = new ArrayList<>((List<?>) ((Map<?, ?>) Json.parse(ls.out().strip())).get("solvers"));
    assertThat(s.stream().<Object>map(o -> ((Map<?, ?>) o).get("name")).toList()).containsExactly("gd", "newton", "svrg");
    // Newton solves a quadratic in one step: f(x) − f* at rounding level
    assertThat(Json.asDouble(((Map<?, ?>) s.get(1)).get("suboptimality"))).isLessThan(1e-10);

    Run q = run("finite-sum", "--problem", "quadratic", "--n", "50", "--dim", "4", "--mu", "0.1", "--solvers",
        "sgd-decreasing,minibatch", "--batch-size", "5", "--epochs", "3", "--out", dir.resolve("q").toString());
    assertThat(q.exit()).as(q.err()).isZero();
    assertThat(q.out()).contains("Quadratic(n=50, d=4").contains("sgd-decreasing").contains("minibatch")
        .contains("wrote ");
  }

  @Test
  void userErrorsAreOneLine() throws IOException {
    String[][] cases = {
        {"--solvers", "sgd,nope"}, {"--problem", "svm"}, {"--mu", "-1"}, {"--mu", "NaN"},
        {"--problem", "quadratic", "--mu", "0"}, {"--epochs", "0"}, {"--dataset", "mnist"},
        {"--dataset", "libsvm:" + dir.resolve("missing.svm")}, {"--step", "-0.1"}};
    String[] expected = {
        "Unknown solver 'nope'; known solvers: gd, gd-backtracking", "unknown problem 'svm'; known: logistic,",
        "--mu must be a finite number >= 0, got -1.0", "--mu must be a finite number >= 0, got NaN",
        "it must be in (0, 1], got 0.0", "--epochs must be a positive number, got 0.0",
        "unknown dataset 'mnist'; known: synthetic, libsvm:PATH", "no such file: " + dir.resolve("missing.svm"),
        "--step must be a positive number, got -0.1"};
    for (int i = 0; i < cases.length; i++) {
      List<String> args = new ArrayList<>(List.of("finite-sum", "--n", "20", "--dim", "3", "--out",
          dir.resolve("e" + i).toString()));
      args.addAll(List.of(cases[i]));
      Run r = run(args.toArray(String[]::new));
      // a bad flag value is a bad command line (2), a missing file bad input (1)
      assertThat(r.exit()).as(String.join(" ", cases[i])).isEqualTo(cases[i][1].startsWith("libsvm:") ? 1 : 2);
      assertThat(r.err().strip()).as(String.join(" ", cases[i])).startsWith("sgd4j finite-sum: ")
          .contains(expected[i]).doesNotContain("\n");
      assertThat(r.out()).isEmpty();
    }
    assertThat(run("finite-sum", "--mu", "abc").exit()).isEqualTo(2);
  }
}
