package org.sgd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Tensor;

/**
 * The notes' 2-D experiments (Dive into Deep Learning, ch. 12) on f(x) = a₁x₁² + a₂x₂² from (−5, −2):
 * closed forms where the iteration is linear (gradient descent, momentum), torch.optim's iterates
 * (reference/optim/generate_d2l.py) for Adagrad and RMSprop.
 */
class D2lExperimentsTest {
  static final JsonNode REF = ReferenceModels.load("/reference/optim/d2l_2d.json");

  /** Runs {@code steps} steps of the optimizer on f and returns every iterate. */
  static float[][] run(double a1, double a2, Function<List<Tensor>, Optimizer<?>> make, int steps) {
    Tensor x = Tensor.of(-5f, -2f).requiresGrad_();
    Tensor a = Tensor.of((float) a1, (float) a2);
    Optimizer<?> opt = make.apply(List.of(x));
    float[][] out = new float[steps][];
    for (int t = 0; t < steps; t++) {
      opt.zeroGrad();
      a.mul(x).mul(x).sum().backward();
      opt.step();
      out[t] = x.toArray();
    }
    return out;
  }

  @Test
  void gradientDescentContractsEachCoordinateByItsOwnFactor() {
    // x1 ← x1 − 0.1·2x1 = 0.8 x1;  x2 ← x2 − 0.1·4x2 = 0.6 x2
    float[][] xs = run(1, 2, p -> new SGD(p, SGD.options().withLr(0.1)), 20);
    for (int t = 1; t <= 20; t++) {
      assertThat(xs[t - 1][0]).isCloseTo((float) (-5 * Math.pow(0.8, t)), within(1e-6f * 5));
      assertThat(xs[t - 1][1]).isCloseTo((float) (-2 * Math.pow(0.6, t)), within(1e-6f * 2));
    }
    assertThat((double) xs[19][0]).isCloseTo(-5 * Math.pow(0.8, 20), within(1e-6));
    assertThat((double) xs[19][1]).isCloseTo(-2 * Math.pow(0.6, 20), within(1e-7));
  }

  @Test
  void learningRateAboveTheCurvatureBoundDivergesInX2() {
    // f = 0.1x1² + 2x2²: x2 ← (1 − 4η) x2 converges iff |1 − 4η| < 1, i.e. η < 0.5
    float[][] stable = run(0.1, 2, p -> new SGD(p, SGD.options().withLr(0.4)), 20);
    float[][] unstable = run(0.1, 2, p -> new SGD(p, SGD.options().withLr(0.6)), 20);
    for (int t = 1; t <= 20; t++) {
      double x1Stable = -5 * Math.pow(1 - 0.2 * 0.4, t);
      double x2Stable = -2 * Math.pow(1 - 4 * 0.4, t);
      double x1Unstable = -5 * Math.pow(1 - 0.2 * 0.6, t);
      double x2Unstable = -2 * Math.pow(1 - 4 * 0.6, t);
      assertThat((double) stable[t - 1][0]).isCloseTo(x1Stable, within(1e-5 * Math.abs(x1Stable) + 1e-7));
      assertThat((double) stable[t - 1][1]).isCloseTo(x2Stable, within(1e-5 * Math.abs(x2Stable) + 1e-7));
      assertThat((double) unstable[t - 1][0]).isCloseTo(x1Unstable, within(1e-5 * Math.abs(x1Unstable)));
      assertThat((double) unstable[t - 1][1]).isCloseTo(x2Unstable, within(1e-5 * Math.abs(x2Unstable)));
    }
    assertThat(Math.abs(stable[19][1])).isLessThan(1e-4f);
    assertThat(Math.abs(unstable[19][1])).isGreaterThan(2 * (float) Math.pow(1.4, 19));
  }

  @Test
  void momentumFollowsItsLinearRecurrence() {
    // v ← βv + 2a x;  x ← x − ηv:  (x, v) ← M (x, v) with M = [[1 − 2aη, −ηβ], [2a, β]]
    for (double beta : new double[] {0.5, 0.25}) {
      float[][] xs = run(0.1, 2, p -> new SGD(p, SGD.options().withLr(0.6).withMomentum(beta)), 20);
      double[] a = {0.1, 2};
      double[] x0 = {-5, -2};
      for (int c = 0; c < 2; c++) {
        double x = x0[c];
        double v = 0;
        for (int t = 1; t <= 20; t++) {
          double nx = (1 - 2 * a[c] * 0.6) * x - 0.6 * beta * v;
          v = beta * v + 2 * a[c] * x;
          x = nx;
          assertThat((double) xs[t - 1][c]).as("beta %s, x%d at step %d", beta, c + 1, t)
              .isCloseTo(x, within(1e-5 * Math.max(1, Math.abs(x))));
        }
      }
    }
    // β = 0.5 turns η = 0.6, which diverges without momentum, into a converging run
    float[][] half = run(0.1, 2, p -> new SGD(p, SGD.options().withLr(0.6).withMomentum(0.5)), 20);
    assertThat(Math.abs(half[19][1])).isLessThan(0.05f);
  }

  @Test
  void adaptiveMethodsMatchTorchIterates() {
    for (JsonNode e : REF.get("experiments")) {
      JsonNode o = e.get("options");
      double lr = o.get("lr").asDouble();
      Function<List<Tensor>, Optimizer<?>> make = switch (e.get("optimizer").asText()) {
        case "SGD" -> p -> new SGD(p, SGD.options().withLr(lr).withMomentum(o.path("momentum").asDouble(0)));
        case "Adagrad" -> p -> new Adagrad(p, Adagrad.options().withLr(lr));
        case "RMSprop" -> p -> new RMSprop(p, RMSprop.options().withLr(lr).withAlpha(o.get("alpha").asDouble()));
        default -> throw new IllegalArgumentException(e.get("optimizer").asText());
      };
      float[][] xs = run(e.get("a").get(0).asDouble(), e.get("a").get(1).asDouble(), make, 20);
      for (int t = 0; t < 20; t++) {
        for (int c = 0; c < 2; c++) {
          double want = e.get("iterates").get(t).get(c).asDouble();
          assertThat((double) xs[t][c]).as("%s step %d x%d", e.get("name").asText(), t + 1, c + 1)
              .isCloseTo(want, within(1e-5 * Math.max(1, Math.abs(want))));
        }
      }
    }
  }

  @Test
  void theNotesFormOfAdagradAndRmspropPutsEpsInsideTheRoot() {
    // the notes' adagrad_2d and rmsprop_2d, in double: s ← s + g² (or γs + (1−γ)g²); x ← x − η g / √(s + 1e-6)
    double[] a = {0.1, 2};
    for (boolean rms : new boolean[] {false, true}) {
      float[][] xs = run(0.1, 2, p -> rms
          ? new RMSprop(p, RMSprop.options().withLr(0.4).withAlpha(0.9).withEps(1e-6).withEpsInsideSqrt(true))
          : new Adagrad(p, Adagrad.options().withLr(0.4).withEps(1e-6).withEpsInsideSqrt(true)), 20);
      double[] x = {-5, -2};
      double[] s = {0, 0};
      for (int t = 1; t <= 20; t++) {
        for (int c = 0; c < 2; c++) {
          double g = 2 * a[c] * x[c];
          s[c] = rms ? 0.9 * s[c] + 0.1 * g * g : s[c] + g * g;
          x[c] -= 0.4 / Math.sqrt(s[c] + 1e-6) * g;
          assertThat((double) xs[t - 1][c]).as("%s step %d x%d", rms ? "rmsprop" : "adagrad", t, c + 1)
              .isCloseTo(x[c], within(1e-5 * Math.max(1, Math.abs(x[c]))));
        }
      }
    }
  }
}
