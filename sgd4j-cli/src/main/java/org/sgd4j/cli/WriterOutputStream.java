package org.sgd4j.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Bytes to picocli's {@link PrintWriter} (UTF-8), so the training log goes where
 * {@code CommandLine.setOut/setErr} say: the terminal when run, a buffer in tests.
 */
final class WriterOutputStream extends OutputStream {
  private final PrintWriter writer;
  private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

  WriterOutputStream(PrintWriter writer) {
    this.writer = writer;
  }

  @Override
  public void write(int b) {
    pending.write(b);
    if (b == '\n') {
      flush();
    }
  }

  @Override
  public void write(byte[] b, int off, int len) {
    pending.write(b, off, len);
    flush();
  }

  @Override
  public void flush() {
    writer.write(pending.toString(StandardCharsets.UTF_8));
    writer.flush();
    pending.reset();
  }
}
