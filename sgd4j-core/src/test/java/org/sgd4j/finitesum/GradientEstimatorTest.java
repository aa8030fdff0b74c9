package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;

/**
 * The stochastic gradient is unbiased, E[∇f_i(x)] = ∇f(x), and the variance of a mini-batch mean
 * (with replacement) is V/B; the non-uniform sampler draws with {@code 1/(2n) + L_i/(2ΣL)}.
 */
class GradientEstimatorTest {
  static final LogisticRegression P = LogisticRegression.synthetic(200, 8, 0.6, 1e-2, 61);

  /** Exact per-coordinate variance of ∇f_i(x) under uniform i, and the full gradient. */
  static double[][] exactMoments(FiniteSum p, double[] x) {
    double[] full = new double[p.dim()];
    p.fullGradient(x, full);
    double[] var = new double[p.dim()];
    double[] g = new double[p.dim()];
    for (int i = 0; i < p.n(); i++) {
      p.gradient(i, x, g);
      for (int j = 0; j < g.length; j++) {
        var[j] += (g[j] - full[j]) * (g[j] - full[j]) / p.n();
      }
    }
    return new double[][] {full, var};
  }

  @Test
  void stochasticGradientIsUnbiased() {
    double[] x = Fixtures.randomPoint(P.dim(), new Rng(1), 0.5);
    double[][] m = exactMoments(P, x);
    Rng rng = new Rng(62);
    int samples = 40000;
    double[] mean = new double[P.dim()];
    double[] g = new double[P.dim()];
    for (int s = 0; s < samples; s++) {
      P.gradient(rng.nextInt(P.n()), x, g);
      for (int j = 0; j < g.length; j++) {
        mean[j] += g[j] / samples;
      }
    }
    for (int j = 0; j < mean.length; j++) {
      double se = Math.sqrt(m[1][j] / samples);
      assertThat(Math.abs(mean[j] - m[0][j])).as("coordinate %d", j).isLessThan(4.5 * se + 1e-15);
    }
  }

  @Test
  void miniBatchVarianceFallsAsOneOverB() {
    double[] x = Fixtures.randomPoint(P.dim(), new Rng(2), 0.5);
    double[][] m = exactMoments(P, x);
    double v1 = 0;
    for (double v : m[1]) {
      v1 += v;
    }
    Rng rng = new Rng(63);
    double[] g = new double[P.dim()];
    for (int b : new int[] {1, 4, 16, 64}) {
      int batches = 6000;
      double total = 0;
      for (int s = 0; s < batches; s++) {
        double[] mean = new double[P.dim()];
        for (int k = 0; k < b; k++) {
          P.gradient(rng.nextInt(P.n()), x, g);
          for (int j = 0; j < g.length; j++) {
            mean[j] += g[j] / b;
          }
        }
        total += ProblemsTest.sq(mean, m[0]) / batches;
      }
      assertThat(total * b / v1).as("B = %d", b).isBetween(0.92, 1.08);
    }
  }

  @Test
  void lipschitzMixedSamplingDrawsWithTheStatedProbabilities() {
    Sampling.Sampler sampler = Sampling.LIPSCHITZ_MIXED.sampler(P);
    double sumL = 0;
    for (int i = 0; i < P.n(); i++) {
      sumL += P.lipschitz(i);
    }
    int draws = 400_000;
    int[] counts = new int[P.n()];
    Rng rng = new Rng(64);
    for (int s = 0; s < draws; s++) {
      counts[sampler.next(rng)]++;
    }
    double chi2 = 0;
    for (int i = 0; i < P.n(); i++) {
      double expected = draws * (0.5 / P.n() + 0.5 * P.lipschitz(i) / sumL);
      chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
    }
    // 199 degrees of freedom: mean 199, sd 20; 300 is beyond the 99.99th percentile
    assertThat(chi2).isLessThan(300);
  }

  /** Per round, two (index, new weight) changes. */
  static final int[][] CHANGES = {{0, 2, 4, 1}, {1, 3, 3, 0}, {2, 0, 0, 0}};

  @Test
  void sumTreeDrawsInvertTheCumulativeWeights() {
    // five leaves padded to eight, one weight zero: a draw u·W is the index i with
    // W_i ≤ u·W < W_{i+1} (W the prefix sums), before and after weights change
    double[] w = {0.5, 0, 2, 1.25, 3};
    SumTree t = new SumTree(w);
    Rng rng = new Rng(66);
    int[] counts = new int[w.length];
    for (int round = 0; round < 4; round++) {
      double total = 0;
      for (double v : w) {
        total += v;
      }
      assertThat(t.total()).isCloseTo(total, org.assertj.core.data.Offset.offset(1e-12));
      for (int s = 0; s < 3000; s++) {
        double u = new Rng(0).restore(rng.state(), Double.NaN).nextDouble() * t.total();
        int want = 0;
        double prefix = w[0];
        while (!(u < prefix) && want < w.length - 1) {
          prefix += w[++want];
        }
        int got = t.sample(rng);
        assertThat(got).as("round %d draw %d, u = %s", round, s, u).isEqualTo(want);
        counts[got]++;
      }
      if (round < 3) {
        for (int k = 0; k < 2; k++) {
          int i = CHANGES[round][2 * k];
          w[i] = CHANGES[round][2 * k + 1];
          t.set(i, w[i]);
          assertThat(t.weight(i)).isEqualTo(w[i]);
        }
      }
    }
    assertThat(java.util.Arrays.stream(counts).min().getAsInt()).isPositive();
  }

  @Test
  void sumTreeUpdatesAndRejectsBadWeights() {
    SumTree t = new SumTree(new double[] {1, 0, 3});
    assertThat(t.total()).isEqualTo(4.0);
    t.set(1, 4);
    assertThat(t.total()).isEqualTo(8.0);
    assertThat(t.weight(1)).isEqualTo(4.0);
    int[] c = new int[3];
    Rng rng = new Rng(65);
    for (int s = 0; s < 80000; s++) {
      c[t.sample(rng)]++;
    }
    assertThat(c[0] / 80000.0).isCloseTo(0.125, org.assertj.core.data.Offset.offset(0.01));
    assertThat(c[1] / 80000.0).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SumTree(new double[] {1, -2}))
        .hasMessageContaining("sampling weight 1 is -2.0");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SumTree(new double[] {0, 0}))
        .hasMessageContaining("sum to 0.0");
  }
}
