package org.sgd4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens a data file for streaming, decompressing gzip transparently (recognised by its magic bytes
 * {@code 1f 8b}, not by the file name). Corrupt or truncated gzip data surfaces as a
 * {@link DataFormatException} naming the file and the decompressed offset, never as a bare
 * {@link ZipException} or {@link EOFException}.
 */
final class DataFile {
  private DataFile() {}

  /** True if the file starts with the gzip magic bytes. */
  static boolean isGzip(Path file) throws IOException {
    notADirectory(file);
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /** True if the file starts with the bzip2 magic bytes {@code BZh}. */
  static boolean isBzip2(Path file) throws IOException {
    notADirectory(file);
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 'B' && in.read() == 'Z' && in.read() == 'h';
    }
  }

  /** Reading a directory fails with a bare "Is a directory"; this names the path. */
  private static void notADirectory(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory, not a data file");
    }
  }

  /** A buffered stream of the file's (decompressed) content. */
  static InputStream open(Path file) throws IOException {
    String name = file.toString();
    if (isBzip2(file)) {
      throw new IOException(name + ": bzip2-compressed; the JDK has no bzip2 decoder. Decompress it first"
          + " (bunzip2 -k " + file.getFileName() + ") or pass a decompressing stream, e.g. Apache Commons"
          + " Compress's BZip2CompressorInputStream, to the reader's InputStream overload");
    }
    InputStream raw = Files.newInputStream(file);
    if (isGzip(file)) {
      return new GuardedGzip(raw, name);
    }
    return new BufferedInputStream(raw, 1 << 16);
  }

  /**
   * A buffered stream of {@code in}'s content, gunzipped if it starts with the gzip magic bytes;
   * {@code source} names it in errors.
   */
  static InputStream open(InputStream in, String source) throws IOException {
    BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
    b.mark(2);
    boolean gzip = b.read() == 0x1f && b.read() == 0x8b;
    b.reset();
    return gzip ? new GuardedGzip(b, source) : b;
  }

  /**
   * The length of the content: the file size, or for a gzip file the ISIZE field of its trailer (the
   * decompressed length modulo 2<sup>32</sup>, RFC 1952 section 2.3.1).
   */
  static long contentLengthMod32(Path file, boolean gzip) throws IOException {
    if (!gzip) {
      return Files.size(file);
    }
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      long size = ch.size();
      if (size < 18) {
        throw DataFormatException.atOffset(file.toString(), size, "gzip file too short (" + size
            + " bytes) to hold a header and trailer");
      }
      ByteBuffer b = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      ch.position(size - 4);
      while (b.hasRemaining() && ch.read(b) > 0) {
        // read the 4-byte trailer
      }
      return b.getInt(0) & 0xffffffffL;
    }
  }

  /** A gzip stream whose format errors are {@link DataFormatException}s with a decompressed offset. */
  private static final class GuardedGzip extends FilterInputStream {
    private final String name;
    private long offset;

    GuardedGzip(InputStream raw, String name) throws IOException {
      super(null);
      this.name = name;
      try {
        this.in = new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16);
      } catch (ZipException | EOFException e) {
        raw.close();
        throw DataFormatException.atOffset(name, 0, "bad gzip header (" + e.getMessage() + ")");
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = in.read(b, off, len);
        if (n > 0) {
          offset += n;
        }
        return n;
      } catch (ZipException | EOFException e) {
        throw DataFormatException.atOffset(name, offset, "corrupt or truncated gzip data after "
            + offset + " decompressed bytes (" + e.getMessage() + ")");
      }
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] tmp = new byte[8192];
      long done = 0;
      while (done < n) {
        int r = read(tmp, 0, (int) Math.min(tmp.length, n - done));
        if (r <= 0) {
          break;
        }
        done += r;
      }
      return done;
    }
  }
}
