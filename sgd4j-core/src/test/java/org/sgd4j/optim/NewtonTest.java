package org.sgd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Tensor;

/**
 * Newton's method: exact on quadratics, and against a torch Hessian-and-solve transcription
 * (reference/optim/generate_optim.py, run_newton). Float32 Hessians differ in their last bits; the
 * solve amplifies that by the condition number, so the MLP with little damping agrees to 1e-3.
 */
class NewtonTest {

  @Test
  void aQuadraticIsSolvedInOneStep() {
    // f(x) = ½ xᵀA x − bᵀx with A symmetric positive definite: the minimiser is A⁻¹b
    float[][] a = {{4, 1, 0.5f}, {1, 3, -0.5f}, {0.5f, -0.5f, 2}};
    Tensor matA = Tensor.of(a);
    Tensor b = Tensor.of(1f, -2f, 3f);
    Tensor x = Tensor.of(10f, -7f, 3f).requiresGrad_();
    Newton opt = new Newton(List.of(x), Newton.options());
    opt.step(() -> matA.mv(x).dot(x).mul(0.5f).sub(b.dot(x)));
    double[] exact = LinearSolve.lu(new double[][] {{4, 1, 0.5}, {1, 3, -0.5}, {0.5, -0.5, 2}}, new double[] {1, -2, 3});
    // check the exact solution itself: A x* = b
    assertThat(4 * exact[0] + exact[1] + 0.5 * exact[2]).isCloseTo(1, within(1e-12));
    for (int i = 0; i < 3; i++) {
      assertThat((double) x.toArray()[i]).isCloseTo(exact[i], within(1e-5));
    }
    // the gradient there is zero, so a second step stays put
    float[] before = x.toArray();
    opt.step(() -> matA.mv(x).dot(x).mul(0.5f).sub(b.dot(x)));
    assertThat(x.grad().norm().item()).isLessThan(1e-4f);
    assertThat(x.toArray()).containsExactly(before, within(1e-5f));
  }

  @Test
  void leastSquaresIsSolvedInOneStep() {
    JsonNode model = TorchTrajectoryTest.REF.get("models").get("linreg");
    Map<String, Tensor> p = ReferenceModels.initialParams(model);
    Newton opt = new Newton(new ArrayList<>(p.values()), Newton.options());
    opt.step(() -> ReferenceModels.loss("linreg", model, p, 0));
    // the normal equations [X 1]ᵀ[X 1] θ = [X 1]ᵀ y, in double
    JsonNode batch = model.get("batches").get(0);
    float[] xs = ReferenceModels.floats(batch.get("x"));
    float[] ys = ReferenceModels.floats(batch.get("y"));
    double[][] ata = new double[4][4];
    double[] aty = new double[4];
    for (int r = 0; r < ys.length; r++) {
      double[] row = {xs[3 * r], xs[3 * r + 1], xs[3 * r + 2], 1};
      for (int i = 0; i < 4; i++) {
        aty[i] += row[i] * ys[r];
        for (int j = 0; j < 4; j++) {
          ata[i][j] += row[i] * row[j];
        }
      }
    }
    double[] theta = LinearSolve.solve(ata, aty);
    float[] w = p.get("w").toArray();
    for (int i = 0; i < 3; i++) {
      assertThat((double) w[i]).isCloseTo(theta[i], within(1e-5));
    }
    assertThat((double) p.get("b").item()).isCloseTo(theta[3], within(1e-5));
  }

  @Test
  void matchesTorchHessianSolve() {
    for (JsonNode run : TorchTrajectoryTest.REF.get("runs")) {
      if (!run.get("optimizer").asText().equals("Newton")) {
        continue;
      }
      String modelName = run.get("model").asText();
      JsonNode o = run.get("options");
      Map<String, Tensor> p = ReferenceModels.initialParams(
          TorchTrajectoryTest.REF.get("models").get(modelName.equals("mlp_l2") ? "mlp" : modelName));
      Newton opt = new Newton(new ArrayList<>(p.values()),
          Newton.options().withLr(o.get("lr").asDouble()).withDamping(o.get("damping").asDouble()));
      double tol = modelName.equals("mlp_l2") && o.get("damping").asDouble() < 1 ? 1e-3 : 1e-4;
      for (int t = 1; t <= run.get("checkpoints").size(); t++) {
        opt.step(() -> LbfgsTest.objective(modelName, p));
        JsonNode expected = run.get("checkpoints").get(String.valueOf(t));
        for (String name : p.keySet()) {
          float[] want = ReferenceModels.floats(expected.get(name));
          float[] got = p.get(name).toArray();
          for (int i = 0; i < want.length; i++) {
            assertThat((double) got[i]).as("%s %s step %d %s[%d]", modelName, o, t, name, i)
                .isCloseTo(want[i], within(tol * Math.max(1, Math.abs(want[i]))));
          }
        }
      }
    }
  }

  @Test
  void failuresAreExplained() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_();
    Newton opt = new Newton(List.of(x), Newton.options());
    assertThatThrownBy(opt::step).hasMessageContaining("Newton requires a closure that returns the loss");
    // f = (x0 + x1)²: H = [[2, 2], [2, 2]] is singular
    assertThatThrownBy(() -> opt.step(() -> x.sum().square())).isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("the Hessian is singular").hasMessageContaining("add damping");
    Newton damped = new Newton(List.of(x), Newton.options().withDamping(1));
    damped.step(() -> x.sum().square());
    // (H + I) Δ = −g with g = 2(x0 + x1)(1, 1) = (6, 6): Δ = −(6/5)(1, 1)
    assertThat(x.toArray()).containsExactly(new float[] {1 - 1.2f, 2 - 1.2f}, within(1e-6f));
    assertThatThrownBy(() -> opt.step(() -> {
      Tensor l = x.sum().square();
      l.backward();
      return l.detach();
    })).hasMessageContaining("the closure's loss has no graph");
    assertThatThrownBy(() -> Newton.options().withDamping(-1)).hasMessage("Invalid damping value: -1.0");
  }

  @Test
  void aParameterTheLossDoesNotUseKeepsItsValueAndItsRows() {
    // f = x₀² + x₁² with y unused, damping 1: (H + I) = 3I on x's rows and I on y's, g = (0, 2x):
    // x ← x − 2x/3 = x/3, y stays
    Tensor y = Tensor.of(5f).requiresGrad_();
    Tensor x = Tensor.of(1f, 2f).requiresGrad_();
    Newton opt = new Newton(List.of(y, x), Newton.options().withDamping(1));
    opt.step(() -> x.square().sum());
    assertThat(y.toArray()).containsExactly(5f);
    assertThat(x.toArray()).containsExactly(new float[] {1 / 3f, 2 / 3f}, within(1e-6f));
  }
}
