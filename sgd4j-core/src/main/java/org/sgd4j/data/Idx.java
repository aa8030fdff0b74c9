package org.sgd4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reader of the IDX format of the MNIST database (LeCun, Cortes and Burges,
 * http://yann.lecun.com/exdb/mnist/), also used by Fashion-MNIST; plain or gzip-compressed.
 *
 * <p>Layout: a 4-byte magic number {@code 00 00 TT RR} where {@code TT} is the element type
 * ({@code 0x08} = unsigned byte, the only type these datasets use and the only one read here) and
 * {@code RR} the rank; then {@code RR} big-endian int32 dimensions; then the elements in row-major
 * order. The images files have rank 3 (magic 2051), the label files rank 1 (magic 2049).
 *
 * <p>Checks, each a {@link DataFormatException} naming the file and the byte offset: a wrong magic
 * (non-zero first bytes, another element type, rank 0 or above 16, or a rank other than the one the
 * caller expects); a negative dimension; a header whose element count exceeds what a Java array holds;
 * a header that disagrees with the file length (for a gzip file, with the decompressed length its
 * trailer records); a truncated file; trailing bytes after the last element. The size checks happen
 * before the element array is allocated, so a corrupt header cannot exhaust memory.
 */
public final class Idx {
  /** Element type code of unsigned bytes. */
  public static final int UNSIGNED_BYTE = 0x08;
  private static final int MAX_RANK = 16;

  private Idx() {}

  /** Reads an IDX file of unsigned bytes with any rank. */
  public static IdxArray read(Path file) throws IOException {
    return read(file, -1);
  }

  /**
   * Reads an IDX file of unsigned bytes.
   *
   * @param expectedRank the rank the caller needs (3 for images, 1 for labels), or -1 for any
   */
  public static IdxArray read(Path file, int expectedRank) throws IOException {
    boolean gzip = DataFile.isGzip(file);
    long length = DataFile.contentLengthMod32(file, gzip);
    try (InputStream in = DataFile.open(file)) {
      return read(in, file.toString(), expectedRank, length, gzip);
    }
  }

  /**
   * Reads an IDX stream; {@code source} names it in errors. Without a known length the element array
   * grows as data arrives, so a lying header still cannot allocate more than twice the data present.
   * The stream is not closed.
   */
  public static IdxArray read(InputStream in, String source, int expectedRank) throws IOException {
    return read(in, source, expectedRank, -1, false);
  }

  private static IdxArray read(InputStream in, String source, int expectedRank, long knownLength, boolean mod32)
      throws IOException {
    byte[] magic = readHeaderBytes(in, source, 0, 4, "the 4-byte magic number");
    int type = magic[2] & 0xff;
    int rank = magic[3] & 0xff;
    if (magic[0] != 0 || magic[1] != 0) {
      throw DataFormatException.atOffset(source, 0, String.format(
          "bad magic number 0x%02x%02x%02x%02x: an IDX file starts with two zero bytes", magic[0] & 0xff,
          magic[1] & 0xff, type, rank));
    }
    if (type != UNSIGNED_BYTE) {
      throw DataFormatException.atOffset(source, 2, String.format(
          "element type 0x%02x is not supported, expected 0x08 (unsigned byte)", type));
    }
    if (rank == 0 || rank > MAX_RANK || (expectedRank >= 0 && rank != expectedRank)) {
      throw DataFormatException.atOffset(source, 3, "rank " + rank + " (magic " + (0x800 + rank) + "), expected "
          + (expectedRank >= 0 ? expectedRank + " (magic " + (0x800 + expectedRank) + ")" : "1.." + MAX_RANK));
    }
    byte[] dimBytes = readHeaderBytes(in, source, 4, 4 * rank, rank + " big-endian int32 dimensions");
    int[] shape = new int[rank];
    long count = 1;
    long extent = 1;
    for (int d = 0; d < rank; d++) {
      int v = ((dimBytes[4 * d] & 0xff) << 24) | ((dimBytes[4 * d + 1] & 0xff) << 16)
          | ((dimBytes[4 * d + 2] & 0xff) << 8) | (dimBytes[4 * d + 3] & 0xff);
      if (v < 0) {
        throw DataFormatException.atOffset(source, 4 + 4L * d, "dimension " + d + " is negative (" + v + ")");
      }
      shape[d] = v;
      count = count * v;
      // The product of the non-zero dimensions must fit too: a tensor of shape (0, 2^26, 2^26) is not
      // representable, though it holds no data.
      extent = extent * Math.max(v, 1);
      if (extent > Integer.MAX_VALUE - 8) {
        throw DataFormatException.atOffset(source, 4 + 4L * d, "header dimensions " + Arrays.toString(
            Arrays.copyOf(shape, d + 1)) + " give more than " + (Integer.MAX_VALUE - 8)
            + " elements, more than a Java array holds");
      }
    }
    long header = 4 + 4L * rank;
    long expected = header + count;
    // Without a known length the array grows as data arrives, so that a lying header cannot allocate
    // more than twice the data present; with one it is checked first and the array allocated whole.
    int capacity = (int) Math.min(count, 1 << 20);
    if (knownLength >= 0) {
      // expected < 2^32 (count <= 2^31 - 9), so it equals its own value modulo 2^32: a gzip trailer's
      // length compares to it directly.
      long actual = knownLength;
      if (actual != expected) {
        throw DataFormatException.atOffset(source, actual < expected ? actual : expected, "header dimensions "
            + Arrays.toString(shape) + " need " + expected + " bytes, but the " + (mod32
            ? "gzip trailer records " + actual + " decompressed bytes (mod 2^32)" : "file has " + actual)
            + (actual < expected ? ": the file is truncated" : ": unexpected trailing bytes"));
      }
      capacity = (int) count;
    }
    byte[] data = new byte[capacity];
    int filled = 0;
    while (filled < count) {
      if (filled == data.length) {
        data = Arrays.copyOf(data, (int) Math.min(count, 2L * data.length));
      }
      int n = in.read(data, filled, data.length - filled);
      if (n < 0) {
        throw truncated(source, header + filled, expected, shape);
      }
      filled += n;
    }
    checkEnd(in, source, expected);
    return new IdxArray(shape, data);
  }

  private static DataFormatException truncated(String source, long at, long expected, int[] shape) {
    return DataFormatException.atOffset(source, at, "truncated: the header dimensions " + Arrays.toString(shape)
        + " need " + expected + " bytes, the data ends after " + at);
  }

  private static void checkEnd(InputStream in, String source, long expected) throws IOException {
    if (in.read() >= 0) {
      throw DataFormatException.atOffset(source, expected, "unexpected trailing bytes after the "
          + expected + " bytes the header describes");
    }
  }

  private static byte[] readHeaderBytes(InputStream in, String source, long offset, int n, String what)
      throws IOException {
    byte[] b = new byte[n];
    int filled = 0;
    while (filled < n) {
      int r = in.read(b, filled, n - filled);
      if (r < 0) {
        throw DataFormatException.atOffset(source, offset + filled, "truncated header: expected " + what
            + " in bytes " + offset + ".." + (offset + n) + ", the data ends at byte " + (offset + filled));
      }
      filled += r;
    }
    return b;
  }
}
