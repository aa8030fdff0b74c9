package org.sgd4j.lab.trace;

import java.util.ArrayList;
import java.util.List;
import org.sgd4j.lab.expr.Expression;

/**
 * The rotation check of the notes' rotated objective g(x) = 0.1(x1 + x2)² + 2(x1 − x2)²: with the
 * orthogonal (and symmetric) map R(x1, x2) = ((x1 + x2)/√2, (x1 − x2)/√2), g(x) = f(Rx) for the
 * diagonal f(y) = 0.2 y1² + 4 y2². A method is rotation-invariant when its path on g is the image
 * under R⁻¹ = R of its path on f started at R x0. {@link #of} runs the method on f from R x0 and
 * maps the path back, so both can be drawn on g's contours: they coincide for gradient descent
 * (and momentum), not for the per-coordinate methods (Adagrad, RMSProp, Adam).
 */
public final class RotatedCompanion {
  /** The diagonal partner f of {@link TraceCase#ROTATED}. */
  public static final String DIAGONAL = "0.2*x1^2 + 4*x2^2";
  private static final double R = Math.sqrt(0.5);

  private RotatedCompanion() {}

  /** The path of {@code spec}'s method on f from R·start, mapped back by R (same steps, noise, schedule). */
  public static List<double[]> of(TraceSpec spec) {
    double y1 = R * (spec.x1() + spec.x2());
    double y2 = R * (spec.x1() - spec.x2());
    Trace t = Tracer.run(spec.withObjective(Expression.parse(DIAGONAL)).withStart(y1, y2));
    List<double[]> back = new ArrayList<>();
    for (double[] y : t.path()) {
      back.add(new double[] {R * (y[0] + y[1]), R * (y[0] - y[1])});
    }
    return back;
  }

  /** Whether {@code spec} runs on the notes' rotated objective. */
  public static boolean applies(TraceSpec spec) {
    return spec.objective().source().equals(TraceCase.ROTATED);
  }
}
