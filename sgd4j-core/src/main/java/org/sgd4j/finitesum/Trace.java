package org.sgd4j.finitesum;

import java.util.List;

/**
 * What one solver run produced: its name, the recorded points in order, the final iterate and why
 * it stopped ("budget", "converged", or a divergence message naming the step).
 */
public record Trace(String solver, List<TracePoint> points, double[] finalX, String stopReason) {

  /** The last recorded point. */
  public TracePoint last() {
    return points.get(points.size() - 1);
  }

  /** Whether the run stopped because {@code f(x)} or its gradient became NaN or infinite. */
  public boolean diverged() {
    return stopReason.startsWith("diverged");
  }
}
