package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sgd4j.tensor.Rng;

/**
 * Finite-sum solvers step by step where the iterates are known exactly: on one example (every draw
 * is that example, so a mini-batch's mean gradient is the full gradient whatever its size) the
 * adaptive solvers must give torch.optim's float64 iterates (reference/finitesum/adaptive_one_example.py),
 * and SAG's adaptive step has a closed form; L-BFGS must solve an ill-conditioned quadratic in far
 * fewer gradients than the condition number (the two-loop recursion at work).
 */
class ExactStepsTest {
  static final JsonNode REF = load("/reference/finitesum/adaptive_one_example.json");

  static JsonNode load(String resource) {
    try (InputStream in = ExactStepsTest.class.getResourceAsStream(resource)) {
      return new ObjectMapper().readTree(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  /** Runs {@code s} from {@code x0} for exactly {@code steps} steps of {@code batch} evaluations each. */
  static double[] after(Solver s, FiniteSum p, double[] x0, int steps, int batch) {
    double[] x = x0.clone();
    Recorder r = new Recorder(p, new Optimum(new double[p.dim()], Double.NEGATIVE_INFINITY, 0, 0, "none"), steps * batch,
        1, 0);
    s.minimize(p, x, new Rng(1), r);
    assertThat(r.evaluations()).isEqualTo((long) steps * batch);
    return x;
  }

  static AdaptiveSolver solver(JsonNode run, int batch) {
    JsonNode o = run.get("options");
    return switch (run.get("optimizer").asText()) {
      case "Adam" -> new Adam(o.get("lr").asDouble(), o.get("betas").get(0).asDouble(), o.get("betas").get(1).asDouble(),
          o.get("eps").asDouble(), batch);
      case "RMSprop" -> new RmsProp(o.get("lr").asDouble(), o.get("alpha").asDouble(), o.get("eps").asDouble(), batch);
      case "Adagrad" -> new Adagrad(o.get("lr").asDouble(), o.get("eps").asDouble(), batch);
      default -> throw new IllegalArgumentException(run.get("optimizer").asText());
    };
  }

  @ParameterizedTest(name = "batch {0}")
  @ValueSource(ints = {1, 4})
  void adaptiveSolversGiveTorchsIteratesOnOneExample(int batch) {
    LeastSquares p = LeastSquares.dense(new double[][] {doubles(REF.get("a"))}, new double[] {REF.get("b").asDouble()},
        REF.get("mu").asDouble());
    double[] x0 = doubles(REF.get("x0"));
    for (JsonNode run : REF.get("runs")) {
      for (int t = 1; t <= run.get("steps").size(); t++) {
        double[] got = after(solver(run, batch), p, x0, t, batch);
        double[] want = doubles(run.get("steps").get(t - 1));
        for (int j = 0; j < want.length; j++) {
          assertThat(got[j]).as("%s %s after %d steps, x[%d]", run.get("optimizer"), run.get("options"), t, j)
              .isCloseTo(want[j], within(1e-12));
        }
      }
    }
  }

  @Test
  void adaptiveSagFirstStepHasItsClosedForm() {
    // One example a = (1, 1), b = 1, ridge mu: from x = 0 the residual is -1, the line search doubles
    // L from 1 to 2 (f_i(x - g/1) = 1/2 is not below 1/2 - 1; f_i(x - g/2) = 0 is), so
    // alpha = 1/(2(L_max + mu)) + 1/(2(mean L + mu)) = 1/(2 + mu), and x1 = alpha (1, 1).
    double mu = 0.2;
    LeastSquares p = LeastSquares.dense(new double[][] {{1, 1}}, new double[] {1}, mu);
    Sag sag = Sag.withStep(Double.NaN).sampling(Sampling.LIPSCHITZ_MIXED).lineSearch(true);
    double[] x1 = after(sag, p, new double[2], 1, 1);
    assertThat(x1[0]).isCloseTo(1 / (2 + mu), within(1e-15));
    assertThat(x1[1]).isCloseTo(1 / (2 + mu), within(1e-15));
  }

  @Test
  void lbfgsSolvesAnIllConditionedQuadraticInFewGradients() {
    // f(x) = (1/d) sum_j 1/2 (sqrt(c_j) x_j - b_j)^2 with c from 1 to 1e4: steepest descent needs on
    // the order of the condition number (1e4) of iterations per digit; L-BFGS with memory d a few
    // hundred gradients in all (SciPy's L-BFGS-B: 210). Its gradient norm wanders for dozens of
    // iterations while f falls, which once stopped the solver at f = 0.01.
    int d = 10;
    double[][] a = new double[d][d];
    double[] b = new double[d];
    double[] xStar = new double[d];
    for (int j = 0; j < d; j++) {
      a[j][j] = Math.sqrt(Math.pow(10, 4.0 * j / (d - 1)));
      b[j] = 1 + j;
      xStar[j] = b[j] / a[j][j];
    }
    LeastSquares p = LeastSquares.dense(a, b, 0);
    AtomicInteger gradients = new AtomicInteger();
    FiniteSum counted = new FiniteSum() {
      public int n() { return p.n(); }
      public int dim() { return p.dim(); }
      public double value(int i, double[] x) { return p.value(i, x); }
      public void gradient(int i, double[] x, double[] out) { p.gradient(i, x, out); }
      public void fullGradient(double[] x, double[] out) {
        gradients.incrementAndGet();
        p.fullGradient(x, out);
      }
      public double lipschitz(int i) { return p.lipschitz(i); }
    };
    double[] x = Lbfgs.minimize(counted, new double[d], d);
    for (int j = 0; j < d; j++) {
      assertThat(x[j]).as("x[%d]", j).isCloseTo(xStar[j], within(1e-8));
    }
    assertThat(gradients.get()).as("full gradients").isLessThan(1000);
  }
}
