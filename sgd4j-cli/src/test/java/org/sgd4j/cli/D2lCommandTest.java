package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgd4j.io.Json;
import org.sgd4j.lab.data.SharedData;

/** {@code sgd4j d2l} on the real airfoil data (skipped where shared/datasets is absent). */
class D2lCommandTest {
  @TempDir Path dir;

  @BeforeEach
  void needsTheData() {
    assumeTrue(SharedData.file("airfoil").isPresent(), "shared/datasets/airfoil not found (set SGD4J_DATA): skipped");
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonHasOneObjectPerRunAndTheFilesAreWritten() throws Exception {
    Path out = dir.resolve("d2l");
    TraceCommandTest.Run r = TraceCommandTest.run("d2l", "--runs", "gd,sgd,adam,concise-adam", "--repeats", "2",
        "--seed", "5", "--out", out.toString(), "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    Map<String, Object> root = (Map<String, Object>) Json.parse(r.out().strip());
    List<Object> runs = (List<Object>) root.get("runs");
    assertThat(runs).hasSize(4);
    Map<String, Object> gd = (Map<String, Object>) runs.get(0);
    assertThat(gd.keySet()).containsExactly("name", "final_loss", "final_loss_sd", "sec_per_epoch", "cpu_sec_per_epoch");
    assertThat(runs.stream().map(o -> ((Map<String, Object>) o).get("name")))
        .containsExactly("gd", "sgd", "adam", "concise-adam");
    for (Object o : runs) {
      Map<String, Object> m = (Map<String, Object>) o;
      assertThat(Json.asDouble(m.get("final_loss"))).as("%s", m.get("name")).isBetween(0.23, 0.27);
      assertThat(Json.asDouble(m.get("final_loss_sd"))).isPositive().isLessThan(0.02);
      assertThat(Json.asDouble(m.get("sec_per_epoch"))).isPositive();
      assertThat(Json.asDouble(m.get("cpu_sec_per_epoch"))).isPositive();
    }
    // gd: 10 epochs of one batch of 1,500; a record whenever the examples reach a multiple of 200
    List<String> gdCsv = Files.readAllLines(out.resolve("gd.csv"));
    assertThat(gdCsv.get(0)).isEqualTo("seed,examples,epoch,seconds,loss,cpu_seconds");
    assertThat(gdCsv).hasSize(1 + 2 * 5);
    assertThat(gdCsv.get(1)).startsWith("5,3000,2.0,");
    assertThat(gdCsv.get(6)).startsWith("6,3000,2.0,");
    // sgd: 5 epochs of 1,500 single examples, the last record after 7,400
    List<String> sgdCsv = Files.readAllLines(out.resolve("sgd.csv"));
    assertThat(sgdCsv).hasSize(1 + 2 * 37);
    assertThat(sgdCsv.get(37)).startsWith("5,7400,");
    for (String f : List.of("summary.csv", "adam.csv", "concise-adam.csv", "loss-minibatch.png", "loss-minibatch.svg",
        "loss-adam.png", "concise-adam.png", "time.png", "time.svg", "report.html")) {
      assertThat(out.resolve(f)).as(f).exists();
    }
    assertThat(out.resolve("loss-momentum.png")).doesNotExist();
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("PyTorch final loss").contains("<td>concise-adam</td>")
        .contains("<pre>sgd4j d2l --runs gd,sgd,adam,concise-adam --repeats 2 --seed 5 --out ");
    assertThat(Files.readAllLines(out.resolve("summary.csv"))).hasSize(5);
  }

  @Test
  void theTablePrintsOursBesidePyTorchs() {
    TraceCommandTest.Run r = TraceCommandTest.run("d2l", "--runs", "minibatch-100", "--repeats", "1", "--out",
        dir.resolve("o").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("minibatch-100 +0\\.2\\d{3} +\\d+\\.\\d{4} +\\d+\\.\\d{4} +0\\.2\\d{3} ± 0\\.\\d{4} +\\d\\.\\d{4} +\\d\\.\\d{4}")
        .contains("wrote " + dir.resolve("o").resolve("report.html"));
  }

  @Test
  void anUnknownRunIsRefusedWithTheKnownNames() {
    TraceCommandTest.Run r = TraceCommandTest.run("d2l", "--runs", "gd,nope", "--out", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("sgd4j d2l: --runs: unknown run 'nope'; known: gd, sgd, minibatch-100")
        .contains("concise-adam").doesNotContain("\tat ");
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(dir.resolve("report.html")).doesNotExist();
  }

  @Test
  void badRepeatsAndATwiceListedRunAreRefused() {
    TraceCommandTest.Run zero = TraceCommandTest.run("d2l", "--repeats", "0", "--out", dir.toString());
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err()).contains("--repeats must be at least 1, got 0");
    TraceCommandTest.Run twice = TraceCommandTest.run("d2l", "--runs", "adam,adam", "--out", dir.toString());
    assertThat(twice.exit()).isEqualTo(2);
    assertThat(twice.err()).contains("--runs: 'adam' is listed twice");
    TraceCommandTest.Run missing = TraceCommandTest.run("d2l", "--airfoil", dir.toString(), "--out",
        dir.resolve("o").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("--airfoil: no airfoil_self_noise.dat in " + dir);
  }

  @Test
  void theTourRunsItAndLinksTheReport() throws Exception {
    TraceCommandTest.Run r = TraceCommandTest.run("tour", "--only", "d2l", "--out", dir.toString());
    assertThat(r.exit()).as(r.err() + r.out()).isZero();
    assertThat(r.out()).contains("== sgd4j d2l --repeats 2 --out " + dir + "/d2l");
    assertThat(Files.readString(dir.resolve("index.html"))).contains("href=\"d2l/report.html\"");
    assertThat(dir.resolve("d2l/loss-concise.png")).doesNotExist();
    assertThat(dir.resolve("d2l/concise-rmsprop.png")).exists();
  }
}
