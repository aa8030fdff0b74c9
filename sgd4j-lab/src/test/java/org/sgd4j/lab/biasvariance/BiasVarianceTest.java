package org.sgd4j.lab.biasvariance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BiasVarianceTest {
  @TempDir Path dir;

  @Test
  void theDecompositionAddsUpToTheMeasuredErrorWithinItsSamplingError() {
    BiasVarianceSetup s = new BiasVarianceSetup(20, 200, 100, 0.3, 1);
    for (int degree : new int[] {0, 1, 3, 5, 9}) {
      BiasVariancePoint p = BiasVariance.estimate(s, degree, 1e-6);
      assertThat(p.standardError()).isPositive();
      assertThat(Math.abs(p.measured() - p.sum())).as("degree %d: %s", degree, p).isLessThan(4 * p.standardError());
      assertThat(p.noise()).isEqualTo(0.09, within(1e-15));
    }
  }

  @Test
  void biasFallsAndVarianceGrowsWithCapacity() {
    BiasVarianceSetup s = new BiasVarianceSetup(20, 200, 100, 0.3, 2);
    List<BiasVariancePoint> pts = BiasVariance.overDegree(s, 9, 1e-6);
    // a constant cannot follow sin(πx): bias² ≈ E sin²(πx) = 1/2 for degree 0
    assertThat(pts.get(0).bias2()).isCloseTo(0.5, within(0.05));
    // the best line leaves 1/2 − (3/π)²/3 ≈ 0.196; degree 5 follows sin(πx) closely (what is left of
    // bias² there is mostly the average of a few wild fits on unlucky samples)
    assertThat(pts.get(1).bias2()).isCloseTo(0.5 - 3 / (Math.PI * Math.PI), within(0.03));
    assertThat(pts.get(5).bias2()).isLessThan(pts.get(1).bias2() / 10);
    // variance grows with the number of coefficients: about (σ² + misfit²)(p+1)/n for least squares
    // with a random design (the line's misfit E(sin πx − 3x/π)² ≈ 0.196 acts as extra noise)
    assertThat(pts.get(9).variance()).isGreaterThan(3 * pts.get(1).variance());
    assertThat(pts.get(1).variance()).isCloseTo((0.09 + 0.5 - 3 / (Math.PI * Math.PI)) * 2 / 20, within(0.008));
  }

  @Test
  void strongRidgeTradesVarianceForBias() {
    BiasVarianceSetup s = new BiasVarianceSetup(20, 200, 100, 0.3, 3);
    BiasVariancePoint weak = BiasVariance.estimate(s, 9, 1e-6);
    BiasVariancePoint strong = BiasVariance.estimate(s, 9, 10);
    assertThat(strong.variance()).isLessThan(weak.variance() / 10);
    assertThat(strong.bias2()).isGreaterThan(weak.bias2() * 2);
    // λ = 10 shrinks the fit nearly to zero: bias² tends to E sin²(πx) = 1/2
    assertThat(strong.bias2()).isGreaterThan(0.3);
  }

  @Test
  void ridgeMatchesTheNormalEquationsOnAnExactFit() {
    double[] x = {-1, -0.5, 0, 0.5, 1};
    double[] y = new double[5];
    for (int i = 0; i < 5; i++) {
      y[i] = 1 - 2 * x[i] + 3 * x[i] * x[i];
    }
    PolynomialRidge m = PolynomialRidge.fit(x, y, 2, 0);
    // 1 − 2x + 3x² = 2.5 T0 − 2 T1 + 1.5 T2 (x² = (T0 + T2)/2)
    assertThat(m.coefficients()).containsExactly(new double[] {2.5, -2, 1.5}, within(1e-12));
    assertThat(m.predict(0.3)).isCloseTo(1 - 0.6 + 0.27, within(1e-12));
    assertThatThrownBy(() -> PolynomialRidge.fit(x, y, 6, 0)).hasMessageContaining("not positive definite");
    assertThatThrownBy(() -> PolynomialRidge.fit(x, y, 2, -1)).hasMessageContaining("lambda must be >= 0, got -1");
    assertThatThrownBy(() -> new BiasVarianceSetup(10, 1, 5, 0.1, 0)).hasMessageContaining("replicates = 1");
  }

  @Test
  void theReportHasTablesAndPlots() throws Exception {
    BiasVarianceSetup s = new BiasVarianceSetup(15, 20, 20, 0.3, 0);
    BiasVarianceReport.write(s, BiasVariance.overDegree(s, 3, 1e-6),
        BiasVariance.overLambda(s, 5, new double[] {1e-4, 1e-2, 1}), dir);
    assertThat(Files.readAllLines(dir.resolve("bias-variance-degree.csv"))).hasSize(5);
    assertThat(Files.readAllLines(dir.resolve("bias-variance-lambda.csv"))).hasSize(4);
    assertThat(dir.resolve("bias-variance-degree.png")).exists();
    assertThat(dir.resolve("bias-variance-lambda.svg")).exists();
    assertThat(Files.readString(dir.resolve("index.html"))).contains("bias-variance-lambda.png");
  }
}
