package org.sgd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;

class SamplerTest {

  @Test
  void sequentialAndRandom() {
    assertThat(Sampler.sequential(4).epoch(new Rng(0))).containsExactly(0, 1, 2, 3);
    assertThat(Sampler.random(6).epoch(new Rng(5))).containsExactly(new Rng(5).permutation(6));
    assertThat(Sampler.randomWithReplacement(3, 7).length()).isEqualTo(7);
  }

  @Test
  void weightedFrequenciesFollowTheWeights() {
    double[] w = {1, 2, 3, 4, 0, 10};
    WeightedSampler s = new WeightedSampler(w, 0);
    Rng rng = new Rng(123);
    int draws = 200_000;
    int[] counts = new int[w.length];
    for (int i = 0; i < draws; i++) {
      counts[s.sample(rng)]++;
    }
    assertThat(counts[4]).isZero();
    for (int i = 0; i < w.length; i++) {
      double p = w[i] / 20;
      assertThat(s.probability(i)).isEqualTo(p);
      double sd = Math.sqrt(draws * p * (1 - p));
      assertThat((double) counts[i]).as("count of " + i).isBetween(draws * p - 5 * sd, draws * p + 5 * sd);
    }
  }

  @Test
  void weightedDrawIsTheInverseCdf() {
    // With u from the same generator, the draw is the first i with u * W < C_i.
    double[] w = {0.5, 0, 0.25, 0.25};
    WeightedSampler s = new WeightedSampler(w, 0);
    Rng a = new Rng(77);
    Rng b = new Rng(77);
    for (int k = 0; k < 1000; k++) {
      double u = b.nextDouble();
      int expected = u < 0.5 ? 0 : u < 0.75 ? 2 : 3;
      assertThat(s.sample(a)).isEqualTo(expected);
    }
  }

  @Test
  void badWeights() {
    assertThatThrownBy(() -> new WeightedSampler(new double[] {1, -1}, 3))
        .hasMessage("WeightedSampler: weight 1 is -1.0; weights must be finite and non-negative");
    assertThatThrownBy(() -> new WeightedSampler(new double[] {0, 0}, 3))
        .hasMessage("WeightedSampler: all 2 weights are zero");
    assertThatThrownBy(() -> new WeightedSampler(new double[] {Double.NaN}, 3))
        .hasMessageContaining("weight 0 is NaN");
  }
}
