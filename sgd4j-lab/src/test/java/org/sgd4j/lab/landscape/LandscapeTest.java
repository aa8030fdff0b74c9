package org.sgd4j.lab.landscape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.ReLU;
import org.sgd4j.nn.Sequential;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.Adam;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

class LandscapeTest {
  @TempDir Path dir;

  /** Two classes split by a circle in 2-D, embedded in 8 features with noise dimensions. */
  static TensorDataset circles(int n, long seed) {
    Rng rng = new Rng(seed);
    float[] x = new float[n * 8];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 8; j++) {
        x[i * 8 + j] = (float) rng.nextGaussian();
      }
      y[i] = x[i * 8] * x[i * 8] + x[i * 8 + 1] * x[i * 8 + 1] > 1.4 ? 1 : 0;
    }
    return new TensorDataset(Tensor.wrap(x, n, 8), Tensor.wrap(y, n));
  }

  static Module mlp(long seed) {
    Rng rng = new Rng(seed);
    return new Sequential(new Linear(8, 32, rng), new ReLU(), new Linear(32, 2, rng));
  }

  static void train(Module m, TensorDataset d, int steps) {
    Adam opt = new Adam(m.parameters(), Adam.options().withLr(0.02));
    CrossEntropyLoss ce = new CrossEntropyLoss();
    for (int t = 0; t < steps; t++) {
      opt.zeroGrad();
      ce.apply(m.forward(d.x()), d.y()).backward();
      opt.step();
    }
  }

  @Test
  void theOneDimensionalCurveOfATrainedModelHasItsMinimumNearZero() throws Exception {
    TensorDataset train = circles(400, 1);
    TensorDataset test = circles(400, 2);
    Module m = mlp(3);
    List<Tensor> init = copies(m.parameters());
    train(m, train, 300);
    DatasetLoss trainLoss = new DatasetLoss(train, new CrossEntropyLoss(), 128);
    DatasetLoss testLoss = new DatasetLoss(test, new CrossEntropyLoss(), 128);
    double trained = trainLoss.of(m);
    assertThat(trained).isLessThan(0.3);
    LandscapeReport.Line line = LandscapeReport.write(m, trainLoss, testLoss, init,
        new LandscapeReport.Settings(1, 21, 5, 7), dir);
    assertThat(Math.abs(line.argmin())).isLessThanOrEqualTo(0.1);
    double[] l = line.losses()[0];
    assertThat(l[10]).isCloseTo(trained, within(1e-6)); // α = 0 is the trained model
    assertThat(l[0]).isGreaterThan(l[10]);
    assertThat(l[20]).isGreaterThan(l[10]);
    // the weights are restored afterwards
    assertThat(trainLoss.of(m)).isEqualTo(trained);
    assertThat(Files.readAllLines(dir.resolve("line.csv"))).hasSize(22).first().isEqualTo("alpha,train_loss,test_loss");
    assertThat(Files.readAllLines(dir.resolve("plane.csv"))).hasSize(26);
    assertThat(dir.resolve("plane-train.png")).exists();
    assertThat(dir.resolve("interpolation.svg")).exists();
    assertThat(Files.readString(dir.resolve("index.html"))).contains("interpolation.png");
  }

  @Test
  void interpolationEndsAtTheInitialAndTrainedLosses() {
    TensorDataset train = circles(200, 4);
    Module m = mlp(5);
    List<Tensor> init = copies(m.parameters());
    DatasetLoss loss = new DatasetLoss(train, new CrossEntropyLoss(), 64);
    double initial = loss.of(m);
    train(m, train, 50);
    double trained = loss.of(m);
    Landscape land = new Landscape(m);
    double[][] v = land.interpolation(init, land.center(), new double[] {0, 1}, loss);
    assertThat(v[0][0]).isCloseTo(initial, within(1e-6));
    assertThat(v[0][1]).isCloseTo(trained, within(1e-6));
  }

  @Test
  void filtersOfTheDirectionHaveTheWeightsNormsAndBiasesDoNotMove() {
    Module m = mlp(6);
    List<Tensor> w = m.parameters();
    List<Tensor> d = FilterNormalizedDirection.of(w, new Rng(1));
    for (int p = 0; p < w.size(); p++) {
      assertThat(d.get(p).shape()).containsExactly(w.get(p).shape());
      if (w.get(p).dim() == 1) {
        assertThat(d.get(p).abs().sum().item()).isZero();
        continue;
      }
      for (int f = 0; f < w.get(p).size(0); f++) {
        double dn = d.get(p).select(0, f).norm().item();
        double wn = w.get(p).select(0, f).norm().item();
        assertThat(dn).isCloseTo(wn, within(1e-5 * wn));
      }
    }
    assertThatThrownBy(() -> new Landscape(m).line(d.subList(0, 1), new double[] {0},
        new DatasetLoss(circles(4, 0), new CrossEntropyLoss(), 4))).hasMessageContaining("one tensor per parameter");
  }

  static List<Tensor> copies(List<Tensor> ps) {
    List<Tensor> c = new ArrayList<>();
    for (Tensor p : ps) {
      c.add(p.detach().clone());
    }
    return c;
  }
}
