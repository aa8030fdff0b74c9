package org.sgd4j.data;

import static org.sgd4j.data.DataFormatException.excerpt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reader of the LIBSVM / svmlight sparse text format (Joachims' SVM-light, Chang and Lin's LIBSVM;
 * the format of {@code sklearn.datasets.load_svmlight_file}).
 *
 * <p>Each non-empty line is {@code <label> <index>:<value> <index>:<value> ...}: the label and the
 * values are decimal numbers, the indices are 1-based and strictly increasing, zero-valued features
 * may be omitted and a row may have no features at all. Fields are separated by spaces or tabs;
 * anything after {@code #} is a comment; a {@code qid:<n>} field right after the label is accepted
 * and ignored; CRLF line endings are accepted. The file is streamed once; a gzip file is decompressed
 * on the fly (bzip2 is not in the JDK: pass a decompressing stream to
 * {@link #read(InputStream, String, Options)}).
 *
 * <p>The dimension is the largest index in the file unless given: a test split that lacks the last
 * feature (the largest index in {@code a9a.t} is 122, the training set has 123) must be read with the
 * training set's dimension, {@code LibSvm.read(path, LibSvm.options().dimension(123))}, and then an
 * index above it is an error.
 *
 * <pre>{@code
 * LibSvmData train = LibSvm.read(Path.of("a9a"), LibSvm.options().dimension(123).labels(LabelMapping.PLUS_MINUS_ONE));
 * CsrMatrix x = train.features();   // 32561 x 123
 * double[] y = train.labels();      // -1 or +1
 * }</pre>
 *
 * <p>Bad content raises a {@link DataFormatException} naming the file, the line, the byte offset of
 * the bad field and what was expected: a missing or non-numeric label, a field without {@code :}, an
 * index that is 0, not an integer, above {@link Integer#MAX_VALUE} or the given dimension, or not
 * greater than the previous one, a non-numeric or non-finite value, and (with
 * {@link LabelMapping#PLUS_MINUS_ONE}) more than two distinct labels.
 */
public final class LibSvm {
  private LibSvm() {}

  /**
   * Reading options (immutable; each method returns a changed copy).
   *
   * @param dimension the number of features, or 0 to infer it as the largest index in the file
   * @param labels how labels are reported
   */
  public record Options(int dimension, LabelMapping labels) {
    /** Validates the options. */
    public Options {
      if (dimension < 0) {
        throw new IllegalArgumentException("LibSvm: invalid dimension: " + dimension + " (0 means infer)");
      }
      if (labels == null) {
        throw new IllegalArgumentException("LibSvm: labels mapping must not be null");
      }
    }

    /** The number of features; indices above it are an error. */
    public Options dimension(int dimension) {
      return new Options(dimension, labels);
    }

    /** How labels are reported. */
    public Options labels(LabelMapping labels) {
      return new Options(dimension, labels);
    }
  }

  /** The defaults: dimension inferred, labels as in the file. */
  public static Options options() {
    return new Options(0, LabelMapping.AS_IS);
  }

  /** Reads a file with the default options (dimension inferred, labels as written). */
  public static LibSvmData read(Path file) throws IOException {
    return read(file, options());
  }

  /** Reads a file (plain or gzip). */
  public static LibSvmData read(Path file, Options options) throws IOException {
    try (InputStream in = DataFile.open(file)) {
      return read(in, file.toString(), options);
    }
  }

  /** Reads a stream; {@code source} names it in error messages. The stream is not closed. */
  public static LibSvmData read(InputStream in, String source, Options options) throws IOException {
    return new Parser(source, options).parse(new LineReader(in));
  }

  private static final class Parser {
    private final String source;
    private final Options options;
    private double[] labels = new double[1024];
    private int[] rowPtr = new int[1025];
    private int[] colIdx = new int[8192];
    private double[] values = new double[8192];
    private int rows;
    private int nnz;
    private int maxIndex;

    Parser(String source, Options options) {
      this.source = source;
      this.options = options;
    }

    LibSvmData parse(LineReader r) throws IOException {
      while (r.next()) {
        parseLine(r);
      }
      int dim = options.dimension() > 0 ? options.dimension() : maxIndex;
      double[] y = Arrays.copyOf(labels, rows);
      if (options.labels() == LabelMapping.PLUS_MINUS_ONE) {
        mapPlusMinusOne(y);
      }
      CsrMatrix x = new CsrMatrix(rows, dim, Arrays.copyOf(rowPtr, rows + 1), Arrays.copyOf(colIdx, nnz),
          Arrays.copyOf(values, nnz));
      return new LibSvmData(y, x);
    }

    private void parseLine(LineReader r) throws DataFormatException {
      byte[] b = r.line;
      int end = r.length;
      for (int i = 0; i < end; i++) {
        if (b[i] == '#') {
          end = i;
          break;
        }
      }
      int i = skipBlanks(b, 0, end);
      if (i == end) {
        return; // blank or comment-only line
      }
      int tokEnd = tokenEnd(b, i, end);
      if (indexOfColon(b, i, tokEnd) >= 0) {
        throw error(r, i, "missing label: the line starts with the feature '" + excerpt(b, i, tokEnd)
            + "', expected '<label> <index>:<value> ...'");
      }
      double label = DecimalParser.parse(b, i, tokEnd);
      if (Double.isNaN(label)) {
        throw error(r, i, "label '" + excerpt(b, i, tokEnd) + "' is not a finite decimal number");
      }
      int previous = 0;
      i = skipBlanks(b, tokEnd, end);
      boolean first = true;
      while (i < end) {
        tokEnd = tokenEnd(b, i, end);
        int colon = indexOfColon(b, i, tokEnd);
        if (colon < 0) {
          throw error(r, i, "field '" + excerpt(b, i, tokEnd) + "' is not '<index>:<value>'");
        }
        if (first && colon - i == 3 && b[i] == 'q' && b[i + 1] == 'i' && b[i + 2] == 'd') {
          if (DecimalParser.parseIndex(b, colon + 1, tokEnd, Long.MAX_VALUE / 10) < 0) {
            throw error(r, i, "qid '" + excerpt(b, i, tokEnd) + "' is not qid:<non-negative integer>");
          }
          first = false;
          i = skipBlanks(b, tokEnd, end);
          continue;
        }
        first = false;
        long index = DecimalParser.parseIndex(b, i, colon, Integer.MAX_VALUE);
        if (index < 0) {
          throw error(r, i, "feature index '" + excerpt(b, i, colon)
              + "' is not an integer in [1, " + Integer.MAX_VALUE + "]");
        }
        if (index == 0) {
          throw error(r, i, "feature index 0: LIBSVM indices are 1-based");
        }
        if (index <= previous) {
          throw error(r, i, "feature indices must increase, got " + index + " after " + previous);
        }
        if (options.dimension() > 0 && index > options.dimension()) {
          throw error(r, i, "feature index " + index + " exceeds the given dimension " + options.dimension());
        }
        double value = DecimalParser.parse(b, colon + 1, tokEnd);
        if (Double.isNaN(value)) {
          throw error(r, colon + 1, "value '" + excerpt(b, colon + 1, tokEnd) + "' of feature " + index
              + " is not a finite decimal number");
        }
        add((int) index - 1, value, r, i);
        previous = (int) index;
        i = skipBlanks(b, tokEnd, end);
      }
      maxIndex = Math.max(maxIndex, previous);
      endRow(label, r);
    }

    private void add(int col, double value, LineReader r, int at) throws DataFormatException {
      if (nnz == colIdx.length) {
        if (nnz >= Integer.MAX_VALUE - 16) {
          throw error(r, at, "more than " + nnz + " stored entries, beyond what a Java array holds");
        }
        int cap = (int) Math.min(Integer.MAX_VALUE - 8L, 2L * nnz);
        colIdx = Arrays.copyOf(colIdx, cap);
        values = Arrays.copyOf(values, cap);
      }
      colIdx[nnz] = col;
      values[nnz] = value;
      nnz++;
    }

    private void endRow(double label, LineReader r) throws DataFormatException {
      if (rows == labels.length) {
        if (rows >= Integer.MAX_VALUE - 16) {
          throw error(r, 0, "more than " + rows + " rows, beyond what a Java array holds");
        }
        int cap = (int) Math.min(Integer.MAX_VALUE - 8L, 2L * rows);
        labels = Arrays.copyOf(labels, cap);
        rowPtr = Arrays.copyOf(rowPtr, cap + 1);
      }
      if (options.labels() == LabelMapping.PLUS_MINUS_ONE) {
        checkBinary(label, r);
      }
      labels[rows] = label;
      rows++;
      rowPtr[rows] = nnz;
    }

    private double lo = Double.NaN;
    private double hi = Double.NaN;

    /** Tracks the distinct labels while reading, so that a third one is reported at its line. */
    private void checkBinary(double v, LineReader r) throws DataFormatException {
      if (Double.isNaN(lo)) {
        lo = v;
        hi = v;
      } else if (v != lo && v != hi) {
        if (lo != hi) {
          throw error(r, 0, "labels are not binary: found " + fmt(lo) + ", " + fmt(hi) + " and now "
              + fmt(v) + "; LabelMapping.PLUS_MINUS_ONE needs two classes");
        }
        if (v < lo) {
          lo = v;
        } else {
          hi = v;
        }
      }
    }

    private void mapPlusMinusOne(double[] y) throws DataFormatException {
      if (Double.isNaN(lo)) {
        return;
      }
      double negative;
      if ((lo == -1 || lo == 1) && (hi == -1 || hi == 1)) {
        return;
      } else if ((lo == 0 || lo == 1) && (hi == 0 || hi == 1)) {
        negative = 0;
      } else if (lo != hi) {
        negative = lo;
      } else {
        throw new DataFormatException(source, 0, -1, "all labels are " + fmt(lo)
            + "; cannot tell whether that is the positive or the negative class");
      }
      for (int i = 0; i < y.length; i++) {
        y[i] = y[i] == negative ? -1 : 1;
      }
    }

    private static String fmt(double v) {
      return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private DataFormatException error(LineReader r, int at, String problem) {
      return DataFormatException.atLine(source, r.lineNumber, r.offsetOf(at), problem);
    }
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b;
  }

  private static int skipBlanks(byte[] b, int i, int end) {
    while (i < end && isBlank(b[i])) {
      i++;
    }
    return i;
  }

  private static int tokenEnd(byte[] b, int i, int end) {
    while (i < end && !isBlank(b[i])) {
      i++;
    }
    return i;
  }

  private static int indexOfColon(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == ':') {
        return i;
      }
    }
    return -1;
  }
}
