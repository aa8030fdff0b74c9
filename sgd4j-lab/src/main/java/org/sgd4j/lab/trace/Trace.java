package org.sgd4j.lab.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sgd4j.io.Json;

/**
 * The result of a {@link TraceSpec} run: the iterates x_0 (the start), x_1, …, x_T and f at each.
 * Coordinates are the float32 values the optimizer held, widened to double; f is evaluated in double.
 */
public record Trace(TraceSpec spec, List<double[]> path, double[] values) {
  /** Copies the path. */
  public Trace {
    path = List.copyOf(path);
    values = values.clone();
  }

  /** f at the last iterate. */
  public double finalValue() {
    return values[values.length - 1];
  }

  /** The last iterate {x1, x2}. */
  public double[] last() {
    return path.get(path.size() - 1).clone();
  }

  /** {"objective", "optimizer", "path": [[x1, x2], …], "f"}; non-finite numbers are written as null. */
  public Map<String, Object> toJsonObject() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("objective", spec.objective().source());
    m.put("optimizer", spec.method().label());
    List<Object> pts = new ArrayList<>();
    for (double[] p : path) {
      pts.add(java.util.Arrays.asList(finite(p[0]), finite(p[1]))); // List.of refuses the nulls
    }
    m.put("path", pts);
    m.put("f", finite(finalValue()));
    return m;
  }

  /** {@link #toJsonObject()} as compact JSON. */
  public String toJson() {
    return Json.write(toJsonObject());
  }

  private static Object finite(double v) {
    return Double.isFinite(v) ? (Object) v : null;
  }
}
