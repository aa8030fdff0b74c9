package org.sgd4j.lab.d2l;

import java.io.IOException;
import java.nio.file.Path;
import org.sgd4j.data.Airfoil;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.tensor.Tensor;

/**
 * The chapter's regression problem (d2l's {@code get_data_ch11}): the first 1,500 rows of the airfoil
 * self-noise data, every column standardised with its mean and population standard deviation, the five
 * features as x (n, 5) and the sound level as y (n, 1). The chapter reports the loss
 * l = ½(ŷ − y)² averaged over all n rows.
 */
public final class AirfoilProblem {
  /** Features per row. */
  public static final int FEATURES = 5;

  private final float[] x;
  private final float[] y;
  private final int n;
  private final Tensor allX;
  private final Tensor allY;

  /** A problem over x (n, 5) and y (n). */
  public AirfoilProblem(Tensor x, Tensor y) {
    if (x.dim() != 2 || x.size(1) != FEATURES || y.numel() != x.size(0)) {
      throw new IllegalArgumentException("AirfoilProblem: expected x (n, 5) and y (n), got x "
          + java.util.Arrays.toString(x.shape()) + " and y " + java.util.Arrays.toString(y.shape()));
    }
    this.n = x.size(0);
    this.x = x.toArray();
    this.y = y.toArray();
    this.allX = Tensor.of(this.x, n, FEATURES);
    this.allY = Tensor.of(this.y, n, 1);
  }

  /** The chapter's data from {@code dir/airfoil_self_noise.dat} ({@link Airfoil#d2l}). */
  public static AirfoilProblem load(Path dir) throws IOException {
    TensorDataset d = Airfoil.d2l(dir);
    return new AirfoilProblem(d.x(), d.y());
  }

  /** Rows. */
  public int n() {
    return n;
  }

  /** All features, (n, 5). */
  public Tensor x() {
    return allX;
  }

  /** All targets, (n, 1). */
  public Tensor y() {
    return allY;
  }

  /** The features of rows {@code order[from], …, order[from + size − 1]}, (size, 5). */
  public Tensor x(int[] order, int from, int size) {
    float[] b = new float[size * FEATURES];
    for (int i = 0; i < size; i++) {
      System.arraycopy(x, order[from + i] * FEATURES, b, i * FEATURES, FEATURES);
    }
    return Tensor.wrap(b, size, FEATURES);
  }

  /** The targets of the same rows, (size, 1). */
  public Tensor y(int[] order, int from, int size) {
    float[] b = new float[size];
    for (int i = 0; i < size; i++) {
      b[i] = y[order[from + i]];
    }
    return Tensor.wrap(b, size, 1);
  }
}
