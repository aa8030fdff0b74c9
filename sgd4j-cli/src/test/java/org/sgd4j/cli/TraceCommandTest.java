package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgd4j.io.Json;
import picocli.CommandLine;

/** {@code sgd4j trace} in-process. */
class TraceCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonHasThePathAndTheFinalValue() throws Exception {
    Run r = run("trace", "--objective", "x1^2 + 2*x2^2", "--optimizer", "gd", "--lr", "0.1", "--steps", "5",
        "--start", "-5,-2", "--out", dir.toString(), "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    Map<String, Object> m = (Map<String, Object>) Json.parse(r.out().strip());
    List<List<Number>> path = (List<List<Number>>) m.get("path");
    assertThat(path).hasSize(6);
    for (int t = 0; t <= 5; t++) {
      assertThat(path.get(t).get(0).doubleValue()).isCloseTo(-5 * Math.pow(0.8, t), within(1e-5));
      assertThat(path.get(t).get(1).doubleValue()).isCloseTo(-2 * Math.pow(0.6, t), within(1e-5));
    }
    double x1 = -5 * Math.pow(0.8, 5);
    double x2 = -2 * Math.pow(0.6, 5);
    assertThat(((Number) m.get("f")).doubleValue()).isCloseTo(x1 * x1 + 2 * x2 * x2, within(1e-5));
    assertThat(dir.resolve("trace.csv")).exists();
    assertThat(dir.resolve("trace.png")).exists();
    assertThat(dir.resolve("trace.svg")).exists();
    assertThat(Files.readString(dir.resolve("index.html"))).contains("trace.png");
    assertThat(Files.readAllLines(dir.resolve("trace.csv"))).hasSize(7).first().isEqualTo("t,x1,x2,f");
  }

  @Test
  void aNotesCaseWithAnOverride() throws Exception {
    Run r = run("trace", "--case", "gd-eta0.6", "--steps", "3", "--out", dir.toString(), "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"optimizer\":\"gd η=0.6\"");
    assertThat(dir.resolve("gd-eta0.6.png")).exists();
  }

  @Test
  void badInputIsNamed() {
    Run r = run("trace", "--objective", "x1 + (x2", "--out", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("missing ')'").contains("at position 9");
    assertThat(run("trace", "--start", "1;2", "--out", dir.toString()).err()).contains("--start needs X1,X2");
    assertThat(run("trace", "--optimizer", "lbfgs", "--out", dir.toString()).err())
        .contains("unknown optimizer 'lbfgs'; known: gd, momentum, sgd, adagrad");
  }

  @Test
  void everyOptimizerNameOfTrainWorks() {
    for (String name : Optimizers.FLAGS.keySet()) {
      Run r = run("trace", "--optimizer", name, "--lr", "0.1", "--steps", "3", "--out", dir.resolve(name).toString(),
          "--json");
      assertThat(r.exit()).as(name + ": " + r.err()).isZero();
      assertThat(r.out()).contains("\"f\"");
    }
    assertThat(run("trace", "--case", "nope", "--out", dir.toString()).err()).contains("unknown case 'nope'");
  }
}
