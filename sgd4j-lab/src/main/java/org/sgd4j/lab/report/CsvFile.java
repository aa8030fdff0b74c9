package org.sgd4j.lab.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.sgd4j.io.AtomicFile;

/**
 * A CSV table (RFC 4180: comma-separated, a header row, fields with commas or quotes quoted) of
 * numbers and strings; numbers are written with {@link Double#toString} so they read back exactly.
 */
public final class CsvFile {
  private final StringBuilder text = new StringBuilder();
  private final int columns;

  /** A table with these column names. */
  public CsvFile(List<String> header) {
    columns = header.size();
    line(header.toArray());
  }

  /** Appends a row (Number or String cells), which must have one cell per column. */
  public CsvFile row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("CSV row has " + cells.length + " cells, the header has " + columns);
    }
    line(cells);
    return this;
  }

  private void line(Object[] cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      String s = String.valueOf(cells[i]);
      if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
        s = '"' + s.replace("\"", "\"\"") + '"';
      }
      text.append(s);
    }
    text.append('\n');
  }

  /** The CSV text. */
  public String text() {
    return text.toString();
  }

  /** Writes the table to {@code file} atomically. */
  public void write(Path file) throws IOException {
    AtomicFile.writeString(file, text.toString());
  }
}
