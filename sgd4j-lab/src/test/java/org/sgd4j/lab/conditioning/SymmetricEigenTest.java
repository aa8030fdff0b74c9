package org.sgd4j.lab.conditioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;

class SymmetricEigenTest {
  @Test
  void twoByTwo() {
    SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
    assertThat(e.values()[0]).isCloseTo(1, within(1e-15));
    assertThat(e.values()[1]).isCloseTo(3, within(1e-15));
    double[][] v = e.vectors();
    assertThat(Math.abs(v[0][1])).isCloseTo(Math.sqrt(0.5), within(1e-15));
    assertThat(v[0][1] * v[1][1]).isPositive(); // (1, 1)/√2 for λ = 3
  }

  @Test
  void secondDifferenceMatrixHasItsKnownSpectrum() {
    // tridiag(-1, 2, -1) of order n: λ_k = 2 − 2 cos(kπ/(n+1)), k = 1..n
    int n = 12;
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      a[i][i] = 2;
      if (i > 0) {
        a[i][i - 1] = -1;
        a[i - 1][i] = -1;
      }
    }
    double[] values = SymmetricEigen.of(a).values();
    for (int k = 1; k <= n; k++) {
      assertThat(values[k - 1]).isCloseTo(2 - 2 * Math.cos(k * Math.PI / (n + 1)), within(1e-13));
    }
  }

  @Test
  void aRandomlyRotatedDiagonalGivesBackItsDiagonalAndReconstructs() {
    int n = 8;
    double[] lambda = {1e-6, 0.01, 0.5, 1, 2, 3.5, 100, 1e4};
    double[][] q = randomOrthogonal(n, new Rng(7));
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          a[i][j] += q[i][k] * lambda[k] * q[j][k];
        }
      }
    }
    for (int i = 0; i < n; i++) { // exact symmetry
      for (int j = 0; j < i; j++) {
        a[j][i] = a[i][j];
      }
    }
    SymmetricEigen e = SymmetricEigen.of(a);
    double[] v = e.values();
    for (int k = 0; k < n; k++) {
      assertThat(v[k]).isCloseTo(lambda[k], within(1e-11 * 1e4));
    }
    double[][] vec = e.vectors();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double r = 0;
        double id = 0;
        for (int k = 0; k < n; k++) {
          r += vec[i][k] * v[k] * vec[j][k];
          id += vec[k][i] * vec[k][j];
        }
        assertThat(r).isCloseTo(a[i][j], within(1e-10));
        assertThat(id).isCloseTo(i == j ? 1 : 0, within(1e-13));
      }
    }
    assertThat(e.sweeps()).isBetween(1, 15);
  }

  @Test
  void badMatricesAreRefused() {
    assertThatThrownBy(() -> SymmetricEigen.of(new double[][] {{1, 2}, {3, 4}}))
        .hasMessageContaining("not symmetric: entry (1, 0) = 3.0 but (0, 1) = 2.0");
    assertThatThrownBy(() -> SymmetricEigen.of(new double[][] {{1, 2}, {3}})).hasMessageContaining("row 1 has 1");
    assertThatThrownBy(() -> SymmetricEigen.of(new double[][] {{Double.NaN}})).hasMessageContaining("(0, 0) is NaN");
    assertThat(SymmetricEigen.of(new double[][] {{0, 0}, {0, 0}}).values()).containsExactly(0, 0);
  }

  static double[][] randomOrthogonal(int n, Rng rng) {
    // Gram-Schmidt on a Gaussian matrix
    double[][] q = new double[n][n];
    for (int j = 0; j < n; j++) {
      double[] c = new double[n];
      for (int i = 0; i < n; i++) {
        c[i] = rng.nextGaussian();
      }
      for (int k = 0; k < j; k++) {
        double d = 0;
        for (int i = 0; i < n; i++) {
          d += q[i][k] * c[i];
        }
        for (int i = 0; i < n; i++) {
          c[i] -= d * q[i][k];
        }
      }
      double norm = Math.sqrt(Arrays.stream(c).map(x -> x * x).sum());
      for (int i = 0; i < n; i++) {
        q[i][j] = c[i] / norm;
      }
    }
    return q;
  }
}
