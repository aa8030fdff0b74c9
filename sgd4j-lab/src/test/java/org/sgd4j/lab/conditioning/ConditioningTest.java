package org.sgd4j.lab.conditioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgd4j.io.Json;
import org.sgd4j.lab.data.SharedData;
import org.sgd4j.tensor.Rng;

class ConditioningTest {
  @TempDir Path dir;

  /** X with XᵀX/n = diag(λ): row i is sqrt(n λ_i) e_i (n = d). */
  static Design diagonal(double[] lambda, double[] y) {
    int d = lambda.length;
    double[] x = new double[d * d];
    for (int i = 0; i < d; i++) {
      x[i * d + i] = Math.sqrt(d * lambda[i]);
    }
    return new Design("diag", d, d, x, y);
  }

  @Test
  void gdIterationsMatchTheClosedFormOnADiagonalHessian() {
    double[] lambda = {0.01, 0.3, 1};
    double[] y = {1, -2, 0.5};
    Design des = diagonal(lambda, y);
    ConditioningResult r = Conditioning.measure(des, "raw", 1e-6, 1_000_000);
    assertThat(r.kappa()).isCloseTo(100, within(1e-9));
    // w* = b/λ coordinate-wise with b_i = x_ii y_i / n; gap_t = ½ Σ λ_i (1 − λ_i)^(2t) w*_i²
    int d = lambda.length;
    double[] ws = new double[d];
    for (int i = 0; i < d; i++) {
      ws[i] = Math.sqrt(d * lambda[i]) * y[i] / d / lambda[i];
    }
    long expected = 0;
    double gap0 = gap(lambda, ws, 0);
    while (gap(lambda, ws, expected) / gap0 > 1e-6) {
      expected++;
    }
    assertThat(r.gd().reached()).isTrue();
    assertThat(r.gd().iterations()).isEqualTo(expected);
    assertThat((double) expected).isLessThanOrEqualTo(r.iterationBound() + 1);
    long[] it = r.gd().curveIterations();
    double[] g = r.gd().curveGaps();
    for (int k = 0; k < it.length; k++) {
      assertThat(g[k]).isCloseTo(gap(lambda, ws, it[k]) / gap0, within(1e-12));
    }
  }

  private static double gap(double[] lambda, double[] ws, long t) {
    double s = 0;
    for (int i = 0; i < lambda.length; i++) {
      s += 0.5 * lambda[i] * Math.pow(1 - lambda[i], 2 * t) * ws[i] * ws[i];
    }
    return s;
  }

  @Test
  void standardisingBadlyScaledFeaturesRemovesTheIllConditioning() {
    // independent Gaussian features with scales 1, 100, 0.01 and means 5: κ ~ 1e8 raw, ~ 1 standardised
    int n = 2000;
    int d = 3;
    double[] scale = {1, 100, 0.01};
    Rng rng = new Rng(3);
    double[] x = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i * d + j] = scale[j] * (5 + rng.nextGaussian());
        y[i] += x[i * d + j] / scale[j];
      }
      y[i] += 0.1 * rng.nextGaussian();
    }
    List<ConditioningResult> r = Conditioning.compare(new Design("scaled", n, d, x, y), 1e-6, 200_000);
    assertThat(r.get(0).kappa()).isGreaterThan(1e7);
    assertThat(r.get(0).gd().reached()).isFalse();
    assertThat(r.get(0).gd().iterations()).isEqualTo(200_000);
    assertThat(r.get(1).kappa()).isLessThan(1.5);
    assertThat(r.get(1).gd().reached()).isTrue();
    assertThat(r.get(1).gd().iterations()).isLessThan(20);
  }

  @Test
  @SuppressWarnings("unchecked")
  void airfoilSpectraMatchNumpy() throws Exception {
    Optional<Path> airfoil = SharedData.file("airfoil");
    assumeTrue(airfoil.isPresent(), "shared/datasets/airfoil not found (set SGD4J_DATA): skipped");
    Map<String, Object> ref = (Map<String, Object>) Json.parse(new String(
        getClass().getResourceAsStream("/reference/lab/conditioning_airfoil.json").readAllBytes(),
        StandardCharsets.UTF_8));
    List<ConditioningResult> r = Conditioning.compare(Designs.airfoil(airfoil.get()), 1e-6, 100_000);
    for (int s = 0; s < 2; s++) {
      List<Number> expected = (List<Number>) ref.get(s == 0 ? "raw" : "standardized");
      double[] got = r.get(s).eigenvalues();
      double top = expected.get(expected.size() - 1).doubleValue();
      for (int k = 0; k < got.length; k++) {
        // Jacobi is accurate relative to ‖A‖: absolute 1e-12·λmax, and the small ones to 1e-6 relative
        double e = expected.get(k).doubleValue();
        assertThat(got[k]).as("%s λ%d", r.get(s).scaling(), k).isCloseTo(e, within(Math.max(1e-12 * top, 1e-6 * e)));
      }
    }
    assertThat(r.get(0).kappa()).isGreaterThan(1e11);
    assertThat(r.get(1).kappa()).isCloseTo(2.1093911341810125 / 0.17433748618941725, within(1e-6));
    assertThat(r.get(1).gd().reached()).isTrue();
    assertThat(r.get(0).gd().reached()).isFalse();
    ConditioningReport.write(r, dir);
    assertThat(Files.readAllLines(dir.resolve("conditioning.csv"))).hasSize(3);
    assertThat(dir.resolve("gd-airfoil.png")).exists();
    assertThat(Files.readString(dir.resolve("index.html"))).contains("gd-airfoil.png");
  }

  @Test
  void badDesignsAreRefused() {
    assertThatThrownBy(() -> new Design("a", 2, 2, new double[3], new double[2])).hasMessageContaining("x has 3 values");
    assertThatThrownBy(() -> new Design("a", 1, 2, new double[] {1, Double.NaN}, new double[1]))
        .hasMessageContaining("x[0, 1] is NaN");
    Design ok = diagonal(new double[] {1, 2}, new double[] {1, 1});
    assertThatThrownBy(() -> Conditioning.measure(ok, "raw", 0, 10)).hasMessageContaining("tolerance");
  }
}
