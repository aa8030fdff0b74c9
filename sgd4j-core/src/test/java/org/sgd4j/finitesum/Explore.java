package org.sgd4j.finitesum;

import org.junit.jupiter.api.Test;

class Explore {
  @Test
  void explore() {
    LogisticRegression p = LogisticRegression.synthetic(300, 20, 0.5, 1e-2, 31);
    System.out.println(p.name() + " L=" + p.lipschitz() + " Lmax=" + p.maxLipschitz());
    for (Solver s : new Solver[] {Sag.withStep(Double.NaN), Sag.withStep(Double.NaN).sampling(Sampling.LIPSCHITZ_MIXED),
        Sag.withStep(Double.NaN).lineSearch(true), new Saga(Double.NaN), new Svrg(Double.NaN, 0), GradientDescent.constant(Double.NaN),
        GradientDescent.backtracking(1), new Newton(), new Sgd("sgd", StepSchedule.constant(0.05), 1), new Adam(1e-2, 0.9, 0.999, 1e-8, 1)}) {
      Trace t = Fixtures.run(s, p, 60, 0.2, 1, 1e-13);
      StringBuilder b = new StringBuilder(s.name() + ": ");
      for (TracePoint q : t.points()) {
        b.append(String.format("%.0f:%.1e ", q.passes(), q.suboptimality()));
      }
      System.out.println(b + " " + t.stopReason());
    }
  }
}
