package org.sgd4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DecimalParserTest {

  private static double parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return DecimalParser.parse(b, 0, b.length);
  }

  /** Decimal strings: sign, 0-25 integer digits, optional fraction, optional exponent. */
  @Provide
  Arbitrary<String> decimals() {
    Arbitrary<String> sign = Arbitraries.of("", "-", "+");
    Arbitrary<String> intPart = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(25);
    Arbitrary<String> frac = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(25)
        .injectNull(0.3);
    Arbitrary<String> exp = Arbitraries.integers().between(-340, 340).map(e -> (e % 2 == 0 ? "e" : "E") + e)
        .injectNull(0.5);
    return Combinators.combine(sign, intPart, frac, exp).as((s, i, f, e) -> {
      String m = f == null ? i : i + "." + f;
      if (i.isEmpty() && (f == null || f.isEmpty())) {
        m = "0";
      }
      return s + m + (e == null ? "" : e);
    });
  }

  @Property(tries = 5000)
  void agreesWithDoubleParseDoubleBitForBit(@ForAll("decimals") String s) {
    double expected = Double.parseDouble(s);
    double actual = parse(s);
    if (Double.isInfinite(expected)) {
      assertThat(actual).as(s).isNaN();
    } else {
      assertThat(Double.doubleToLongBits(actual)).as(s).isEqualTo(Double.doubleToLongBits(expected));
    }
  }

  @Property(tries = 3000)
  void shortDecimalsTakeTheExactPath(@ForAll long mantissa, @ForAll("scales") int scale) {
    String s = java.math.BigDecimal.valueOf(mantissa % 1_000_000_000_000_000L, scale).toPlainString();
    assertThat(parse(s)).as(s).isEqualTo(Double.parseDouble(s));
  }

  @Provide
  Arbitrary<Integer> scales() {
    return Arbitraries.integers().between(-5, 22);
  }

  @Example
  void rejectsWhatJavaAcceptsButTheFormatsDoNot() {
    for (String s : new String[] {"NaN", "Infinity", "-Infinity", "1d", "1f", "0x1p3", "", "+", "-", ".", "e5",
        "1e", "1e+", "1.2.3", "1 ", " 1", "1,5", "--1", "1e99999"}) {
      assertThat(parse(s)).as("'" + s + "'").isNaN();
    }
    assertThat(parse(".5")).isEqualTo(0.5);
    assertThat(parse("5.")).isEqualTo(5.0);
    assertThat(Double.doubleToLongBits(parse("-0"))).isEqualTo(Double.doubleToLongBits(-0.0));
  }
}
