package org.sgd4j.lab.largebatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

class LargeBatchTest {
  @TempDir Path dir;

  /** Labels from a noisy linear teacher on 10 Gaussian features. */
  static TensorDataset teacher(int n, long seed) {
    Rng rng = new Rng(seed);
    float[] x = new float[n * 10];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < 10; j++) {
        x[i * 10 + j] = (float) rng.nextGaussian();
        s += x[i * 10 + j] * (j % 3 - 1);
      }
      y[i] = s + 0.5 * rng.nextGaussian() > 0 ? 1 : 0;
    }
    return new TensorDataset(Tensor.wrap(x, n, 10), Tensor.wrap(y, n));
  }

  static final Supplier<Module> LOGISTIC = () -> new Linear(10, 2, new Rng(11));

  @Test
  void theLinearScalingRuleMatchesTheSmallBatchAndTheUnscaledLargeBatchLagsBehind() {
    TensorDataset train = teacher(2048, 1);
    TensorDataset eval = train.x().size(0) > 512 ? new TensorDataset(train.x().narrow(0, 0, 512),
        train.y().narrow(0, 0, 512)) : train;
    long samples = 4096;
    LargeBatchCurve small = LargeBatch.train(LOGISTIC, new CrossEntropyLoss(), train, eval, null,
        new LargeBatchRun("small", "sgd", 16, 0.005, 0, 0), samples, 1024, 3);
    LargeBatchCurve scaled = LargeBatch.train(LOGISTIC, new CrossEntropyLoss(), train, eval, null,
        new LargeBatchRun("scaled", "sgd", 256, 0.08, 0, 0), samples, 1024, 3);
    LargeBatchCurve unscaled = LargeBatch.train(LOGISTIC, new CrossEntropyLoss(), train, eval, null,
        new LargeBatchRun("unscaled", "sgd", 256, 0.005, 0, 0), samples, 1024, 3);
    assertThat(small.samples()).containsExactly(0, 1024, 2048, 3072, 4096);
    assertThat(scaled.samples()).containsExactly(small.samples());
    double l0 = small.loss()[0];
    assertThat(scaled.loss()[0]).isEqualTo(l0); // the same initial model
    double dSmall = l0 - small.finalLoss();
    double dScaled = l0 - scaled.finalLoss();
    double dUnscaled = l0 - unscaled.finalLoss();
    assertThat(dSmall).isPositive();
    // 16 steps of lr η at batch 16 ≈ one step of 16η at batch 256 while the gradient changes slowly
    assertThat(dScaled).isCloseTo(dSmall, within(0.15 * dSmall));
    // without scaling, 16 times fewer steps of the same size make much less progress
    assertThat(dUnscaled).isLessThan(0.3 * dSmall);
  }

  @Test
  void warmUpRaisesTheLrLinearlyFromZero() {
    TensorDataset train = teacher(1024, 2);
    LargeBatchCurve c = LargeBatch.train(LOGISTIC, new CrossEntropyLoss(), train, train, train,
        new LargeBatchRun("warm", "sgd", 64, 0.4, 0.9, 8), 1024, 128, 0);
    // a record every 128 samples = every 2 steps; lr after k warm-up steps is 0.4 k / 8
    assertThat(c.lr()[0]).isEqualTo(0);
    for (int i = 0; i < c.samples().length; i++) {
      long steps = c.samples()[i] / 64;
      assertThat(c.lr()[i]).isCloseTo(0.4 * Math.min(steps, 8) / 8, within(1e-12));
    }
    assertThat(c.testAccuracy()).isBetween(0.5, 1.0);
    assertThat(c.divergedAtStep()).isEqualTo(-1);
  }

  @Test
  void aDivergingRunStopsAndSaysWhen() {
    TensorDataset train = teacher(512, 3);
    LargeBatchCurve c = LargeBatch.train(LOGISTIC, new CrossEntropyLoss(), train, train, null,
        new LargeBatchRun("huge", "sgd", 32, 1e38, 0.9, 0), 512, 32, 0);
    assertThat(c.divergedAtStep()).isPositive();
    assertThat(Double.isFinite(c.finalLoss())).isFalse();
  }

  @Test
  void theFiveRunsAndTheReport() throws Exception {
    LargeBatchSettings s = new LargeBatchSettings(16, 256, 0.01, 0.9, 0.25, 2, 2048, 512, 0);
    assertThat(s.scaledLr()).isCloseTo(0.16, within(1e-15));
    assertThat(s.warmupSteps()).isEqualTo(2);
    List<LargeBatchRun> runs = s.runs();
    assertThat(runs).extracting(LargeBatchRun::batchSize).containsExactly(16, 256, 256, 256, 256);
    assertThat(runs).extracting(LargeBatchRun::optimizer).containsExactly("sgd", "sgd", "sgd", "sgd", "lars");
    TensorDataset train = teacher(1024, 4);
    List<LargeBatchCurve> curves = new ArrayList<>();
    for (LargeBatchRun r : runs) {
      curves.add(LargeBatch.train(LOGISTIC, new CrossEntropyLoss(), train, train, train, r, s.samples(), s.evalEvery(),
          s.seed()));
    }
    LargeBatchReport.write(curves, "teacher", dir);
    assertThat(Files.readAllLines(dir.resolve("large-batch.csv")).get(0)).isEqualTo(
        "run,optimizer,batch_size,samples,loss,lr");
    assertThat(dir.resolve("loss-vs-samples.png")).exists();
    assertThat(Files.readString(dir.resolve("index.html"))).contains("LARS b=256");
    assertThatThrownBy(() -> new LargeBatchRun("x", "adam", 1, 1, 0, 0)).hasMessageContaining("unknown optimizer 'adam'");
    assertThatThrownBy(() -> new LargeBatchSettings(256, 16, 1, 0, 0, 1, 1, 1, 0)).hasMessageContaining("16");
  }
}
