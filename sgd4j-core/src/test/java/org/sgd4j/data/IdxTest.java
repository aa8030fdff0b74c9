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

  @Test
  void headerBoundaries() throws IOException {
    Path second = write("second", idx(0x00010801, new int[] {1}, new byte[1]));
    assertThatThrownBy(() -> Idx.read(second)).isInstanceOf(DataFormatException.class)
        .hasMessage(second + ": byte 0: bad magic number 0x00010801: an IDX file starts with two zero bytes");
    Path rank0 = write("rank0", new byte[] {0, 0, 8, 0});
    assertThatThrownBy(() -> Idx.read(rank0)).isInstanceOf(DataFormatException.class)
        .hasMessage(rank0 + ": byte 3: rank 0 (magic 2048), expected 1..16");
    int[] ones = new int[17];
    Arrays.fill(ones, 1);
    Path rank17 = write("rank17", idx(0x811, ones, new byte[1]));
    assertThatThrownBy(() -> Idx.read(rank17)).isInstanceOf(DataFormatException.class)
        .hasMessage(rank17 + ": byte 3: rank 17 (magic 2065), expected 1..16");
    IdxArray rank16 = Idx.read(write("rank16", idx(0x810, Arrays.copyOf(ones, 16), new byte[] {42})));
    assertThat(rank16.rank()).isEqualTo(16);
    assertThat(rank16.unsigned(0)).isEqualTo(42);
    // A zero dimension is an empty array; it still counts as 1 in the representable extent.
    IdxArray empty = Idx.read(write("empty", idx(0x803, new int[] {0, 28, 28}, new byte[0])), 3);
    assertThat(empty.shape()).containsExactly(0, 28, 28);
    assertThat(empty.data()).isEmpty();
    Path hollow = write("hollow", idx(0x803, new int[] {0, 65536, 65536}, new byte[0]));
    assertThatThrownBy(() -> Idx.read(hollow)).isInstanceOf(DataFormatException.class)
        .hasMessage(hollow + ": byte 12: header dimensions [0, 65536, 65536] give more than 2147483639 elements,"
            + " more than a Java array holds");
  }

  @Test
  void theLargestArrayAJavaArrayHoldsIsAcceptedByTheHeaderCheck() throws IOException {
    // 2^31 - 9 elements pass the size check and fail only for want of data; one more is refused at once.
    byte[] largest = idx(0x801, new int[] {Integer.MAX_VALUE - 8}, new byte[0]);
    assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(largest), "s", 1))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("s: byte 8: truncated: the header dimensions [2147483639] need 2147483647 bytes, the data ends after 8");
    Path file = write("largest", largest);
    assertThatThrownBy(() -> Idx.read(file, 1)).isInstanceOf(DataFormatException.class)
        .hasMessage(file + ": byte 8: header dimensions [2147483639] need 2147483647 bytes, but the file has 8:"
            + " the file is truncated");
    byte[] tooLarge = idx(0x801, new int[] {Integer.MAX_VALUE - 7}, new byte[0]);
    assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(tooLarge), "s", 1))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("s: byte 4: header dimensions [2147483640] give more than 2147483639 elements,"
            + " more than a Java array holds");
  }

  @Test
  void trailingBytesAreReportedWhereTheDataShouldEnd() throws IOException {
    byte[] longer = Arrays.copyOf(idx(0x801, new int[] {10}, seq(10)), 20);
    Path x = write("x", longer);
    assertThatThrownBy(() -> Idx.read(x)).isInstanceOf(DataFormatException.class)
        .hasMessage(x + ": byte 18: header dimensions [10] need 18 bytes, but the file has 20: unexpected trailing bytes");
    Path gz = write("x.gz", gzip(longer));
    assertThatThrownBy(() -> Idx.read(gz)).isInstanceOf(DataFormatException.class)
        .hasMessage(gz + ": byte 18: header dimensions [10] need 18 bytes, but the gzip trailer records 20"
            + " decompressed bytes (mod 2^32): unexpected trailing bytes");
  }

  @Test
  void aLyingHeaderOnATricklingStreamAllocatesOnlyWhatTheDataFills() {
    // One byte per read: the array may grow only when the data has filled it (at most twice the data
    // present), not on every read towards the 2^31 - 9 elements the header claims.
    byte[] file = idx(0x801, new int[] {Integer.MAX_VALUE - 8}, seq(40));
    java.io.InputStream trickle = new java.io.InputStream() {
      private int pos;

      @Override
      public int read() {
        return pos < file.length ? file[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        int c = read();
        if (c < 0) {
          return -1;
        }
        b[off] = (byte) c;
        return 1;
      }
    };
    assertThatThrownBy(() -> Idx.read(trickle, "trickle", 1)).isInstanceOf(DataFormatException.class)
        .hasMessage("trickle: byte 48: truncated: the header dimensions [2147483639] need 2147483647 bytes,"
            + " the data ends after 48");
  }

  @Test
  void aRankOfZeroIsNeverWhatACallerNeeds() throws IOException {
    Path labels = write("labels0", idx(0x801, new int[] {2}, new byte[2]));
    assertThatThrownBy(() -> Idx.read(labels, 0)).isInstanceOf(DataFormatException.class)
        .hasMessage(labels + ": byte 3: rank 1 (magic 2049), expected 0 (magic 2048)");
  }

  @Test
  void aNegativeDimensionIsReportedAtItsOwnOffset() throws IOException {
    Path neg = write("neg2", idx(0x802, new int[] {3, -5}, new byte[0]));
    assertThatThrownBy(() -> Idx.read(neg)).isInstanceOf(DataFormatException.class)
        .hasMessage(neg + ": byte 8: dimension 1 is negative (-5)");
  }

  @Test
  void aGzipTrailerRecordingNoDataIsALengthMismatch() throws IOException {
    byte[] gz = gzip(idx(0x801, new int[] {10}, seq(10)));
    Arrays.fill(gz, gz.length - 4, gz.length, (byte) 0); // ISIZE, the last 4 bytes (RFC 1952)
    Path p = write("zero.gz", gz);
    assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(DataFormatException.class)
        .hasMessage(p + ": byte 0: header dimensions [10] need 18 bytes, but the gzip trailer records 0"
            + " decompressed bytes (mod 2^32): the file is truncated");
  }
}
