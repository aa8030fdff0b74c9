package org.sgd4j.data;

/**
 * Strict parsing of decimal numbers from ASCII bytes, for the text readers: the grammar is
 * {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}, so hexadecimal floats, Java's
 * {@code d}/{@code f} suffixes, {@code NaN} and {@code Infinity}, which {@link Double#parseDouble}
 * would accept, are rejected. Short decimals take Clinger's exact fast path (a mantissa below
 * 2<sup>53</sup> divided or multiplied by an exact power of ten is correctly rounded); the rest go
 * through {@link Double#parseDouble}, so every result is the correctly rounded double.
 */
final class DecimalParser {
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private DecimalParser() {}

  /** The value of {@code b[from .. to)}, or NaN if it is not a finite decimal number. */
  static double parse(byte[] b, int from, int to) {
    int i = from;
    if (i == to) {
      return Double.NaN;
    }
    boolean negative = false;
    if (b[i] == '+' || b[i] == '-') {
      negative = b[i] == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int significant = 0;
    int fractionDigits = 0;
    boolean exact = true;
    while (i < to && isDigit(b[i])) {
      if (significant > 0 || b[i] != '0') {
        significant++;
      }
      if (significant <= 18) {
        mantissa = mantissa * 10 + (b[i] - '0');
      } else {
        exact = false;
      }
      digits++;
      i++;
    }
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && isDigit(b[i])) {
        if (significant > 0 || b[i] != '0') {
          significant++;
        }
        if (significant <= 18) {
          mantissa = mantissa * 10 + (b[i] - '0');
          fractionDigits++;
        } else {
          exact = false;
        }
        digits++;
        i++;
      }
    }
    if (digits == 0) {
      return Double.NaN;
    }
    int exponent = 0;
    if (i < to && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean negExp = false;
      if (i < to && (b[i] == '+' || b[i] == '-')) {
        negExp = b[i] == '-';
        i++;
      }
      int expDigits = 0;
      while (i < to && isDigit(b[i])) {
        if (exponent < 100_000) {
          exponent = exponent * 10 + (b[i] - '0');
        }
        expDigits++;
        i++;
      }
      if (expDigits == 0) {
        return Double.NaN;
      }
      if (negExp) {
        exponent = -exponent;
      }
    }
    if (i != to) {
      return Double.NaN;
    }
    int scale = exponent - fractionDigits;
    double v;
    if (exact && mantissa < (1L << 53) && scale >= -22 && scale <= 22) {
      // Both operands are exact, so the one rounding of the multiplication or division is correct.
      v = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
      v = negative ? -v : v;
    } else {
      v = slow(b, from, to);
    }
    return Double.isInfinite(v) ? Double.NaN : v;
  }

  /** The value of {@code b[from .. to)} as a non-negative integer, or -1 if it is not one or exceeds {@code max}. */
  static long parseIndex(byte[] b, int from, int to, long max) {
    if (from == to) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      if (!isDigit(b[i])) {
        return -1;
      }
      v = v * 10 + (b[i] - '0');
      if (v > max) {
        return -1;
      }
    }
    return v;
  }

  private static double slow(byte[] b, int from, int to) {
    return Double.parseDouble(new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }
}
