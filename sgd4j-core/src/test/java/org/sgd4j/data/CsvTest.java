package org.sgd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsvTest {

  private static CsvTable parse(String text, Csv.Options o) throws IOException {
    return Csv.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "mem", o);
  }

  private static CsvTable parse(String text) throws IOException {
    return parse(text, Csv.options());
  }

  @Test
  void detectsHeaderAndDelimiter() throws IOException {
    CsvTable t = parse("a,b,\"c \"\"q\"\"\"\n1,2,3\n4.5,-6e1, 7 \n");
    assertThat(t.columns()).containsExactly("a", "b", "c \"q\"");
    assertThat(t.rows()).isEqualTo(2);
    assertThat(t.values()).containsExactly(1, 2, 3, 4.5, -60, 7);
    CsvTable tsv = parse("1\t2\r\n\r\n3\t4\r\n");
    assertThat(tsv.columns()).containsExactly("c0", "c1");
    assertThat(tsv.values()).containsExactly(1, 2, 3, 4);
    assertThat(parse("1;2\n3;4\n").values()).containsExactly(1, 2, 3, 4);
    assertThat(parse("5\n6\n").values()).containsExactly(5, 6);
    assertThat(parse("\"1\",2\n").values()).containsExactly(1, 2);
  }

  @Test
  void forcedHeaderModes() throws IOException {
    assertThat(parse("1,2\n3,4\n", Csv.options().header(Csv.Header.PRESENT)).columns()).containsExactly("1", "2");
    assertThatThrownBy(() -> parse("x,y\n3,4\n", Csv.options().header(Csv.Header.ABSENT)))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("mem: line 1 (byte 0): field 1 'x' is not a finite decimal number");
  }

  @Test
  void raggedRowsAndBadFields() {
    assertThatThrownBy(() -> parse("a,b\n1,2\n3\n")).isInstanceOf(DataFormatException.class)
        .hasMessage("mem: line 3 (byte 8): ragged row: 1 fields, expected 2 as on line 1");
    assertThatThrownBy(() -> parse("1,2\n3,x4\n")).isInstanceOf(DataFormatException.class)
        .hasMessage("mem: line 2 (byte 6): field 2 'x4' is not a finite decimal number");
    assertThatThrownBy(() -> parse("1,2\n3,\n")).isInstanceOf(DataFormatException.class)
        .hasMessage("mem: line 2 (byte 6): field 2 '' is not a finite decimal number");
    assertThatThrownBy(() -> parse("1,\"2\n")).isInstanceOf(DataFormatException.class)
        .hasMessage("mem: line 1 (byte 2): unterminated quoted field (fields may not span lines)");
    assertThatThrownBy(() -> parse("1,\"2\"x\n")).isInstanceOf(DataFormatException.class)
        .hasMessage("mem: line 1 (byte 5): unexpected 'x' after a quoted field, expected a delimiter");
  }

  @Test
  void aQuotedFieldMayEndTheLine() throws IOException {
    // The header's doubled quote leaves a '"' in the line buffer just past the end of the next line:
    // the closing quote of "23" is the last byte of its line, not the start of a "" pair.
    CsvTable t = parse("a,\"bc\"\"\"\n1,\"23\"\n");
    assertThat(t.columns()).containsExactly("a", "bc\"");
    assertThat(t.values()).containsExactly(1, 23);
  }

  @Test
  void fieldsEndWithTheirLineWhateverTheLongerLineBeforeHeld() {
    // The line buffer is reused: the bytes just past the end of line 2 are still line 1's.
    // Line 1 has a space at byte 4, where line 2 ends with an empty field.
    assertThatThrownBy(() -> parse("aa,  b, c\n1,2,\n")).isInstanceOf(DataFormatException.class)
        .hasMessage("mem: line 2 (byte 14): field 3 '' is not a finite decimal number");
    // Line 1 has a quote at byte 4.
    assertThatThrownBy(() -> parse("\"a\",\"b\",\"c\"\n1,2,\n")).isInstanceOf(DataFormatException.class)
        .hasMessage("mem: line 2 (byte 16): field 3 '' is not a finite decimal number");
    assertThatThrownBy(() -> parse("\"a\",\"b\"\n1,\"2\n")).isInstanceOf(DataFormatException.class)
        .hasMessage("mem: line 2 (byte 10): unterminated quoted field (fields may not span lines)");
  }

  @Test
  void theDelimiterIsDetectedFromTheFirstNonBlankLineAlone() throws IOException {
    // The blank line before is skipped and leaves tabs in the line buffer past the end of line 2.
    CsvTable t = parse("\t\t\t\t\t\n1,2\n3,4\n");
    assertThat(t.columns()).containsExactly("c0", "c1");
    assertThat(t.values()).containsExactly(1, 2, 3, 4);
    // No delimiter on the first line: one column, and a later semicolon is part of a field.
    assertThatThrownBy(() -> parse("x\n1;2\n")).isInstanceOf(DataFormatException.class)
        .hasMessage("mem: line 2 (byte 2): field 1 '1;2' is not a finite decimal number");
  }

  @Test
  void aQuotedFieldThatExactlyFillsTheLineBufferIsReadWhole() throws IOException {
    // 256 bytes, the line reader's first buffer, ending with the closing quote.
    String line = "\"1." + "0".repeat(252) + "\"";
    assertThat(line).hasSize(256);
    assertThat(parse(line + "\n").values()).containsExactly(1);
  }

  @Test
  void aSpaceDelimiterSeparatesEverySpace() throws IOException {
    Csv.Options spaces = Csv.options().delimiter(' ').header(Csv.Header.ABSENT);
    assertThat(parse("1 2\n3 4\n", spaces).values()).containsExactly(1, 2, 3, 4);
    assertThatThrownBy(() -> parse("1  2\n", spaces)).isInstanceOf(DataFormatException.class)
        .hasMessage("mem: line 1 (byte 2): field 2 '' is not a finite decimal number");
  }

  @Test
  void aFieldOfSpacesIsEmpty() {
    assertThatThrownBy(() -> parse("0,0,0\n1, ,2\n")).isInstanceOf(DataFormatException.class)
        .hasMessage("mem: line 2 (byte 9): field 2 '' is not a finite decimal number");
  }

  @Test
  void invalidOptionsAreRefused() {
    for (char c : new char[] {'"', '\n', '\r', (char) 128, '\u00e9'}) {
      assertThatThrownBy(() -> Csv.options().delimiter(c)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Csv: invalid delimiter " + (int) c);
    }
    assertThat(Csv.options().delimiter((char) 127).delimiter()).isEqualTo((char) 127);
    assertThatThrownBy(() -> Csv.options().header(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Csv: header must not be null");
  }

  @Test
  void emptyInputAndHeaderOnly() throws IOException {
    CsvTable none = parse(" \n\n");
    assertThat(none.rows()).isZero();
    assertThat(none.cols()).isZero();
    assertThat(none.values()).isEmpty();
    CsvTable header = parse("a;b\n");
    assertThat(header.columns()).containsExactly("a", "b");
    assertThat(header.rows()).isZero();
  }

  @Test
  void toDatasetSplitsOffTheTarget() throws IOException {
    TensorDataset d = parse("1,2,3\n4,5,6\n").toDataset(1);
    assertThat(d.x().toArray()).containsExactly(1f, 3f, 4f, 6f);
    assertThat(d.y().toArray()).containsExactly(2f, 5f);
  }

  @Test
  void toDatasetTargetCountsFromTheEndWhenNegative() throws IOException {
    CsvTable t = parse("1,2,3\n4,5,6\n");
    TensorDataset last = t.toDataset(-1);
    assertThat(last.x().toArray()).containsExactly(1f, 2f, 4f, 5f);
    assertThat(last.y().toArray()).containsExactly(3f, 6f);
    assertThat(t.toDataset(-3).y().toArray()).containsExactly(1f, 4f);
    assertThat(t.toDataset(0).x().toArray()).containsExactly(2f, 3f, 5f, 6f);
    assertThat(t.toDataset(2).y().toArray()).containsExactly(3f, 6f);
    for (int bad : new int[] {3, -4}) {
      assertThatThrownBy(() -> t.toDataset(bad)).isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessage("target column " + bad + " out of range for 3 columns");
    }
  }

  @Test
  void tableChecksItsSizeAndComparesRows() {
    assertThatThrownBy(() -> new CsvTable(java.util.List.of("a", "b"), 2, new double[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("CsvTable: 3 values for 2 rows x 2 columns");
    // Without columns there are no values to tell two row counts apart: rows itself must.
    CsvTable two = new CsvTable(java.util.List.of(), 2, new double[0]);
    CsvTable three = new CsvTable(java.util.List.of(), 3, new double[0]);
    assertThat(two).isNotEqualTo(three).isEqualTo(new CsvTable(java.util.List.of(), 2, new double[0]));
  }

  @Test
  void sklearnIrisHeaderIsDetected() throws IOException {
    java.nio.file.Path iris = java.nio.file.Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(iris), "sklearn iris.csv not installed");
    CsvTable t = Csv.read(iris);
    assertThat(t.columns()).containsExactly("150", "4", "setosa", "versicolor", "virginica");
    assertThat(t.rows()).isEqualTo(150);
    assertThat(t.get(0, 0)).isEqualTo(5.1);
  }

  @Test
  void airfoilMatchesNumpyAndD2l() throws IOException {
    JsonNode ref;
    try (InputStream in = CsvTest.class.getResourceAsStream("/reference/data/airfoil_d2l.json")) {
      ref = new ObjectMapper().readTree(in);
    }
    var dir = RealData.dir().resolve("airfoil");
    CsvTable raw = Csv.read(dir.resolve(Airfoil.FILE)); // detection: tab, no header
    assertThat(raw).isEqualTo(Airfoil.table(dir));
    assertThat(raw.rows()).isEqualTo(1503);
    assertThat(raw.cols()).isEqualTo(6);
    for (int j = 0; j < 6; j++) {
      assertThat(raw.get(0, j)).isEqualTo(ref.get("first_row").get(j).asDouble());
      assertThat(raw.get(1502, j)).isEqualTo(ref.get("last_row").get(j).asDouble());
    }
    Standardizer s = Standardizer.fit(raw.values(), raw.rows(), raw.cols());
    for (int j = 0; j < 6; j++) {
      assertThat(s.mean()[j]).isCloseTo(ref.get("mean").get(j).asDouble(), within(1e-12 * Math.abs(s.mean()[j])));
      assertThat(s.std()[j]).isCloseTo(ref.get("std").get(j).asDouble(), within(1e-12 * s.std()[j]));
    }
    TensorDataset d = Airfoil.d2l(dir);
    assertThat(d.x().shape()).containsExactly(1500, 5);
    assertThat(d.y().shape()).containsExactly(1500);
    // We standardise in double and round once: equal to NumPy's float64 result rounded to float.
    // d2l computes in float32 (its rounding reaches 1.8e-5 on the velocity column), so it agrees to 5e-5.
    for (String row : new String[] {"0", "1", "777", "1499"}) {
      int i = Integer.parseInt(row);
      JsonNode z64 = ref.get("z_rows_float64").get(row);
      JsonNode z32 = ref.get("z_rows").get(row);
      for (int j = 0; j < 6; j++) {
        float ours = j < 5 ? d.x().get(i, j) : d.y().get(i);
        assertThat(ours).isEqualTo((float) z64.get(j).asDouble());
        assertThat((double) ours).isCloseTo(z32.get(j).asDouble(), within(5e-5));
      }
    }
  }
}
