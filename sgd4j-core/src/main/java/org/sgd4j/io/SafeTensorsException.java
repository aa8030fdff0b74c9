package org.sgd4j.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file that sgd4j refuses to read: it names the file, the byte offset where the
 * problem is (or -1 when it concerns the file as a whole) and what was expected.
 */
public final class SafeTensorsException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final long offset;

  /** A problem in {@code file} at byte {@code offset} (-1: none in particular). */
  public SafeTensorsException(Path file, long offset, String message) {
    super(file + (offset >= 0 ? " (byte " + offset + ")" : "") + ": " + message);
    this.file = file;
    this.offset = offset;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The byte offset of the problem, or -1. */
  public long offset() {
    return offset;
  }
}
