package org.sgd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibSvmTest {

  private static LibSvmData parse(String text, LibSvm.Options options) throws IOException {
    return LibSvm.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), "mem", options);
  }

  private static LibSvmData parse(String text) throws IOException {
    return parse(text, LibSvm.options());
  }

  @Test
  void parsesSparseRowsWithOneBasedIndices() throws IOException {
    LibSvmData d = parse("+1 1:0.5 3:-2\n-1\n1 2:1e-3 4:7 # comment\n");
    assertThat(d.n()).isEqualTo(3);
    assertThat(d.dim()).isEqualTo(4);
    assertThat(d.labels()).containsExactly(1, -1, 1);
    CsrMatrix x = d.features();
    assertThat(x.rowPtr()).containsExactly(0, 2, 2, 4);
    assertThat(x.colIdx()).containsExactly(0, 2, 1, 3);
    assertThat(x.values()).containsExactly(0.5, -2, 1e-3, 7);
    assertThat(d.denseFeatures()).containsExactly(0.5, 0, -2, 0, 0, 0, 0, 0, 0, 0.001, 0, 7);
  }

  @Test
  void acceptsCrlfTabsQidBlankLinesAndMissingFinalNewline() throws IOException {
    LibSvmData d = parse("2 qid:3 1:1\t2:2 \r\n\r\n   \n# only a comment\n3 2:4");
    assertThat(d.labels()).containsExactly(2, 3);
    assertThat(d.features().values()).containsExactly(1, 2, 4);
    assertThat(d.dim()).isEqualTo(2);
  }

  @Test
  void givenDimensionWidensTheMatrixAndBoundsTheIndices() throws IOException {
    LibSvmData d = parse("1 2:1\n", LibSvm.options().dimension(5));
    assertThat(d.dim()).isEqualTo(5);
    assertThatThrownBy(() -> parse("1 2:1\n0 6:1\n", LibSvm.options().dimension(5)))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("mem: line 2 (byte 8): feature index 6 exceeds the given dimension 5");
  }

  @Test
  void mapsBinaryLabelsToPlusMinusOne() throws IOException {
    LibSvm.Options pm = LibSvm.options().labels(LabelMapping.PLUS_MINUS_ONE);
    assertThat(parse("0\n1\n1\n0\n", pm).labels()).containsExactly(-1, 1, 1, -1);
    assertThat(parse("-1\n+1\n", pm).labels()).containsExactly(-1, 1);
    assertThat(parse("1.0\n-1.0\n", pm).labels()).containsExactly(1, -1);
    assertThat(parse("2\n1\n", pm).labels()).containsExactly(1, -1);
    assertThat(parse("1\n1\n", pm).labels()).containsExactly(1, 1);
    assertThat(parse("0\n0\n", pm).labels()).containsExactly(-1, -1);
    assertThatThrownBy(() -> parse("0\n1\n2\n", pm))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("labels are not binary: found 0, 1 and now 2");
    assertThatThrownBy(() -> parse("5\n5\n", pm)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("all labels are 5");
  }

  @Test
  void malformedLinesNameTheLineOffsetAndProblem() {
    assertBad("1 1:1\n-1 3:1 2:1\n", "mem: line 2 (byte 13): feature indices must increase, got 2 after 3");
    assertBad("1 2:1 2:1\n", "mem: line 1 (byte 6): feature indices must increase, got 2 after 2");
    assertBad("1 0:1\n", "mem: line 1 (byte 2): feature index 0: LIBSVM indices are 1-based");
    assertBad("1 1:abc\n", "mem: line 1 (byte 4): value 'abc' of feature 1 is not a finite decimal number");
    assertBad("1 1:NaN\n", "mem: line 1 (byte 4): value 'NaN' of feature 1 is not a finite decimal number");
    assertBad("1 1:1e999\n", "mem: line 1 (byte 4): value '1e999' of feature 1 is not a finite decimal number");
    assertBad("1 1:0x10\n", "mem: line 1 (byte 4): value '0x10' of feature 1 is not a finite decimal number");
    assertBad("1 1:\n", "mem: line 1 (byte 4): value '' of feature 1 is not a finite decimal number");
    assertBad("1 3:1\n1:1 2:1\n", "mem: line 2 (byte 6): missing label: the line starts with the feature '1:1',"
        + " expected '<label> <index>:<value> ...'");
    assertBad(":1 1:1\n", "mem: line 1 (byte 0): missing label: the line starts with the feature ':1',"
        + " expected '<label> <index>:<value> ...'");
    assertBad("yes 1:1\n", "mem: line 1 (byte 0): label 'yes' is not a finite decimal number");
    assertBad("1 1:1 junk\n", "mem: line 1 (byte 6): field 'junk' is not '<index>:<value>'");
    assertBad("1 -1:1\n", "mem: line 1 (byte 2): feature index '-1' is not an integer in [1, 2147483647]");
    assertBad("1 99999999999:1\n",
        "mem: line 1 (byte 2): feature index '99999999999' is not an integer in [1, 2147483647]");
    assertBad("1 1.5:1\n", "mem: line 1 (byte 2): feature index '1.5' is not an integer in [1, 2147483647]");
    assertBad("1 qid:x 1:1\n", "mem: line 1 (byte 2): qid 'qid:x' is not qid:<non-negative integer>");
  }

  @Test
  void qidIsRecognisedOnlyAsTheFirstFieldAndSpelledExactly() throws IOException {
    LibSvmData d = parse("1 qid:0 2:5\n");
    assertThat(d.features().colIdx()).containsExactly(1);
    assertThat(d.features().values()).containsExactly(5);
    assertBad("1 qad:3 1:1\n", "mem: line 1 (byte 2): feature index 'qad' is not an integer in [1, 2147483647]");
    assertBad("1 xid:3 1:1\n", "mem: line 1 (byte 2): feature index 'xid' is not an integer in [1, 2147483647]");
    assertBad("1 qix:3 1:1\n", "mem: line 1 (byte 2): feature index 'qix' is not an integer in [1, 2147483647]");
    assertBad("1 qi:3 1:1\n", "mem: line 1 (byte 2): feature index 'qi' is not an integer in [1, 2147483647]");
    assertBad("1 qidd:3 1:1\n", "mem: line 1 (byte 2): feature index 'qidd' is not an integer in [1, 2147483647]");
    assertBad("1 1:1 qid:3\n", "mem: line 1 (byte 6): feature index 'qid' is not an integer in [1, 2147483647]");
  }

  @Test
  void aLabelAloneOnALineIsALabel() throws IOException {
    // Line 2 ends where line 1 had its colon: the byte past the token is not part of it.
    LibSvmData d = parse("1 2:1\n123\n");
    assertThat(d.labels()).containsExactly(1, 123);
    assertThat(d.features().rowPtr()).containsExactly(0, 1, 1);
  }

  @Test
  void aLineThatExactlyFillsTheLineBufferIsReadWhole() throws IOException {
    // 256 bytes, the line reader's first buffer: nothing past the line's end may be looked at.
    String feature = "1 1:0.5" + "0".repeat(249);
    String label = "1." + "0".repeat(254);
    assertThat(feature).hasSize(256);
    assertThat(label).hasSize(256);
    LibSvmData d = parse(feature + "\n");
    assertThat(d.labels()).containsExactly(1);
    assertThat(d.features().values()).containsExactly(0.5);
    assertThat(parse(label + "\n").labels()).containsExactly(1);
  }

  @Test
  void theLargestIndexOfTheGivenDimensionIsAccepted() throws IOException {
    LibSvmData d = parse("1 5:2\n", LibSvm.options().dimension(5));
    assertThat(d.denseFeatures()).containsExactly(0, 0, 0, 0, 2);
  }

  @Test
  void invalidOptionsAreRefused() {
    assertThatThrownBy(() -> LibSvm.options().dimension(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LibSvm: invalid dimension: -1 (0 means infer)");
    assertThatThrownBy(() -> LibSvm.options().labels(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LibSvm: labels mapping must not be null");
  }

  @Test
  void plusMinusOneMapsTheSmallerOfAnyOtherPairToMinusOne() throws IOException {
    LibSvm.Options pm = LibSvm.options().labels(LabelMapping.PLUS_MINUS_ONE);
    assertThat(parse("-1\n-1\n", pm).labels()).containsExactly(-1, -1);
    assertThat(parse("0\n-3\n", pm).labels()).containsExactly(1, -1);
    assertThat(parse("1\n2\n1\n", pm).labels()).containsExactly(-1, 1, -1);
    assertThatThrownBy(() -> parse("1e15\n1e15\n", pm)).isInstanceOf(DataFormatException.class)
        .hasMessage("mem: all labels are 1.0E15; cannot tell whether that is the positive or the negative class");
    assertThatThrownBy(() -> parse("0.5\n1\n2\n", pm)).isInstanceOf(DataFormatException.class)
        .hasMessage("mem: line 3 (byte 6): labels are not binary: found 0.5, 1 and now 2;"
            + " LabelMapping.PLUS_MINUS_ONE needs two classes");
  }

  @Test
  void growsPastItsFirstBuffers() throws IOException {
    // 3000 rows of 4 entries: more rows than the first 1024 and more entries than the first 8192.
    StringBuilder s = new StringBuilder();
    int rows = 3000;
    for (int i = 0; i < rows; i++) {
      s.append(i % 2 == 0 ? "+1" : "-1");
      for (int k = 1; k <= 4; k++) {
        s.append(' ').append(k + i % 3).append(':').append(i + 0.25 * k);
      }
      s.append('\n');
    }
    LibSvmData d = parse(s.toString());
    assertThat(d.n()).isEqualTo(rows);
    assertThat(d.dim()).isEqualTo(6);
    CsrMatrix x = d.features();
    assertThat(x.rowPtr()[rows]).isEqualTo(4 * rows);
    for (int i : new int[] {0, 1023, 1024, 2047, 2048, 2999}) {
      assertThat(d.labels()[i]).isEqualTo(i % 2 == 0 ? 1 : -1);
      assertThat(x.rowPtr()[i]).isEqualTo(4 * i);
      for (int k = 0; k < 4; k++) {
        assertThat(x.colIdx()[4 * i + k]).isEqualTo(k + i % 3);
        assertThat(x.values()[4 * i + k]).isEqualTo(i + 0.25 * (k + 1));
      }
    }
  }

  private static void assertBad(String text, String message) {
    assertThatThrownBy(() -> parse(text)).isInstanceOf(DataFormatException.class).hasMessage(message);
  }

  @Test
  void exceptionCarriesThePosition() {
    try {
      parse("1 1:1\n1 2:x\n");
    } catch (DataFormatException e) {
      assertThat(e.source()).isEqualTo("mem");
      assertThat(e.line()).isEqualTo(2);
      assertThat(e.byteOffset()).isEqualTo(10);
      assertThat(e.problem()).startsWith("value 'x'");
      return;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no exception");
  }

  @Test
  void readsGzipFilesTransparently(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("small.svm.gz");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write("1 1:2 3:4\n0 2:1\n".getBytes(StandardCharsets.US_ASCII));
    }
    Files.write(f, bytes.toByteArray());
    LibSvmData d = LibSvm.read(f);
    assertThat(d.labels()).containsExactly(1, 0);
    assertThat(d.features().values()).containsExactly(2, 4, 1);
    byte[] truncated = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() - 12);
    Files.write(f, truncated);
    assertThatThrownBy(() -> LibSvm.read(f)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("small.svm.gz").hasMessageContaining("gzip");
  }

  @Test
  void toTensorDatasetIsDenseFloat() throws IOException {
    TensorDataset t = parse("1 2:0.5\n-1 1:3\n").toTensorDataset();
    assertThat(t.x().shape()).containsExactly(2, 2);
    assertThat(t.x().toArray()).containsExactly(0f, 0.5f, 3f, 0f);
    assertThat(t.y().toArray()).containsExactly(1f, -1f);
  }

  @Test
  void csrDatasetBatchesEqualTheDenseOnes() throws IOException {
    LibSvmData d = parse("1 2:0.5 4:2\n-1 1:3\n1\n-1 3:-1 4:1\n");
    TensorDataset dense = d.toTensorDataset();
    CsrDataset sparse = CsrDataset.of(d);
    assertThat(sparse.get(0).x().toArray()).containsExactly(dense.get(0).x().toArray());
    var a = DataLoader.of(dense).batchSize(3).shuffle(true).seed(4).build().iterator();
    var b = DataLoader.of(sparse).batchSize(3).shuffle(true).seed(4).build().iterator();
    while (a.hasNext()) {
      Batch x = a.next();
      Batch y = b.next();
      assertThat(y.x().shape()).containsExactly(x.x().shape());
      assertThat(y.x().toArray()).containsExactly(x.x().toArray());
      assertThat(y.y().toArray()).containsExactly(x.y().toArray());
    }
    assertThat(b.hasNext()).isFalse();
  }

  // ------------------------------------------------------------------ the real files

  @Test
  void a9aTrainAndTest() throws IOException {
    LibSvm.Options opts = LibSvm.options().dimension(123).labels(LabelMapping.PLUS_MINUS_ONE);
    LibSvmData train = LibSvm.read(RealData.file("libsvm/a9a/a9a"), opts);
    assertThat(train.n()).isEqualTo(32_561);
    assertThat(train.dim()).isEqualTo(123);
    assertCounts(train.labels(), -1, 24_720, 1, 7_841);
    assertThat(train.features().values()).containsOnly(1.0);
    assertThat(LibSvm.read(RealData.file("libsvm/a9a/a9a")).dim()).isEqualTo(123);

    LibSvmData test = LibSvm.read(RealData.file("libsvm/a9a/a9a.t"), opts);
    assertThat(test.n()).isEqualTo(16_281);
    assertThat(test.dim()).isEqualTo(123);
    assertCounts(test.labels(), -1, 12_435, 1, 3_846);
    // Inferred, the test split is one feature short: the reason the dimension can be given.
    assertThat(LibSvm.read(RealData.file("libsvm/a9a/a9a.t")).dim()).isEqualTo(122);
  }

  @Test
  void w8aHasEmptyRows() throws IOException {
    LibSvmData d = LibSvm.read(RealData.file("libsvm/w8a/w8a"), LibSvm.options().dimension(300));
    assertThat(d.n()).isEqualTo(49_749);
    assertCounts(d.labels(), -1, 48_270, 1, 1_479);
    int empty = 0;
    for (int i = 0; i < d.n(); i++) {
      if (d.features().rowPtr()[i + 1] == d.features().rowPtr()[i]) {
        empty++;
      }
    }
    assertThat(empty).isEqualTo(4_203);
  }

  @Test
  void agaricusZeroOneLabels() throws IOException {
    LibSvmData raw = LibSvm.read(RealData.file("libsvm/agaricus-mushroom/agaricus.txt.train"));
    assertThat(raw.n()).isEqualTo(6_513);
    assertThat(raw.dim()).isEqualTo(126);
    assertCounts(raw.labels(), 0, 3_373, 1, 3_140);
    LibSvmData pm = LibSvm.read(RealData.file("libsvm/agaricus-mushroom/agaricus.txt.test"),
        LibSvm.options().dimension(126).labels(LabelMapping.PLUS_MINUS_ONE));
    assertThat(pm.n()).isEqualTo(1_611);
    assertCounts(pm.labels(), -1, 835, 1, 776);
  }

  @Test
  void ijcnn1FromBzip2Stream() throws IOException {
    Path f = RealData.file("libsvm/ijcnn1/ijcnn1.trn.bz2");
    assertThatThrownBy(() -> LibSvm.read(f)).isInstanceOf(IOException.class).hasMessageContaining("bzip2");
    LibSvmData d;
    try (InputStream in = new BZip2CompressorInputStream(new java.io.BufferedInputStream(Files.newInputStream(f)))) {
      d = LibSvm.read(in, f.toString(), LibSvm.options().labels(LabelMapping.PLUS_MINUS_ONE));
    }
    assertThat(d.n()).isEqualTo(49_990);
    assertThat(d.dim()).isEqualTo(22);
    assertCounts(d.labels(), -1, 45_137, 1, 4_853);
    // first line: -1.0 6:1 11:-0.731854 12:0.173431 13:0.0 ... (explicit zeros are kept as stored entries)
    assertThat(d.features().colIdx()[0]).isEqualTo(5);
    assertThat(d.features().values()[1]).isEqualTo(-0.731854);
    assertThat(d.features().values()[3]).isEqualTo(0.0);
  }

  private static void assertCounts(double[] labels, double a, int na, double b, int nb) {
    int ca = 0;
    int cb = 0;
    for (double v : labels) {
      if (v == a) {
        ca++;
      } else if (v == b) {
        cb++;
      } else {
        throw new AssertionError("unexpected label " + v);
      }
    }
    assertThat(ca).as("count of " + a).isEqualTo(na);
    assertThat(cb).as("count of " + b).isEqualTo(nb);
  }
}
