package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;

/**
 * The sparse just-in-time paths compute the same iterates as the plain dense ones: they only
 * reorder the arithmetic.
 */
class LazyUpdateTest {

  @Test
  void lazyIterateFollowsTheDenseRecursionThroughRescaling() {
    Rng rng = new Rng(41);
    int d = 30;
    double[] x = Fixtures.randomPoint(d, rng, 1);
    LazyIterate it = new LazyIterate(x);
    double[] dense = x.clone();
    double[] dd = new double[d];
    for (int step = 0; step < 5000; step++) {
      // change d and x on a few coordinates, as SAGA does
      for (int t = 0; t < 3; t++) {
        int j = rng.nextInt(d);
        it.catchUp(j);
        double delta = rng.nextGaussian();
        it.d[j] += delta;
        dd[j] += delta;
        double dx = 0.01 * rng.nextGaussian();
        it.add(j, dx);
        dense[j] += dx;
        assertThat(it.get(j)).isCloseTo(dense[j], org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(dense[j]))));
      }
      double c = 1 - 0.01 * rng.nextDouble(); // the scale falls below 1e-9 and is folded back several times
      double beta = 1e-3 * rng.nextDouble();
      it.step(c, beta);
      for (int j = 0; j < d; j++) {
        dense[j] = c * dense[j] - beta * dd[j];
      }
    }
    double[] out = new double[d];
    it.materialize(out);
    assertThat(Fixtures.maxAbsDiff(out, dense)).isLessThan(1e-10);
  }

  @Test
  void aScaleThatWouldUnderflowIsFoldedBack() {
    // c = 1e-3 per step: after 200 steps Π c = 1e-600 is below the smallest double, so only the
    // folding keeps x = c x − β d finite and right
    double[] x = {1, -2, 3};
    LazyIterate it = new LazyIterate(x);
    double[] dense = x.clone();
    it.catchUp(1);
    it.d[1] = 0.5;
    for (int step = 0; step < 200; step++) {
      it.step(1e-3, 1e-3);
      for (int j = 0; j < 3; j++) {
        dense[j] = 1e-3 * dense[j] - 1e-3 * (j == 1 ? 0.5 : 0);
      }
    }
    double[] out = new double[3];
    it.materialize(out);
    for (int j = 0; j < 3; j++) {
      assertThat(out[j]).isCloseTo(dense[j], org.assertj.core.data.Offset.offset(1e-15 * (1 + Math.abs(dense[j]))));
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> it.step(0, 1))
        .hasMessageContaining("shrink factor 1 - lr*mu = 0.0");
  }

  @Test
  void sparseSolversMatchTheirGenericFormOnUnregularisedLeastSquares() {
    // with mu = 0 the linear-model form (one scalar per example) and the generic form coincide exactly
    LeastSquares p = LeastSquares.synthetic(80, 40, 0.1, 0.3, 0.0, 42);
    FiniteSum generic = Fixtures.opaque(p);
    for (Solver s : List.of(Sag.withStep(Double.NaN), new Saga(Double.NaN), new Svrg(Double.NaN, 50),
        new Sgd("minibatch", StepSchedule.constant(0.02), 4), Sag.withStep(Double.NaN).sampling(Sampling.LIPSCHITZ_MIXED),
        Sag.withStep(Double.NaN).lineSearch(true), Sag.withStep(Double.NaN).initialisation(false))) {
      Trace sparse = Fixtures.run(s, p, 5, 1, 3, 0);
      Trace dense = Fixtures.run(s, generic, 5, 1, 3, 0);
      assertThat(sparse.points()).hasSameSizeAs(dense.points());
      assertThat(Fixtures.maxAbsDiff(sparse.finalX(), dense.finalX())).as(s.name()).isLessThan(1e-10);
    }
  }

  @Test
  void sparseSvrgAndSgdMatchTheGenericFormWithAnL2Term() {
    // SVRG's and SGD's linear-model form treat mu*x exactly as the generic form does
    LogisticRegression p = LogisticRegression.synthetic(100, 50, 0.1, 0.05, 43);
    for (Solver s : List.of(new Svrg(Double.NaN, 0), new Sgd("sgd", StepSchedule.constant(0.5), 1))) {
      Trace sparse = Fixtures.run(s, p, 6, 1, 4, 0);
      Trace dense = Fixtures.run(s, Fixtures.opaque(p), 6, 1, 4, 0);
      assertThat(Fixtures.maxAbsDiff(sparse.finalX(), dense.finalX())).as(s.name()).isLessThan(1e-10);
    }
  }
}
