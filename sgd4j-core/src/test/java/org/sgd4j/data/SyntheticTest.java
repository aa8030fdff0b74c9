package org.sgd4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntheticTest {

  private static double margin(SyntheticData s, int i) {
    double dot = 0;
    double norm = 0;
    for (int j = 0; j < s.d(); j++) {
      dot += s.x()[i * s.d() + j] * s.trueWeights()[j];
      norm += s.trueWeights()[j] * s.trueWeights()[j];
    }
    return s.y()[i] * dot / Math.sqrt(norm);
  }

  @Test
  void linearRegressionResidualsHaveTheNoiseLevel() {
    SyntheticData s = Synthetic.linearRegression(20_000, 5, 0.3, 1, Split.TRAIN);
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < s.n(); i++) {
      double r = s.y()[i] - s.trueBias();
      for (int j = 0; j < s.d(); j++) {
        r -= s.x()[i * s.d() + j] * s.trueWeights()[j];
      }
      sum += r;
      sq += r * r;
    }
    double mean = sum / s.n();
    double sd = Math.sqrt(sq / s.n() - mean * mean);
    // mean ~ N(0, 0.3^2/n): sd 0.0021; the sample sd of n normals has sd 0.3/sqrt(2n) = 0.0015
    assertThat(mean).isBetween(-0.011, 0.011);
    assertThat(sd).isBetween(0.3 - 0.0075, 0.3 + 0.0075);
  }

  @Test
  void splitsShareTheTruthButNotTheExamples() {
    SyntheticData a = Synthetic.logistic(50, 3, 9, Split.TRAIN);
    SyntheticData b = Synthetic.logistic(50, 3, 9, Split.TEST);
    assertThat(b.trueWeights()).containsExactly(a.trueWeights());
    assertThat(b.x()).isNotEqualTo(a.x());
    assertThat(Synthetic.logistic(50, 3, 9, Split.TRAIN).x()).containsExactly(a.x());
    assertThat(a.y()).containsOnly(-1.0, 1.0);
  }

  @Test
  void separableHasTheMarginAndNoisyFlipsLabels() {
    SyntheticData s = Synthetic.separable(5000, 4, 0.25, 3, Split.TRAIN);
    for (int i = 0; i < s.n(); i++) {
      assertThat(margin(s, i)).isGreaterThanOrEqualTo(0.25 - 1e-12);
    }
    SyntheticData clean = Synthetic.separable(5000, 4, 0, 3, Split.TRAIN);
    SyntheticData noisy = Synthetic.noisy(5000, 4, 0.2, 3, Split.TRAIN);
    assertThat(noisy.x()).containsExactly(clean.x());
    int flipped = 0;
    for (int i = 0; i < clean.n(); i++) {
      flipped += noisy.y()[i] != clean.y()[i] ? 1 : 0;
    }
    // Binomial(5000, 0.2): mean 1000, sd 28.3
    assertThat(flipped).isBetween(859, 1141);
  }

  @Test
  void csrAndTensorViewsAgree() {
    SyntheticData s = Synthetic.linearRegression(4, 3, 0, 0, Split.TRAIN);
    assertThat(s.toCsr().toDense()[2]).containsExactly(s.x()[6], s.x()[7], s.x()[8]);
    assertThat(s.toTensorDataset().x().get(2, 1)).isEqualTo((float) s.x()[7]);
  }
}
