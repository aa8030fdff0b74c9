package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sgd4j sweep} run in-process: the grids, the table and its diverged runs, bad input. */
class SweepCommandTest {
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
  void learningRatePresetMarksLr10AsDiverged() throws IOException {
    // least squares on synthetic data (20 features): lr 10 blows up, lr 0.1 and 0.001 do not
    Run r = run("sweep", "--preset", "sgd-lr", "--dataset", "synthetic:linear", "--model", "linear", "--train-limit",
        "160", "--test-limit", "50", "--epochs", "2", "--log-every", "2", "--out", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> csv = Files.readAllLines(dir.resolve("summary.csv"));
    assertThat(csv).hasSize(4);
    assertThat(csv.get(0)).isEqualTo("run,status,steps,train_loss,test_loss,test_accuracy,note");
    assertThat(csv.get(1)).startsWith("Optimizer-SGD lr-10 mt-0.5 bs-16,diverged,").contains("loss is ");
    assertThat(csv.get(2)).startsWith("Optimizer-SGD lr-0.1 mt-0.5 bs-16,completed,20,");
    assertThat(csv.get(3)).startsWith("Optimizer-SGD lr-0.001 mt-0.5 bs-16,completed,20,");
    double fast = Double.parseDouble(csv.get(2).split(",")[3]);
    double slow = Double.parseDouble(csv.get(3).split(",")[3]);
    assertThat(fast).isLessThan(slow); // after 20 steps lr 0.1 is further down than lr 0.001
    assertThat(Files.readString(dir.resolve("summary.md"))).contains("| Optimizer-SGD lr-10 mt-0.5 bs-16 | **DIVERGED** |");
    assertThat(Files.readString(dir.resolve("report.html"))).contains("<td>DIVERGED</td>")
        .contains("<img src=\"loss.png\"").contains("sgd-lr0.1-mt0.5-bs16/report.html");
    assertThat(dir.resolve("loss.png")).isNotEmptyFile();
    assertThat(Files.readString(dir.resolve("loss.svg"))).contains("<svg"); // its text is drawn as paths
    assertThat(dir.resolve("sgd-lr0.001-mt0.5-bs16/trace.csv")).exists(); // each run is a full sgd4j train run
    assertThat(r.out()).contains("[1/3] Optimizer-SGD lr-10 mt-0.5 bs-16").contains("diverged");
  }

  @Test
  void customGridCrossesTheAxesAndGivesMomentumOnlyToSgd() throws IOException {
    Run r = run("sweep", "--optimizers", "sgd,adam", "--batch-sizes", "8,32", "--lrs", "0.01", "--momenta", "0,0.9",
        "--dataset", "synthetic:separable", "--model", "logistic", "--train-limit", "64", "--test-limit", "32",
        "--epochs", "1", "--out", dir.toString(), "-q");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    List<String> csv = Files.readAllLines(dir.resolve("summary.csv"));
    assertThat(csv.subList(1, csv.size())).extracting(l -> l.split(",")[0]).containsExactly(
        "Optimizer-SGD lr-0.01 mt-0 bs-8", "Optimizer-SGD lr-0.01 mt-0.9 bs-8", "Optimizer-SGD lr-0.01 mt-0 bs-32",
        "Optimizer-SGD lr-0.01 mt-0.9 bs-32", "Optimizer-ADAM lr-0.01 bs-8", "Optimizer-ADAM lr-0.01 bs-32");
    assertThat(csv.get(1).split(",")[2]).isEqualTo("8"); // 64 / 8 steps
    assertThat(csv.get(3).split(",")[2]).isEqualTo("2"); // 64 / 32 steps
    for (String line : csv.subList(1, csv.size())) {
      assertThat(Double.parseDouble(line.split(",")[5])).isBetween(0.0, 1.0);
    }
  }

  @Test
  void presetsAreTheNotesDemos() {
    assertThat(SweepCommand.PRESETS.get("sgd-batch").points()).extracting(SweepCommand.Point::title).containsExactly(
        "Optimizer-SGD lr-0.001 mt-0.5 bs-16", "Optimizer-SGD lr-0.001 mt-0.5 bs-64", "Optimizer-SGD lr-0.001 mt-0.5 bs-256");
    assertThat(SweepCommand.PRESETS.get("sgd-momentum").points()).extracting(SweepCommand.Point::momentum)
        .containsExactly(0.0, 0.5, 0.9);
    assertThat(SweepCommand.PRESETS.get("adam-lr").points()).extracting(SweepCommand.Point::title).containsExactly(
        "Optimizer-ADAM lr-0.1 bs-16", "Optimizer-ADAM lr-0.01 bs-16", "Optimizer-ADAM lr-0.001 bs-16",
        "Optimizer-ADAM lr-0.00001 bs-16");
    assertThat(SweepCommand.PRESETS.get("adam-batch").points()).extracting(SweepCommand.Point::batchSize)
        .containsExactly(16, 64, 256);
  }

  @Test
  void badInputIsAOneLineError() {
    for (String[] args : new String[][] {
        {"sweep", "--preset", "nope"}, {"sweep"}, {"sweep", "--optimizers", "sgdx"},
        {"sweep", "--lrs", "-1"}, {"sweep", "--batch-sizes", "0"}, {"sweep", "--preset", "sgd-lr", "--epochs", "0"}}) {
      Run r = run(args);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(r.err().strip()).startsWith("sgd4j sweep: ").doesNotContain("\n");
    }
    assertThat(run("sweep", "--preset", "nope").err()).contains("unknown preset 'nope'; known: sgd-batch, sgd-lr");
    assertThat(run("sweep", "--optimizers", "sgdx").err()).contains("unknown optimizer 'sgdx'");
    assertThat(run("sweep", "--lrs", "-1").err()).contains("Invalid learning rate: -1.0");
  }
}
