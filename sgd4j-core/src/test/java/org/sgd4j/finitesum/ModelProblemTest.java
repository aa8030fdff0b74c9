package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.autograd.Autograd;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * The generic model + loss + dataset problem, over a tiny 3-4-1 tanh MLP written with raw tensors
 * and differentiated by {@link Autograd#grad}: the finite-sum solvers run on it unchanged.
 */
class ModelProblemTest {
  static final int IN = 3;
  static final int HIDDEN = 4;
  static final int D = HIDDEN * IN + HIDDEN + HIDDEN + 1;

  /** Half squared error of the MLP on regression data from a random teacher network. */
  static ModelProblem mlp(int n, long seed) {
    Rng rng = new Rng(seed);
    float[][] xs = new float[n][IN];
    float[] ys = new float[n];
    for (int i = 0; i < n; i++) {
      double t = 0;
      for (int j = 0; j < IN; j++) {
        xs[i][j] = (float) rng.nextGaussian();
        t += Math.sin(xs[i][j] * (j + 1));
      }
      ys[i] = (float) t;
    }
    ExampleLoss loss = (theta, i, grad) -> {
      float[] f = new float[D];
      for (int k = 0; k < D; k++) {
        f[k] = (float) theta[k];
      }
      Tensor w1 = Tensor.of(java.util.Arrays.copyOfRange(f, 0, 12), HIDDEN, IN).requiresGrad_(true);
      Tensor b1 = Tensor.of(java.util.Arrays.copyOfRange(f, 12, 16), HIDDEN).requiresGrad_(true);
      Tensor w2 = Tensor.of(java.util.Arrays.copyOfRange(f, 16, 20), 1, HIDDEN).requiresGrad_(true);
      Tensor b2 = Tensor.of(java.util.Arrays.copyOfRange(f, 20, 21), 1).requiresGrad_(true);
      Tensor h = w1.mv(Tensor.of(xs[i], IN)).add(b1).tanh();
      Tensor out = w2.mv(h).add(b2);
      Tensor l = out.sub(Tensor.of(new float[] {ys[i]}, 1)).square().sum().mul(0.5f);
      List<Tensor> g = Autograd.grad(l, List.of(w1, b1, w2, b2));
      int k = 0;
      for (Tensor t : g) {
        for (float v : t.contiguous().toArray()) {
          grad[k++] = v;
        }
      }
      return l.item();
    };
    return new ModelProblem("mlp-3-4-1", n, D, loss, Double.NaN);
  }

  static double[] init(long seed) {
    return Fixtures.randomPoint(D, new Rng(seed), 0.5);
  }

  @Test
  void autogradGradientMatchesFiniteDifferences() {
    ModelProblem p = mlp(10, 71);
    double[] x = init(72);
    double[] g = new double[D];
    p.gradient(3, x, g);
    for (int j = 0; j < D; j++) {
      double h = 1e-2;
      double[] xp = x.clone();
      double[] xm = x.clone();
      xp[j] += h;
      xm[j] -= h;
      double fd = (p.value(3, xp) - p.value(3, xm)) / (2 * h);
      // float32 forward pass: agreement to a few parts in 1e3
      assertThat(g[j]).as("parameter %d", j).isCloseTo(fd, org.assertj.core.data.Offset.offset(2e-3 * (1 + Math.abs(fd))));
    }
  }

  @Test
  void solversReduceTheTrainingLossOfTheMlp() {
    ModelProblem p = mlp(30, 73);
    double[] x0 = init(74);
    double f0 = p.value(x0);
    for (Solver s : List.<Solver>of(new Sgd("sgd", StepSchedule.constant(0.02), 1), new Saga(0.02),
        new Svrg(0.02, 30), Sag.withStep(0.02), new Adam(0.01, 0.9, 0.999, 1e-8, 4),
        GradientDescent.backtracking(1))) {
      Recorder r = new Recorder(p, new Optimum(new double[D], 0, Double.NaN, Double.NaN, "none"), 10, 1, -1);
      double[] x = x0.clone();
      s.minimize(p, x, new Rng(75), r);
      assertThat(p.value(x)).as(s.name()).isLessThan(0.7 * f0);
    }
  }

  @Test
  void methodsThatNeedMoreThanTheGradientSaySo() {
    ModelProblem p = mlp(5, 76);
    Recorder r = new Recorder(p, new Optimum(new double[D], 0, Double.NaN, Double.NaN, "none"), 1, 1, -1);
    assertThatThrownBy(() -> new Newton().minimize(p, init(1), new Rng(1), r))
        .hasMessageContaining("newton: mlp-3-4-1(n=5, d=21) has no exact Hessian");
    assertThatThrownBy(() -> new Saga(Double.NaN).minimize(p, init(1), new Rng(1), r))
        .hasMessageContaining("saga: no step size: give lr");
    assertThatThrownBy(() -> SolverConfig.of("sgd").create(p)).hasMessageContaining("sgd: no step size");
  }
}
