package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sgd4j.data.DataLoader;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.loss.MSELoss;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.train.Trainer;

/** The terminal bar of a run: one bar per epoch with the examples done, the rate, the time left and the running loss. */
class ProgressBarLogTest {
  @Test
  void drawsOneFinishedBarPerEpoch() {
    Rng rng = new Rng(0);
    TensorDataset data = new TensorDataset(Tensor.randn(rng, 40, 3), Tensor.randn(rng, 40, 1));
    Linear net = new Linear(3, 1, rng);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Trainer.builder(net, new MSELoss(), new SGD(net.parameters(), SGD.options().lr(0.01)),
            DataLoader.of(data).batchSize(16).build())
        .epochs(2).callback(new ProgressBarLog(out)).build().fit();
    String text = bytes.toString(StandardCharsets.UTF_8);
    // the last drawing of each bar: the whole epoch (40 examples, the last batch of 8), rate and running loss
    assertThat(text).contains("Epoch 1/2").contains("Epoch 2/2").contains("40/40 samples").contains("samples/s")
        .containsPattern("loss \\d+\\.\\d{4}");
    assertThat(text).doesNotContain("Epoch 3/2").doesNotContain("48/40");
  }
}
