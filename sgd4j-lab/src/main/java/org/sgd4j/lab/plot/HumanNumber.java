package org.sgd4j.lab.plot;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Axis labels a reader takes in at a glance: {@code 50k}, {@code 1.5M}, {@code 2B} for counts such
 * as samples seen, and the shortest plain decimal for ordinary values ({@code 0.5}, {@code 20}),
 * with an exponent only for the very small or very large ({@code 1e-6}), instead of XChart's
 * {@code 5E4}.
 */
public final class HumanNumber {
  private HumanNumber() {}

  /** {@code v} as a short label (3 significant digits at most). */
  public static String format(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    double a = Math.abs(v);
    if (a >= 1e9 && a < 1e15) {
      return digits(v / 1e9) + "B";
    }
    if (a >= 1e6 && a < 1e9) {
      return digits(v / 1e6) + "M";
    }
    if (a >= 1e3 && a < 1e6) {
      return digits(v / 1e3) + "k";
    }
    if (a == 0 || (a >= 1e-4 && a < 1e3)) {
      return digits(v);
    }
    String[] e = String.format(java.util.Locale.ROOT, "%.2e", v).split("e");
    return new BigDecimal(e[0]).stripTrailingZeros().toPlainString() + "e" + Integer.parseInt(e[1]);
  }

  private static String digits(double v) {
    if (v == 0) {
      return "0";
    }
    return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }
}
