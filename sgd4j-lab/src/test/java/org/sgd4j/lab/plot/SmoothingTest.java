package org.sgd4j.lab.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SmoothingTest {
  @Test
  void aConstantStaysConstantAndAStepRisesWithTheTimeConstant() {
    double[] x = {0, 1, 2, 3};
    assertThat(Smoothing.ema(x, new double[] {2, 2, 2, 2}, 5)).containsExactly(2, 2, 2, 2);
    // y = 0 then 1 from x = 1: s = 1 - w^k with w = exp(-1/tau)
    double w = Math.exp(-1 / 2.0);
    double[] s = Smoothing.ema(x, new double[] {0, 1, 1, 1}, 2);
    assertThat(s[0]).isZero();
    assertThat(s[1]).isCloseTo(1 - w, within(1e-12));
    assertThat(s[3]).isCloseTo(1 - w * w * w, within(1e-12));
  }

  @Test
  void theSmoothingDependsOnTheDistanceNotOnThePointCount() {
    // the same step sampled every 1 and every 4 units: equal where both have points
    double[] fine = new double[41];
    double[] fineY = new double[41];
    for (int i = 0; i <= 40; i++) {
      fine[i] = i;
      fineY[i] = i == 0 ? 0 : 1;
    }
    double[] coarse = {0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40};
    double[] coarseY = {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    double[] a = Smoothing.ema(fine, fineY, 10);
    double[] b = Smoothing.ema(coarse, coarseY, 10);
    // a step held over each interval: 1 - exp(-x/tau) for the fine one at its points, for the coarse one
    // its first interval counts whole, so they agree to the first interval's difference only
    assertThat(b[10]).isCloseTo(1 - Math.exp(-4.0), within(1e-12));
    assertThat(a[40]).isCloseTo(1 - Math.exp(-4.0), within(1e-12));
  }

  @Test
  void spreadKeepsTheEndsAndAtMostMaxPoints() {
    assertThat(Smoothing.spread(5, 10)).containsExactly(0, 1, 2, 3, 4);
    assertThat(Smoothing.spread(101, 5)).containsExactly(0, 25, 50, 75, 100);
  }
}
