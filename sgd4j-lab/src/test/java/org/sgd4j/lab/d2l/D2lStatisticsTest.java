package org.sgd4j.lab.d2l;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Every run over 10 seeds against the chapter's PyTorch code over its 10 seeds (reference/d2l/ch11.py,
 * shipped as {@link PyTorchReference}), measuring the gap of the two mean final losses in standard errors
 * of their difference, z = |Δ| / √(sd²/10 + sd_torch²/10). The two sides draw from different random
 * number generators, so this is the statistical form of "the same experiment"; the fixed seeds make it
 * deterministic.
 *
 * <p>Were the two sides the same experiment, each z would exceed 2 with probability 0.046, so 18
 * independent runs would all stay within 2 only 43% of the time (0.954¹⁸). The test therefore asks what
 * holds at a family-wise level of about 5%: no z above 3 (Bonferroni: 18 × P(|Z| > 3) = 0.049, whatever
 * the dependence between the runs) and at most 2 of the 18 above 2 (P(Binomial(18, 0.046) ≥ 3) = 0.046
 * for independent runs; the runs of one seed share its initial w and, at one batch size, its shuffles, so
 * their gaps are correlated and this second bound is a heuristic). At the fixed seeds gd is the one run
 * above 2 (z = 2.3); with 400 seeds on each side its gap is 0.19 SE (bench/results/2026-12-04-d2l-ch11.md).
 */
class D2lStatisticsTest {
  static final int SEEDS = 10;

  @Test
  void everyRunsMeanFinalLossIsWithinTwoStandardErrorsOfPyTorchs() throws IOException {
    AirfoilProblem data = FixedOrderReference.data();
    PyTorchReference torch = PyTorchReference.load();
    List<RunSummary> ours = D2lExperiment.run(D2lRuns.all(), data, 0, SEEDS, null);
    assertThat(ours).hasSize(18);
    List<String> beyondTwo = new ArrayList<>();
    for (RunSummary s : ours) {
      PyTorchReference.Run t = torch.run(s.run().name()).orElseThrow();
      assertThat(t.finalLosses()).hasSize(SEEDS);
      double se = Stats.standardErrorOfDifference(s.finalLossSd(), SEEDS, t.finalLossSd(), SEEDS);
      assertThat(se).as(s.run().name()).isPositive();
      double z = Math.abs(s.finalLossMean() - t.finalLossMean()) / se;
      String line = String.format(Locale.ROOT, "%s: sgd4j %.5f ± %.5f, PyTorch %.5f ± %.5f, z = %.2f", s.run().name(),
          s.finalLossMean(), s.finalLossSd(), t.finalLossMean(), t.finalLossSd(), z);
      assertThat(z).as(line).isLessThanOrEqualTo(3);
      if (z > 2) {
        beyondTwo.add(line);
      }
    }
    assertThat(beyondTwo).hasSizeLessThanOrEqualTo(2);
  }
}
