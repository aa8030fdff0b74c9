package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sgd4j tour} with a subset of its steps (the full tour trains networks: minutes). */
class TourCommandTest {
  @TempDir Path dir;

  @Test
  void linksEachStepsPageAndReportsAFailedStep() throws Exception {
    TraceCommandTest.Run r = TraceCommandTest.run("tour", "--only", "bias-variance,landscape", "--out",
        dir.toString());
    // landscape needs the weights of the train step, which was not run: reported, and the tour goes on
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("== sgd4j bias-variance --replicates 200 --out " + dir + "/bias-variance")
        .contains("1 step(s) failed");
    String index = Files.readString(dir.resolve("index.html"));
    assertThat(index).contains("href=\"bias-variance/index.html\"")
        .contains("no such weights file: " + dir + "/train/model.safetensors")
        .contains("sgd4j bias-variance --replicates 200");
    assertThat(dir.resolve("bias-variance/bias-variance-degree.png")).exists();
  }

  @Test
  void anUnknownStepIsNamed() {
    TraceCommandTest.Run r = TraceCommandTest.run("tour", "--only", "trace,nope", "--out", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("--only: unknown step 'nope'; known: trace, conditioning");
  }
}
