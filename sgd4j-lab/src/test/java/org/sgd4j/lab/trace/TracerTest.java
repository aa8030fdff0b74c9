package org.sgd4j.lab.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.lab.expr.Expression;

class TracerTest {
  @Test
  void gradientDescentOnTheQuadraticFollowsTheClosedForm() {
    // x1 <- x1 - 0.1*2*x1 = 0.8 x1, x2 <- x2 - 0.1*4*x2 = 0.6 x2
    Trace t = Tracer.run(TraceCase.named("gd-quadratic").spec());
    assertThat(t.path()).hasSize(21);
    for (int i = 0; i <= 20; i++) {
      assertThat(t.path().get(i)[0]).isCloseTo(-5 * Math.pow(0.8, i), within(1e-5));
      assertThat(t.path().get(i)[1]).isCloseTo(-2 * Math.pow(0.6, i), within(1e-5));
    }
    assertThat(t.path().get(0)).containsExactly(-5, -2);
    assertThat(t.values()[0]).isEqualTo(33);
  }

  @Test
  void gradientDescentDivergesAtStepPointSixOnTheIllConditionedQuadratic() {
    // along x2 the factor is 1 - 0.6*4 = -1.4; along x1 it is 1 - 0.6*0.2 = 0.88
    Trace t = Tracer.run(TraceCase.named("gd-eta0.6").spec());
    for (int i = 0; i <= 20; i++) {
      assertThat(t.path().get(i)[1]).isCloseTo(-2 * Math.pow(-1.4, i), within(1e-5 * Math.pow(1.4, i)));
      assertThat(t.path().get(i)[0]).isCloseTo(-5 * Math.pow(0.88, i), within(1e-5));
    }
    assertThat(t.finalValue()).isGreaterThan(t.values()[0] * 1000);
    // at 0.4 the same objective converges: factor -0.6 along x2
    Trace ok = Tracer.run(TraceCase.named("gd-eta0.4").spec());
    assertThat(ok.last()[1]).isCloseTo(-2 * Math.pow(-0.6, 20), within(1e-5));
  }

  /** The final iterates the notes print (d2l.ai 11.3, 11.6, 11.7, 11.8: "epoch 20, x1: ..., x2: ..."). */
  @Test
  void theNotesPrintedFinalIteratesAreReproduced() {
    assertLast("gd-quadratic", -0.057646, -0.000073);
    assertLast("gd-eta0.4", -0.943467, -0.000073);
    assertLast("gd-eta0.6", -0.387814, -1673.365109);
    assertLast("momentum-beta0.5", 0.007188, 0.002553);
    assertLast("momentum-beta0.25", -0.126340, -0.186632);
    assertLast("adagrad-eta0.4", -2.382563, -0.158591);
    assertLast("adagrad-eta2", -0.002295, -0.000000);
    assertLast("rmsprop-eta0.4", -0.010599, 0.000000);
  }

  private static void assertLast(String id, double x1, double x2) {
    double[] last = Tracer.run(TraceCase.named(id).spec()).last();
    // the notes print 6 decimals; float32 iterates agree to that (relative 1e-5 for the large one)
    assertThat(last[0]).as(id + " x1").isCloseTo(x1, within(2e-6 + 1e-5 * Math.abs(x1)));
    assertThat(last[1]).as(id + " x2").isCloseTo(x2, within(2e-6 + 1e-5 * Math.abs(x2)));
  }

  @Test
  void momentumFollowsTheHeavyBallRecurrence() {
    Trace t = Tracer.run(TraceCase.named("momentum-beta0.5").spec());
    double x1 = -5;
    double x2 = -2;
    double v1 = 0;
    double v2 = 0;
    for (int i = 1; i <= 20; i++) {
      v1 = 0.5 * v1 + 0.2 * x1;
      v2 = 0.5 * v2 + 4 * x2;
      x1 -= 0.6 * v1;
      x2 -= 0.6 * v2;
      assertThat(t.path().get(i)[0]).isCloseTo(x1, within(1e-4));
      assertThat(t.path().get(i)[1]).isCloseTo(x2, within(1e-4));
    }
  }

  @Test
  void adagradFollowsTheNotesRecurrence() {
    Trace t = Tracer.run(TraceCase.named("adagrad-eta0.4").spec());
    double x1 = -5;
    double x2 = -2;
    double s1 = 0;
    double s2 = 0;
    for (int i = 1; i <= 20; i++) {
      double g1 = 0.2 * x1;
      double g2 = 4 * x2;
      s1 += g1 * g1;
      s2 += g2 * g2;
      x1 -= 0.4 / Math.sqrt(s1 + 1e-6) * g1;
      x2 -= 0.4 / Math.sqrt(s2 + 1e-6) * g2;
      assertThat(t.path().get(i)[0]).isCloseTo(x1, within(1e-4));
      assertThat(t.path().get(i)[1]).isCloseTo(x2, within(1e-4));
    }
  }

  @Test
  void scheduleFactorsMultiplyTheStep() {
    // on x1^2 without noise, the t-th update multiplies x1 by 1 - 2 * 0.1 * factor(t)
    for (StepSchedule s : StepSchedule.values()) {
      TraceSpec spec = TraceSpec.of("x1^2 + x2^2", TraceMethod.gd(0.1), 1, 1, 30).withNoise(0, s, 0);
      Trace t = Tracer.run(spec);
      double x = 1;
      for (int i = 1; i <= 30; i++) {
        x *= 1 - 0.2 * s.factor(i);
        assertThat(t.path().get(i)[0]).as("%s step %d", s, i).isCloseTo(x, within(1e-6));
      }
    }
    assertThat(StepSchedule.EXPONENTIAL.factor(10)).isEqualTo(Math.exp(-1));
    assertThat(StepSchedule.POLYNOMIAL.factor(30)).isEqualTo(0.5);
  }

  @Test
  void noiseIsSeededAndDisturbsThePath() {
    TraceSpec noisy = TraceCase.named("sgd-constant").spec();
    Trace a = Tracer.run(noisy);
    Trace b = Tracer.run(noisy);
    for (int i = 0; i < a.path().size(); i++) {
      assertThat(a.path().get(i)).containsExactly(b.path().get(i));
    }
    Trace exact = Tracer.run(noisy.withNoise(0, StepSchedule.CONSTANT, 42));
    // exact GD reaches 1e-4 of the minimum in 50 steps; with noise of variance 1 and constant step
    // the iterate keeps a stationary spread: E x1^2 = eta sigma^2 / (2*2 - eta*4) ~ 0.0625/... > 1e-3
    assertThat(Math.abs(exact.last()[0])).isLessThan(1e-4);
    double meanSq = 0;
    for (int i = 25; i <= 50; i++) {
      meanSq += a.path().get(i)[0] * a.path().get(i)[0] + a.path().get(i)[1] * a.path().get(i)[1];
    }
    assertThat(meanSq / 26).isGreaterThan(1e-3);
  }

  @Test
  void gradientDescentIsRotationInvariantAndTheAdaptiveMethodsAreNot() {
    // g(x) = f(Rx) with R the orthogonal (and symmetric) 45-degree map (u, v) = ((x1+x2)/√2, (x1−x2)/√2)
    // and f(y) = 0.1 y1² + 2 y2²: GD on g from R y0 maps under R to GD on f from y0.
    Expression f = Expression.parse(TraceCase.ILL_CONDITIONED);
    Expression g = Expression.parse("0.05*(x1 + x2)^2 + (x1 - x2)^2");
    double r = Math.sqrt(0.5);
    double[] y0 = {-5, -2};
    double[] x0 = {r * (y0[0] + y0[1]), r * (y0[0] - y0[1])};
    for (TraceMethod m : List.of(TraceMethod.gd(0.4), TraceMethod.adagrad(0.4), TraceMethod.rmsprop(0.4, 0.9),
        TraceMethod.adam(0.4))) {
      Trace onF = Tracer.run(new TraceSpec(f, m, y0[0], y0[1], 20, 0, StepSchedule.CONSTANT, 0));
      Trace onG = Tracer.run(new TraceSpec(g, m, x0[0], x0[1], 20, 0, StepSchedule.CONSTANT, 0));
      double worst = 0;
      for (int i = 0; i <= 20; i++) {
        double[] x = onG.path().get(i);
        double[] y = onF.path().get(i);
        worst = Math.max(worst, Math.hypot(r * (x[0] + x[1]) - y[0], r * (x[0] - x[1]) - y[1]));
      }
      if (m.name().equals("gd")) {
        assertThat(worst).as("gd").isLessThan(1e-4);
      } else {
        assertThat(worst).as(m.name()).isGreaterThan(0.1);
      }
    }
  }

  @Test
  void jsonHasThePathFromTheStartAndTheFinalValue() {
    Trace t = Tracer.run(TraceSpec.of("x1^2 + 2*x2^2", TraceMethod.gd(0.1), -5, -2, 2));
    assertThat(t.toJson()).contains("\"path\":[[-5.0,-2.0],[-4.0,-1.2")
        .contains("\"f\":" + t.finalValue());
  }

  @Test
  void badSpecsAreRefused() {
    assertThatThrownBy(() -> TraceSpec.of("x1", TraceMethod.gd(0.1), 0, 0, -1)).hasMessageContaining("steps");
    assertThatThrownBy(() -> TraceMethod.gd(-1)).hasMessageContaining("Invalid learning rate: -1");
    assertThatThrownBy(() -> new TraceMethod("lbfgs", 1, 0, 0, 0, 0, 0)).hasMessageContaining("unknown optimizer 'lbfgs'");
    assertThatThrownBy(() -> Tracer.run(TraceSpec.of("3", TraceMethod.gd(0.1), 0, 0, 1)))
        .hasMessageContaining("does not depend on x1 or x2");
    assertThatThrownBy(() -> StepSchedule.parse("cosine")).hasMessageContaining("unknown schedule 'cosine'");
  }
}
