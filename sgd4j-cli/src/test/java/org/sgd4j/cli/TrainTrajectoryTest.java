package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgd4j.data.DatasetRegistry;
import org.sgd4j.io.Json;
import org.sgd4j.io.SafeTensors;
import org.sgd4j.tensor.Tensor;
import picocli.CommandLine;

/**
 * PyTorch parity of {@code sgd4j train}: from the same initial weights ({@code --init}), in the same
 * data order ({@code --no-shuffle}) and with the same optimizer settings, a run follows PyTorch's run
 * of the notes' MLP step for step. The reference (per-step losses, final weights) comes from
 * {@code reference/train/gen_trajectory.py} (torch 1.13): SGD lr 1e-3 momentum 0.5, batch 16, the
 * first 512 Fashion-MNIST training images, one epoch.
 */
class TrainTrajectoryTest {
  @TempDir Path dir;

  @Test
  void followsThePyTorchRunStepForStep() throws Exception {
    Path data;
    try {
      data = DatasetRegistry.standard().withDownload(false).locate("fashion-mnist");
    } catch (IOException notFound) {
      assumeTrue(false, "Fashion-MNIST not found (set SGD4J_DATA or run below shared/datasets): skipping");
      return;
    }
    Map<?, ?> ref = (Map<?, ?>) Json.parse(resource("trajectory.json"));
    Path init = dir.resolve("mlp_init.safetensors");
    try (InputStream in = getClass().getResourceAsStream("/reference/train/mlp_init.safetensors")) {
      Files.copy(in, init);
    }
    Path weights = dir.resolve("final.safetensors");
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute("train", "--no-download", "--data-dir", data.toString(), "--model", "mlp",
        "--init", init.toString(), "--no-shuffle", "--train-limit", ref.get("train_limit").toString(),
        "--test-limit", "16", "--epochs", "1", "--batch-size", "16", "--lr", "0.001", "--momentum", "0.5",
        "--log-every", "1", "--out", dir.resolve("run").toString(), "--save", weights.toString(), "-q");
    assertThat(exit).as(err.toString()).isZero();

    List<?> torchLosses = (List<?>) ref.get("losses");
    List<String> trace = Files.readAllLines(dir.resolve("run/trace.csv"));
    assertThat(trace).hasSize(1 + torchLosses.size());
    double worstLoss = 0;
    for (int i = 0; i < torchLosses.size(); i++) {
      double expected = Json.asDouble(torchLosses.get(i));
      double actual = Double.parseDouble(trace.get(i + 1).split(",")[1]);
      worstLoss = Math.max(worstLoss, Math.abs(actual - expected) / Math.abs(expected));
      assertThat(actual).as("loss of step %d", i + 1).isCloseTo(expected, org.assertj.core.data.Percentage
          .withPercentage(1e-2)); // relative 1e-4
    }

    Map<String, Tensor> after = SafeTensors.read(weights).tensors();
    Map<String, Tensor> before = SafeTensors.read(init).tensors();
    Map<?, ?> sums = (Map<?, ?>) ref.get("sums");
    Map<?, ?> squares = (Map<?, ?>) ref.get("sums_of_squares");
    assertThat(after.keySet()).isEqualTo(sums.keySet());
    double worstChecksum = 0;
    for (String name : after.keySet()) {
      float[] w = after.get(name).toArray();
      double sum = 0;
      double sumAbs = 0;
      double sq = 0;
      for (float v : w) {
        sum += v;
        sumAbs += Math.abs(v);
        sq += (double) v * v;
      }
      // the sum can cancel: measure its error against the sum of magnitudes
      double sumErr = Math.abs(sum - Json.asDouble(sums.get(name))) / sumAbs;
      double sqErr = Math.abs(sq - Json.asDouble(squares.get(name))) / sq;
      worstChecksum = Math.max(worstChecksum, Math.max(sumErr, sqErr));
      assertThat(sumErr).as("sum of %s", name).isLessThan(1e-5);
      assertThat(sqErr).as("sum of squares of %s", name).isLessThan(1e-5);
    }

    // the last layer in full, and its update (final - initial), which is small beside the weights
    double worstUpdate = 0;
    Map<?, ?> finals = (Map<?, ?>) ref.get("final");
    for (String name : List.of("5.weight", "5.bias")) {
      float[] w = after.get(name).toArray();
      float[] w0 = before.get(name).toArray();
      List<?> expected = (List<?>) finals.get(name);
      assertThat(w).hasSize(expected.size());
      double maxUpdate = 0;
      for (int i = 0; i < w.length; i++) {
        maxUpdate = Math.max(maxUpdate, Math.abs(Json.asDouble(expected.get(i)) - w0[i]));
      }
      for (int i = 0; i < w.length; i++) {
        double e = Json.asDouble(expected.get(i));
        assertThat((double) w[i]).as("%s[%d]", name, i).isCloseTo(e, org.assertj.core.data.Offset.offset(
            1e-5 * Math.max(Math.abs(e), 1e-2)));
        worstUpdate = Math.max(worstUpdate, Math.abs((w[i] - w0[i]) - (e - w0[i])) / maxUpdate);
      }
    }
    assertThat(worstUpdate).as("worst error of the last layer's update, relative to its largest entry")
        .isLessThan(1e-3);
    System.out.printf("TrainTrajectoryTest: worst relative error vs PyTorch: loss %.3g, weight checksums %.3g,"
        + " last layer update %.3g%n", worstLoss, worstChecksum, worstUpdate);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = TrainTrajectoryTest.class.getResourceAsStream("/reference/train/" + name)) {
      assertThat(in).as("test resource reference/train/" + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
