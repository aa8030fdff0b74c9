package org.sgd4j.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a byte stream line by line without decoding it, keeping the 1-based line number and the byte
 * offset of each line so that text parsers can name the position of a bad value. A line ends at
 * {@code '\n'}; one {@code '\r'} before it is dropped (CRLF files). The shared front end of the CSV
 * and LIBSVM parsers.
 */
final class LineReader implements Closeable {
  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private long bufferStart;
  private boolean eof;

  /** The current line's bytes are {@code line[0 .. length)}. */
  byte[] line = new byte[256];
  int length;
  /** 1-based number of the current line. */
  long lineNumber;
  /** Byte offset of the first byte of the current line. */
  long lineOffset;

  LineReader(InputStream in) {
    this.in = in;
  }

  /** Advances to the next line; false at the end of the stream. */
  boolean next() throws IOException {
    length = 0;
    lineOffset = bufferStart + pos;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        if (eof || !fill()) {
          if (!any) {
            return false;
          }
          break;
        }
      }
      any = true;
      int start = pos;
      int end = start;
      byte[] b = buf;
      int lim = limit;
      while (end < lim && b[end] != '\n') {
        end++;
      }
      append(start, end);
      if (end < lim) {
        pos = end + 1;
        break;
      }
      pos = end;
    }
    lineNumber++;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    return true;
  }

  /** Offset of byte {@code i} of the current line in the stream. */
  long offsetOf(int i) {
    return lineOffset + i;
  }

  private void append(int start, int end) {
    int n = end - start;
    if (length + n > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
    }
    System.arraycopy(buf, start, line, length, n);
    length += n;
  }

  private boolean fill() throws IOException {
    bufferStart += limit;
    pos = 0;
    limit = 0;
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      eof = true;
      return false;
    }
    limit = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
