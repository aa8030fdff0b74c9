package org.sgd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
  @TempDir Path dir;

  /** {@code labels.length} records; record r has pixel p of channel c equal to (r + 3 c + p) mod 256. */
  static byte[] batch(int... labels) {
    byte[] b = new byte[labels.length * Cifar10.RECORD_BYTES];
    for (int r = 0; r < labels.length; r++) {
      int base = r * Cifar10.RECORD_BYTES;
      b[base] = (byte) labels[r];
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 1024; p++) {
          b[base + 1 + c * 1024 + p] = (byte) (r + 3 * c + p);
        }
      }
    }
    return b;
  }

  @Test
  void readsTrainAndTestBatches() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
    for (int i = 1; i <= 5; i++) {
      Files.write(sub.resolve("data_batch_" + i + ".bin"), batch(i, 9 - i));
    }
    Files.write(sub.resolve("test_batch.bin"), batch(0, 1, 2));
    TensorDataset train = Cifar10.train(dir);
    assertThat(train.x().shape()).containsExactly(10, 3, 32, 32);
    assertThat(train.y().toArray()).containsExactly(1, 8, 2, 7, 3, 6, 4, 5, 5, 4);
    // record 1 of data_batch_2 is example 3: channel 2, row 1, column 5 -> p = 37
    assertThat(train.x().get(3, 2, 1, 5)).isEqualTo(((1 + 6 + 37) & 0xff) / 255f);
    TensorDataset test = Cifar10.test(dir);
    assertThat(test.size()).isEqualTo(3);
    assertThat(test.x().get(2, 0, 31, 31)).isEqualTo(((2 + 1023) & 0xff) / 255f);
    TensorDataset streamed = Cifar10.readBatch(new ByteArrayInputStream(batch(0, 1, 2)), "s");
    assertThat(streamed.x().toArray()).containsExactly(test.x().toArray());
  }

  @Test
  void partialRecordsAndBadLabels() throws IOException {
    Path f = Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(batch(1, 2), Cifar10.RECORD_BYTES + 100));
    assertThatThrownBy(() -> Cifar10.test(dir)).isInstanceOf(DataFormatException.class)
        .hasMessage(f + ": byte 3073: file length 3173 is not a whole number of 3073-byte records (1 label + 3072 pixels)");
    byte[] bad = batch(1, 2, 3);
    bad[2 * Cifar10.RECORD_BYTES] = 10;
    Files.write(f, bad);
    assertThatThrownBy(() -> Cifar10.test(dir)).isInstanceOf(DataFormatException.class)
        .hasMessage(f + ": byte 6146: label 10 of record 2 outside the class range [0, 10)");
    assertThatThrownBy(() -> Cifar10.readBatch(new ByteArrayInputStream(Arrays.copyOf(batch(1), 100)), "s"))
        .isInstanceOf(DataFormatException.class).hasMessage("s: byte 100: truncated record 0: 100 of 3073 bytes");
    assertThatThrownBy(() -> Cifar10.train(dir)).isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageContaining("data_batch_1.bin");
  }
}
