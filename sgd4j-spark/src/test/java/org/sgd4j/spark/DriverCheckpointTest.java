package org.sgd4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgd4j.optim.OptimizerState;
import org.sgd4j.tensor.Tensor;

class DriverCheckpointTest {
  static DriverCheckpoint sample(long step) {
    return new DriverCheckpoint(step, 3, 0x1234_5678_9abc_def0L, Double.NaN,
        List.of(Tensor.of(new float[] {1.5f, -2f, Float.MIN_VALUE, 3e38f, -0f, 7f}, 2, 3), Tensor.scalar(0.25f)),
        new OptimizerState(Map.of("state.0.momentum_buffer", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)),
            Map.of("param_groups.0.lr", 0.1, "param_groups.0.params", 2.0)),
        "{\"history\":[1.5,\"é\"]}");
  }

  @Test
  void writesAndReadsBackEveryField(@TempDir Path dir) {
    Configuration conf = new Configuration();
    sample(5).write(dir.toString(), conf);
    sample(9).write(dir.toString(), conf);
    DriverCheckpoint read = DriverCheckpoint.latest(dir.toString(), conf);
    assertThat(read.step()).isEqualTo(9);
    assertThat(read.epoch()).isEqualTo(3);
    assertThat(read.rngState()).isEqualTo(0x1234_5678_9abc_def0L);
    assertThat(read.pendingGaussian()).isNaN();
    assertThat(read.weights().get(0).shape()).containsExactly(2, 3);
    assertThat(read.weights().get(0).toArray()).containsExactly(1.5f, -2f, Float.MIN_VALUE, 3e38f, -0f, 7f);
    assertThat(read.weights().get(1).shape()).isEmpty();
    assertThat(read.optimizer().tensors().get("state.0.momentum_buffer").toArray()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(read.optimizer().scalars()).containsEntry("param_groups.0.lr", 0.1).containsEntry("param_groups.0.params", 2.0);
    assertThat(read.callerState()).isEqualTo("{\"history\":[1.5,\"é\"]}");
  }

  @Test
  void noDirectoryOrNoCheckpointMeansNone(@TempDir Path dir) {
    assertThat(DriverCheckpoint.latest(dir.resolve("absent").toString(), new Configuration())).isNull();
    assertThat(DriverCheckpoint.latest(dir.toString(), new Configuration())).isNull();
  }

  @Test
  void damagedFilesAreReportedByName(@TempDir Path dir) throws Exception {
    Configuration conf = new Configuration();
    sample(4).write(dir.toString(), conf);
    Path file = dir.resolve("step-000000000004.ckpt");
    byte[] bytes = Files.readAllBytes(file);
    Files.delete(dir.resolve(".step-000000000004.ckpt.crc")); // Hadoop's own checksum would catch it first

    byte[] flipped = bytes.clone();
    flipped[60] ^= 1;
    Files.write(file, flipped);
    assertThatThrownBy(() -> DriverCheckpoint.latest(dir.toString(), conf)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("step-000000000004.ckpt").hasMessageContaining("checksum mismatch");

    Files.write(file, java.util.Arrays.copyOf(bytes, 40));
    assertThatThrownBy(() -> DriverCheckpoint.latest(dir.toString(), conf))
        .hasMessageContaining("step-000000000004.ckpt").hasMessageContaining("truncated");

    byte[] wrongMagic = bytes.clone();
    wrongMagic[0] = 'X';
    Files.write(file, wrongMagic);
    assertThatThrownBy(() -> DriverCheckpoint.latest(dir.toString(), conf))
        .hasMessageContaining("not an sgd4j-spark checkpoint (bad magic at byte 0)");
  }
}
