package org.sgd4j.cli;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The line of a LIBSVM or CSV file that holds its {@code i}-th example, to name a bad value by file
 * and line once the reader has turned the file into a tensor. It counts the lines the readers count
 * as examples: not blank, not only a {@code #} comment (LIBSVM), not the header (CSV: a first line
 * whose first field is not a number).
 */
final class RowLines {
  private RowLines() {}

  /** The 1-based line of example {@code row} (0-based), or 0 if the file cannot be read again. */
  static long lineOf(Path file, int row, boolean csv) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      BufferedReader in = new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(raw) : raw,
          StandardCharsets.UTF_8));
      long line = 0;
      int seen = -1;
      boolean first = true;
      for (String s; (s = in.readLine()) != null; ) {
        line++;
        String t = csv ? s.strip() : s.replaceFirst("#.*", "").strip();
        if (t.isEmpty()) {
          continue;
        }
        if (csv && first && !numeric(t.split("[,;\t ]", 2)[0])) {
          first = false;
          continue;
        }
        first = false;
        if (++seen == row) {
          return line;
        }
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static boolean numeric(String field) {
    try {
      Double.parseDouble(field.strip().replace("\"", ""));
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
