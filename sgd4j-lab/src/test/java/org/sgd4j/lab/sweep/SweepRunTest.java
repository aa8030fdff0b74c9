package org.sgd4j.lab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sgd4j.train.LossTrace;

/** The sweep's divergence rule and its table. */
class SweepRunTest {
  static List<LossTrace.Point> trace(double... losses) {
    LossTrace.Point[] p = new LossTrace.Point[losses.length];
    for (int i = 0; i < losses.length; i++) {
      p[i] = new LossTrace.Point(100L * (i + 1), losses[i]);
    }
    return List.of(p);
  }

  @Test
  void aLossThatBlowsUpAThousandfoldIsDivergedEvenIfFinite() {
    // lr 10 on the notes' MLP: 2e13, then dead ReLUs at ~2.7
    SweepRun blown = SweepRun.of("lr-10", Map.of(), "completed", "", 250, 2.9, 2.6, 0.11, trace(2e13, 3.79, 2.71, 2.9));
    assertThat(blown.diverged()).isTrue();
    // the rule reads the smoothed curve (time constant 2% of the 300 samples spanned): the lowest of it is 2.78
    assertThat(blown.note()).isEqualTo("training loss blew up to 2.00e+13 at 100 samples (lowest 2.78)");
    // a run whose loss goes up 999-fold is not marked; noisy but sane curves are kept as they are
    assertThat(SweepRun.of("a", Map.of(), "completed", "", 4, 1, 1, 0.5, trace(2.3, 999 * 0.5, 0.5)).diverged()).isFalse();
    assertThat(SweepRun.of("b", Map.of(), "completed", "", 4, 1, 1, 0.5, trace(2.3, 1.1, 0.4)).status())
        .isEqualTo("completed");
    // a healthy per-step trace: single batches range from 2.3 down to 1e-4, the smoothed curve only ~20-fold
    double[] steps = new double[400];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = i % 7 == 3 ? 1e-4 : 2.3 * Math.exp(-i / 100.0) + 0.1;
    }
    assertThat(SweepRun.of("d", Map.of(), "completed", "", 400, 0.2, 0.2, 0.9, trace(steps)).diverged()).isFalse();
    SweepRun nan = SweepRun.of("c", Map.of(), "diverged", "loss is NaN at step 3", 3, Double.NaN, Double.NaN,
        Double.NaN, trace(2.3));
    assertThat(nan.note()).isEqualTo("loss is NaN at step 3");
  }

  @Test
  void tablesMarkDivergedRunsAndKeepNumbersExact() {
    List<SweepRun> runs = List.of(
        SweepRun.of("Optimizer-SGD lr-10 mt-0.5 bs-16", Map.of(), "diverged", "loss is NaN at step 3, lr 10", 3,
            Double.NaN, Double.NaN, Double.NaN, trace(2.3)),
        SweepRun.of("Optimizer-SGD lr-0.1 mt-0.5 bs-16", Map.of(), "completed", "", 10, 0.25, 0.5, 0.875,
            trace(2.3, 0.3)));
    assertThat(SweepReport.csv(runs)).isEqualTo("run,status,steps,train_loss,test_loss,test_accuracy,note\n"
        + "Optimizer-SGD lr-10 mt-0.5 bs-16,diverged,3,NaN,NaN,NaN,\"loss is NaN at step 3, lr 10\"\n"
        + "Optimizer-SGD lr-0.1 mt-0.5 bs-16,completed,10,0.25,0.5,0.875,\n");
    assertThat(SweepReport.markdown(runs)).contains(
        "| Optimizer-SGD lr-10 mt-0.5 bs-16 | **DIVERGED** | 3 | - | - | - | loss is NaN at step 3, lr 10 |",
        "| Optimizer-SGD lr-0.1 mt-0.5 bs-16 | completed | 10 | 0.2500 | 0.5000 | 87.50% |  |");
  }

  @Test
  void theFigureIsScaledByTheRunsThatDidNotDiverge() {
    List<SweepRun> runs = List.of(
        SweepRun.of("lr-10", Map.of(), "completed", "", 4, 2.9, 2.6, 0.1, trace(2e13, 2.7, 2.9)),
        SweepRun.of("lr-0.1", Map.of(), "completed", "", 4, 0.5, 0.6, 0.8, trace(2.0, 0.7, 0.5)),
        SweepRun.of("lr-0.001", Map.of(), "completed", "", 4, 2.2, 2.2, 0.4, trace(2.2, 2.2, 2.1)));
    var chart = SweepReport.chart("sweep", runs);
    assertThat(chart.getStyler().getYAxisMax()).isEqualTo(1.5 * 2.2);
    assertThat(chart.getSeriesMap()).containsOnlyKeys("lr-10 (diverged)", "lr-0.1", "lr-0.001");
  }
}
