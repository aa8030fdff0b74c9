package org.sgd4j.lab.conditioning;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.sgd4j.data.Airfoil;
import org.sgd4j.data.CsrMatrix;
import org.sgd4j.data.CsvTable;
import org.sgd4j.data.LibSvm;
import org.sgd4j.data.LibSvmData;

/** The designs of the conditioning experiment, read from the datasets' published files. */
public final class Designs {
  private Designs() {}

  /** UCI airfoil self-noise, all 1,503 rows as published: the 5 features and the sound level (dB). */
  public static Design airfoil(Path dir) throws IOException {
    CsvTable t = Airfoil.table(dir);
    int n = t.rows();
    double[] x = new double[n * 5];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 5; j++) {
        x[i * 5 + j] = t.get(i, j);
      }
      y[i] = t.get(i, 5);
    }
    return new Design("airfoil", n, 5, x, y);
  }

  /**
   * A LIBSVM file (plain, {@code .gz} or {@code .bz2}), its first {@code limit} rows (all when
   * {@code limit <= 0}) as a dense design with the labels as targets.
   */
  public static Design libsvm(Path file, int limit) throws IOException {
    LibSvmData data;
    String name = file.getFileName().toString();
    if (name.endsWith(".bz2")) {
      byte[] text;
      try (InputStream in = new BZip2CompressorInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
        text = limit > 0 ? firstLines(in, limit) : in.readAllBytes();
      }
      data = LibSvm.read(new ByteArrayInputStream(text), file.toString(), LibSvm.options());
      name = name.substring(0, name.length() - 4);
    } else {
      data = LibSvm.read(file);
    }
    int n = limit > 0 ? Math.min(limit, data.n()) : data.n();
    int d = data.dim();
    CsrMatrix m = data.features();
    double[] x = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int k = m.rowPtr()[i]; k < m.rowPtr()[i + 1]; k++) {
        x[i * d + m.colIdx()[k]] = m.values()[k];
      }
      y[i] = data.labels()[i];
    }
    return new Design(name, n, d, x, y);
  }

  private static byte[] firstLines(InputStream in, int lines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int seen = 0;
    int b;
    while (seen < lines && (b = in.read()) >= 0) {
      out.write(b);
      if (b == '\n') {
        seen++;
      }
    }
    return out.toByteArray();
  }
}
