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
  void toDatasetSplitsOffTheTarget() throws IOException {
    TensorDataset d = parse("1,2,3\n4,5,6\n").toDataset(1);
    assertThat(d.x().toArray()).containsExactly(1f, 3f, 4f, 6f);
    assertThat(d.y().toArray()).containsExactly(2f, 5f);
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
