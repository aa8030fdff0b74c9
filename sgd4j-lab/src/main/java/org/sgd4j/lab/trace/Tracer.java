package org.sgd4j.lab.trace;

import java.util.ArrayList;
import java.util.List;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.optim.schedule.LambdaLR;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * Runs a {@link TraceSpec}: the iterate is a 2-element parameter tensor x = (x1, x2); each step
 * computes f(x) as a Tensor graph, takes ∇f by autograd, adds σ·N(0, 1) to each coordinate when the
 * spec has noise (the notes' simulated stochastic gradient), and lets the org.sgd4j.optim optimizer
 * update x with the step η·factor(t) set by a {@link LambdaLR}. This is d2l's {@code train_2d}.
 */
public final class Tracer {
  private Tracer() {}

  /** The path of {@code spec}. */
  public static Trace run(TraceSpec spec) {
    Tensor x = Tensor.of((float) spec.x1(), (float) spec.x2()).requiresGrad_(true);
    Optimizer<?> opt = spec.method().create(List.of(x));
    StepSchedule schedule = spec.schedule();
    LambdaLR lr = new LambdaLR(opt, epoch -> schedule.factor(epoch + 1));
    Rng rng = new Rng(spec.seed());
    List<double[]> path = new ArrayList<>(spec.steps() + 1);
    double[] values = new double[spec.steps() + 1];
    path.add(point(x));
    values[0] = spec.objective().value(path.get(0)[0], path.get(0)[1]);
    for (int t = 1; t <= spec.steps(); t++) {
      opt.zeroGrad();
      Tensor f = spec.objective().atVector(x);
      if (!f.requiresGrad()) {
        throw new IllegalArgumentException("the objective '" + spec.objective().source() + "' does not depend on x1 or x2");
      }
      f.backward();
      if (spec.noise() > 0) {
        float n1 = (float) (spec.noise() * rng.nextGaussian());
        float n2 = (float) (spec.noise() * rng.nextGaussian());
        try (var s = GradMode.noGrad()) {
          x.grad().add_(Tensor.of(n1, n2));
        }
      }
      opt.step();
      lr.step();
      double[] p = point(x);
      path.add(p);
      values[t] = spec.objective().value(p[0], p[1]);
    }
    return new Trace(spec, path, values);
  }

  private static double[] point(Tensor x) {
    float[] v = x.toArray();
    return new double[] {v[0], v[1]};
  }
}
