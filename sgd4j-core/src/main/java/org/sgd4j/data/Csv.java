package org.sgd4j.data;

import static org.sgd4j.data.DataFormatException.excerpt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reader of numeric CSV and TSV tables (RFC 4180 fields, any of {@code , \t ;} as delimiter), streamed
 * from a plain or gzip file, into a {@link CsvTable}.
 *
 * <p><b>Delimiter</b>: given, or detected from the first non-blank line (a tab if it has one, else a
 * comma, else a semicolon, else one column). <b>Header</b>: {@link Header#AUTO} takes the first
 * non-blank line as column names when any of its fields is not a number (NumPy's
 * {@code genfromtxt(names=True)} decision made automatically), {@link Header#PRESENT} and
 * {@link Header#ABSENT} force it. Lines end with LF or CRLF (the airfoil file is tab-separated with
 * CRLF); blank lines are skipped; a field may be quoted ({@code "1.5"}, with {@code ""} for a quote)
 * but may not span lines. Every data field must be a finite decimal number.
 *
 * <p>Errors ({@link DataFormatException}, with the file, line and byte offset): a row with a different
 * number of fields from the first row (ragged), a field that is not a number (including an empty
 * field: missing values are not supported), an unterminated quote.
 */
public final class Csv {
  private Csv() {}

  /** Whether the first line holds column names. */
  public enum Header {
    /** Detect: a header if any field of the first line is not a number. */
    AUTO,
    /** The first line is a header. */
    PRESENT,
    /** There is no header. */
    ABSENT
  }

  /**
   * Reading options (immutable; each method returns a changed copy).
   *
   * @param delimiter the field separator, or 0 to detect it
   * @param header whether the first line holds column names
   */
  public record Options(char delimiter, Header header) {
    /** Validates the options. */
    public Options {
      if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' || delimiter > 127) {
        throw new IllegalArgumentException("Csv: invalid delimiter " + (int) delimiter);
      }
      if (header == null) {
        throw new IllegalArgumentException("Csv: header must not be null");
      }
    }

    /** The field separator ({@code '\t'} for TSV). */
    public Options delimiter(char delimiter) {
      return new Options(delimiter, header);
    }

    /** Whether the first line holds column names. */
    public Options header(Header header) {
      return new Options(delimiter, header);
    }
  }

  /** Detected delimiter, detected header. */
  public static Options options() {
    return new Options((char) 0, Header.AUTO);
  }

  /** Reads a file with detected delimiter and header. */
  public static CsvTable read(Path file) throws IOException {
    return read(file, options());
  }

  /** Reads a file (plain or gzip). */
  public static CsvTable read(Path file, Options options) throws IOException {
    try (InputStream in = DataFile.open(file)) {
      return read(in, file.toString(), options);
    }
  }

  /** Reads a stream; {@code source} names it in errors. The stream is not closed. */
  public static CsvTable read(InputStream in, String source, Options options) throws IOException {
    LineReader r = new LineReader(in);
    byte delimiter = (byte) options.delimiter();
    List<String> columns = null;
    int cols = -1;
    long firstLine = 0;
    double[] values = new double[4096];
    int size = 0;
    int rows = 0;
    List<int[]> fields = new ArrayList<>();
    while (r.next()) {
      if (isBlank(r.line, r.length)) {
        continue;
      }
      if (cols < 0) {
        if (delimiter == 0) {
          delimiter = detect(r.line, r.length);
        }
        split(r, source, delimiter, fields);
        cols = fields.size();
        firstLine = r.lineNumber;
        boolean header = switch (options.header()) {
          case PRESENT -> true;
          case ABSENT -> false;
          case AUTO -> !allNumeric(r.line, fields);
        };
        if (header) {
          columns = new ArrayList<>(cols);
          for (int[] f : fields) {
            columns.add(unquote(r.line, f));
          }
          continue;
        }
      } else {
        split(r, source, delimiter, fields);
        if (fields.size() != cols) {
          throw DataFormatException.atLine(source, r.lineNumber, r.lineOffset, "ragged row: " + fields.size()
              + " fields, expected " + cols + " as on line " + firstLine);
        }
      }
      if (size + cols > values.length) {
        if ((long) size + cols > Integer.MAX_VALUE - 8) {
          throw DataFormatException.atLine(source, r.lineNumber, r.lineOffset, "more values than a Java array holds");
        }
        values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(2L * values.length, size + cols)));
      }
      for (int j = 0; j < cols; j++) {
        int[] f = fields.get(j);
        double v = DecimalParser.parse(r.line, f[0], f[1]);
        if (Double.isNaN(v)) {
          throw DataFormatException.atLine(source, r.lineNumber, r.offsetOf(f[0]), "field " + (j + 1)
              + " '" + excerpt(r.line, f[0], f[1]) + "' is not a finite decimal number");
        }
        values[size++] = v;
      }
      rows++;
    }
    if (cols < 0) {
      cols = 0;
    }
    if (columns == null) {
      columns = new ArrayList<>(cols);
      for (int j = 0; j < cols; j++) {
        columns.add("c" + j);
      }
    }
    return new CsvTable(columns, rows, Arrays.copyOf(values, size));
  }

  private static boolean isBlank(byte[] b, int n) {
    for (int i = 0; i < n; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  private static byte detect(byte[] b, int n) {
    int commas = 0;
    int semicolons = 0;
    for (int i = 0; i < n; i++) {
      if (b[i] == '\t') {
        return '\t';
      }
      commas += b[i] == ',' ? 1 : 0;
      semicolons += b[i] == ';' ? 1 : 0;
    }
    return commas > 0 ? (byte) ',' : semicolons > 0 ? (byte) ';' : (byte) '\n';
  }

  /**
   * Splits the current line into fields {@code [start, end)} with surrounding spaces and quotes removed
   * from the bounds (a quoted field keeps its inner {@code ""} pairs; {@link #unquote} resolves them).
   */
  private static void split(LineReader r, String source, byte delimiter, List<int[]> out) throws DataFormatException {
    out.clear();
    byte[] b = r.line;
    int n = r.length;
    int i = 0;
    while (true) {
      while (i < n && b[i] == ' ' && delimiter != ' ') {
        i++;
      }
      int start;
      int end;
      if (i < n && b[i] == '"') {
        int q = i;
        start = ++i;
        while (true) {
          if (i >= n) {
            throw DataFormatException.atLine(source, r.lineNumber, r.offsetOf(q),
                "unterminated quoted field (fields may not span lines)");
          }
          if (b[i] == '"') {
            if (i + 1 < n && b[i + 1] == '"') {
              i += 2;
              continue;
            }
            break;
          }
          i++;
        }
        end = i++;
        while (i < n && b[i] == ' ') {
          i++;
        }
        if (i < n && b[i] != delimiter) {
          throw DataFormatException.atLine(source, r.lineNumber, r.offsetOf(i),
              "unexpected '" + excerpt(b, i, i + 1) + "' after a quoted field, expected a delimiter");
        }
      } else {
        start = i;
        while (i < n && b[i] != delimiter) {
          i++;
        }
        end = i;
        while (end > start && b[end - 1] == ' ') {
          end--;
        }
      }
      out.add(new int[] {start, end});
      if (i >= n) {
        return;
      }
      i++; // skip the delimiter
    }
  }

  private static boolean allNumeric(byte[] b, List<int[]> fields) {
    for (int[] f : fields) {
      if (Double.isNaN(DecimalParser.parse(b, f[0], f[1]))) {
        return false;
      }
    }
    return true;
  }

  private static String unquote(byte[] b, int[] f) {
    return new String(b, f[0], f[1] - f[0], StandardCharsets.UTF_8).replace("\"\"", "\"");
  }
}
