package org.sgd4j.lab.d2l;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void meanMedianAndSampleStandardDeviation() {
    double[] x = {2, 4, 4, 4, 5, 5, 7, 9};
    assertThat(Stats.mean(x)).isEqualTo(5.0);
    assertThat(Stats.median(x)).isEqualTo(4.5);
    assertThat(Stats.median(new double[] {3, 1, 2})).isEqualTo(2.0);
    // sum of squared deviations 32, divisor n - 1 = 7
    assertThat(Stats.sd(x)).isCloseTo(Math.sqrt(32.0 / 7), within(1e-15));
    assertThat(Stats.sd(new double[] {1})).isNaN();
  }

  @Test
  void standardErrorOfADifferenceOfMeans() {
    // sqrt(0.3²/10 + 0.4²/10) = sqrt(0.025) = 0.158...
    assertThat(Stats.standardErrorOfDifference(0.3, 10, 0.4, 10)).isCloseTo(Math.sqrt(0.025), within(1e-15));
    assertThat(Stats.standardErrorOfDifference(1, 4, 0, 9)).isEqualTo(0.5);
  }
}
