package org.sgd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  /** An IDX file of unsigned bytes with the given magic and dimensions, then {@code data}. */
  static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    return b.array();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  static byte[] seq(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7);
    }
    return b;
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  @Test
  void readsRawAndGzipIdentically() throws IOException {
    byte[] raw = idx(0x803, new int[] {2, 3, 4}, seq(24));
    IdxArray a = Idx.read(write("x.idx", raw), 3);
    IdxArray b = Idx.read(write("x.idx.gz", gzip(raw)), 3);
    IdxArray c = Idx.read(new ByteArrayInputStream(raw), "stream", 3);
    assertThat(a.shape()).containsExactly(2, 3, 4);
    assertThat(a.data()).isEqualTo(seq(24));
    assertThat(a.unsigned(20)).isEqualTo((20 * 7) & 0xff);
    assertThat(b).isEqualTo(a);
    assertThat(c).isEqualTo(a);
  }

  @Test
  void wrongMagicTypeOrRank() throws IOException {
    Path p = write("bad", idx(0x01000803, new int[] {1, 1, 1}, new byte[1]));
    assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(DataFormatException.class)
        .hasMessage(p + ": byte 0: bad magic number 0x01000803: an IDX file starts with two zero bytes");
    Path f = write("float", idx(0x0d01, new int[] {1}, new byte[4]));
    assertThatThrownBy(() -> Idx.read(f)).isInstanceOf(DataFormatException.class)
        .hasMessage(f + ": byte 2: element type 0x0d is not supported, expected 0x08 (unsigned byte)");
    Path labels = write("labels", idx(0x801, new int[] {3}, new byte[3]));
    assertThatThrownBy(() -> Idx.read(labels, 3)).isInstanceOf(DataFormatException.class)
        .hasMessage(labels + ": byte 3: rank 1 (magic 2049), expected 3 (magic 2051)");
  }

  @Test
  void headerDisagreeingWithFileLengthIsRejectedBeforeAllocation() throws IOException {
    // Claims 2e9 elements in a 100-byte file: must fail on the length check, not try to allocate.
    Path p = write("liar", idx(0x803, new int[] {2_000_000, 1000, 1}, new byte[84]));
    assertThatThrownBy(() -> Idx.read(p, 3)).isInstanceOf(DataFormatException.class)
        .hasMessage(p + ": byte 100: header dimensions [2000000, 1000, 1] need 2000000016 bytes, but the file has 100:"
            + " the file is truncated");
    Path gz = write("liar.gz", gzip(idx(0x803, new int[] {2_000_000, 1000, 1}, new byte[84])));
    assertThatThrownBy(() -> Idx.read(gz, 3)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("gzip trailer records 100 decompressed bytes");
    // Through a stream (length unknown) the array grows with the data and the truncation is found.
    assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(idx(0x803, new int[] {2_000_000, 1000, 1},
        new byte[84])), "s", 3)).isInstanceOf(DataFormatException.class)
        .hasMessage("s: byte 100: truncated: the header dimensions [2000000, 1000, 1] need 2000000016 bytes,"
            + " the data ends after 100");
  }

  @Test
  void dimensionsOverflowingAnIntAreRejected() throws IOException {
    Path p = write("huge", idx(0x803, new int[] {65536, 65536, 1}, new byte[0]));
    assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(DataFormatException.class)
        .hasMessage(p + ": byte 8: header dimensions [65536, 65536] give more than 2147483639 elements,"
            + " more than a Java array holds");
    Path neg = write("neg", idx(0x801, new int[] {-5}, new byte[0]));
    assertThatThrownBy(() -> Idx.read(neg)).isInstanceOf(DataFormatException.class)
        .hasMessage(neg + ": byte 4: dimension 0 is negative (-5)");
  }

  @Test
  void truncatedAndTrailingBytes() throws IOException {
    byte[] good = idx(0x801, new int[] {10}, seq(10));
    Path t = write("t", Arrays.copyOf(good, 15));
    assertThatThrownBy(() -> Idx.read(t)).isInstanceOf(DataFormatException.class).hasMessageContaining("truncated");
    Path h = write("h", Arrays.copyOf(good, 6));
    assertThatThrownBy(() -> Idx.read(h)).isInstanceOf(DataFormatException.class)
        .hasMessage(h + ": byte 6: truncated header: expected 1 big-endian int32 dimensions in bytes 4..8,"
            + " the data ends at byte 6");
    Path x = write("x", Arrays.copyOf(good, 20));
    assertThatThrownBy(() -> Idx.read(x)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("unexpected trailing bytes");
    assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(Arrays.copyOf(good, 20)), "s", 1))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("s: byte 18: unexpected trailing bytes after the 18 bytes the header describes");
    byte[] gz = gzip(good);
    Path tg = write("tg.gz", Arrays.copyOf(gz, gz.length - 3));
    assertThatThrownBy(() -> Idx.read(tg)).isInstanceOf(DataFormatException.class);
  }

  @Test
  void imageDatasetScalesPixelsAndChecksLabels() throws IOException {
    Path d = Files.createDirectory(dir.resolve("set"));
    byte[] px = new byte[2 * 2 * 3];
    px[0] = (byte) 255;
    px[5] = (byte) 51;
    Files.write(d.resolve("train-images-idx3-ubyte"), idx(0x803, new int[] {2, 2, 3}, px));
    Files.write(d.resolve("train-labels-idx1-ubyte.gz"), gzip(idx(0x801, new int[] {2}, new byte[] {9, 3})));
    TensorDataset ds = Mnist.train(d);
    assertThat(ds.x().shape()).containsExactly(2, 1, 2, 3);
    assertThat(ds.x().get(0, 0, 0, 0)).isEqualTo(1f);
    assertThat(ds.x().get(0, 0, 1, 2)).isEqualTo(0.2f);
    assertThat(ds.y().toArray()).containsExactly(9f, 3f);

    Files.write(d.resolve("train-labels-idx1-ubyte.gz"), gzip(idx(0x801, new int[] {2}, new byte[] {9, 10})));
    assertThatThrownBy(() -> Mnist.train(d)).isInstanceOf(DataFormatException.class)
        .hasMessageEndingWith("train-labels-idx1-ubyte.gz: byte 9: label 10 of example 1 outside the class range [0, 10)");
    Files.write(d.resolve("train-labels-idx1-ubyte.gz"), gzip(idx(0x801, new int[] {3}, new byte[] {9, 1, 2})));
    assertThatThrownBy(() -> Mnist.train(d)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("3 labels, but");
    assertThatThrownBy(() -> Mnist.test(d)).isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageContaining("t10k-images-idx3-ubyte.gz");
  }
}
