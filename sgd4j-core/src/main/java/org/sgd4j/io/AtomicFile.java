package org.sgd4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old content or the whole new content, never a
 * truncated one, even if the process dies mid-write: the bytes go to a temporary file in the same
 * directory, are forced to disk ({@code fsync}), and the temporary file is renamed over the target
 * with {@link StandardCopyOption#ATOMIC_MOVE}; the directory is then synced so the rename itself
 * survives a crash (best effort: some file systems cannot sync a directory).
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** Writes the content of a file through a channel. */
  @FunctionalInterface
  public interface Content {
    /** Writes everything into {@code channel}. */
    void writeTo(FileChannel channel) throws IOException;
  }

  /** Atomically replaces (or creates) {@code target} with what {@code content} writes. */
  public static void write(Path target, Content content) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null) {
      throw new IOException(target + ": has no parent directory");
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException(target + ": directory " + dir + " does not exist");
    }
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        content.writeTo(ch);
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(target + ": the file system cannot rename atomically within " + dir, e);
      }
      moved = true;
      syncDirectory(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Atomically replaces (or creates) {@code target} with {@code bytes}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
  }

  /** Atomically replaces (or creates) {@code target} with {@code text} in UTF-8. */
  public static void writeString(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes all remaining bytes of {@code buffer}. */
  public static void writeFully(FileChannel ch, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      ch.write(buffer);
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException notSupported) {
      // Some platforms cannot open or sync a directory; the rename is still atomic there.
    }
  }
}
