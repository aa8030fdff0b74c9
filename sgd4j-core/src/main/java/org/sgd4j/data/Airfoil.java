package org.sgd4j.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The UCI Airfoil Self-Noise data (Brooks, Pope and Marcolini, NASA RP-1218, 1989) as used by d2l.ai
 * chapter 11 "Optimization": 1,503 rows of 5 features (frequency, angle of attack, chord length,
 * free-stream velocity, suction-side displacement thickness) and the scaled sound pressure level in
 * dB as the regression target; tab-separated, CRLF, no header ({@code airfoil_self_noise.dat}).
 *
 * <p>{@link #d2l(Path)} reproduces d2l's {@code get_data_ch11}: every column standardised with its
 * mean and population standard deviation over all 1,503 rows ({@code (data - data.mean(0)) /
 * data.std(0)}), then the first 1,500 rows, columns 0-4 as x and column 5 as y.
 */
public final class Airfoil {
  /** The file name. */
  public static final String FILE = "airfoil_self_noise.dat";
  /** Rows in the file. */
  public static final int ROWS = 1503;

  private Airfoil() {}

  /** The raw table (1,503 x 6) from {@code dir/airfoil_self_noise.dat}. */
  public static CsvTable table(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    CsvTable t = Csv.read(file, Csv.options().delimiter('\t').header(Csv.Header.ABSENT));
    if (t.cols() != 6 || t.rows() == 0) { // a damaged or other file: named here, not an index error later
      throw new IOException(file + ": " + t.rows() + " rows of " + t.cols() + " columns; the airfoil data has 6"
          + " tab-separated columns (5 features and the sound level)");
    }
    return t;
  }

  /** d2l's preprocessed version: x (1500, 5), y (1500), all columns standardised. */
  public static TensorDataset d2l(Path dir) throws IOException {
    CsvTable t = table(dir);
    Standardizer s = Standardizer.fit(t.values(), t.rows(), t.cols());
    double[] z = s.apply(t.values(), t.rows());
    return new CsvTable(t.columns(), t.rows(), z).head(1500).toDataset(-1);
  }
}
