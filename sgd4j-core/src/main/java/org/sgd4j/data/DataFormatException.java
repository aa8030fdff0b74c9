package org.sgd4j.data;

import java.io.IOException;

/**
 * A data file that does not have the format its reader expects: truncated, a wrong magic number, a
 * header that disagrees with the file length, a malformed line, a label outside the class range.
 *
 * <p>Every reader in {@code org.sgd4j.data} reports bad content with this exception and nothing else
 * (an I/O failure of the file system is a plain {@link IOException}). The message names the file, the
 * position (the 1-based line for text formats, the 0-based byte offset for all formats; offsets in a
 * compressed file count decompressed bytes) and what was expected, e.g.
 * {@code a9a.t: line 17 (byte 1234): feature indices must increase, got 5 after 7}.
 *
 * <p>It is a checked {@link IOException} because a bad file is an expected outcome of reading one,
 * like a missing file. (Not to be confused with {@code java.util.zip.DataFormatException}.)
 */
public class DataFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;
  private final long byteOffset;
  private final String problem;

  /**
   * @param source the file (or stream) name
   * @param line the 1-based line number, or 0 for binary formats
   * @param byteOffset the 0-based byte offset of the problem, or -1 if unknown
   * @param problem what was wrong and what was expected
   */
  public DataFormatException(String source, long line, long byteOffset, String problem) {
    super(format(source, line, byteOffset, problem));
    this.source = source;
    this.line = line;
    this.byteOffset = byteOffset;
    this.problem = problem;
  }

  /** A problem in a binary file at {@code byteOffset}. */
  public static DataFormatException atOffset(String source, long byteOffset, String problem) {
    return new DataFormatException(source, 0, byteOffset, problem);
  }

  /** A problem in a text file at a 1-based {@code line} starting at {@code byteOffset}. */
  public static DataFormatException atLine(String source, long line, long byteOffset, String problem) {
    return new DataFormatException(source, line, byteOffset, problem);
  }

  private static String format(String source, long line, long byteOffset, String problem) {
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) {
      sb.append(": line ").append(line);
      if (byteOffset >= 0) {
        sb.append(" (byte ").append(byteOffset).append(')');
      }
    } else if (byteOffset >= 0) {
      sb.append(": byte ").append(byteOffset);
    }
    return sb.append(": ").append(problem).toString();
  }

  /** The file or stream name. */
  public String source() {
    return source;
  }

  /** The 1-based line number, or 0 for binary formats. */
  public long line() {
    return line;
  }

  /** The 0-based byte offset, or -1 if unknown. */
  public long byteOffset() {
    return byteOffset;
  }

  /** What was wrong, without the position. */
  public String problem() {
    return problem;
  }

  /** A field for an error message: at most 40 characters, non-printable bytes escaped. */
  static String excerpt(byte[] b, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to && sb.length() < 40; i++) {
      int c = b[i] & 0xff;
      if (c >= 0x20 && c < 0x7f) {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    if (to - from > 40) {
      sb.append("...");
    }
    return sb.toString();
  }
}
