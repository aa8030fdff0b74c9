package org.sgd4j.finitesum;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * Writes a {@link Comparison.Result} as CSV (one row per trace point:
 * {@code solver,passes,gradient_evaluations,seconds,cpu_seconds,suboptimality,grad_norm,distance}) or as the one
 * JSON object of {@code sgd4j finite-sum --json}:
 * {@code {"problem", "f_star", "solvers": [{"name", "stop", "passes": [...], "suboptimality": [...],
 * "seconds": [...], "grad_norm": [...], "distance": [...]}]}}. Non-finite numbers are written as
 * {@code null} in JSON and {@code NaN}/{@code Infinity} in CSV.
 */
public final class TraceWriters {
  private TraceWriters() {}

  /** CSV with a header row. */
  public static void writeCsv(Comparison.Result result, Writer out) throws IOException {
    out.write("solver,passes,gradient_evaluations,seconds,cpu_seconds,suboptimality,grad_norm,distance\n");
    for (Trace t : result.traces()) {
      for (TracePoint p : t.points()) {
        out.write(csvField(t.solver()) + "," + p.passes() + "," + p.gradientEvaluations() + "," + p.seconds() + "," + p.cpuSeconds() + ","
            + p.suboptimality() + "," + p.gradientNorm() + "," + p.distance() + "\n");
      }
    }
    out.flush();
  }

  /** The JSON object. */
  public static void writeJson(Comparison.Result result, Writer out) throws IOException {
    StringBuilder s = new StringBuilder();
    s.append("{\"problem\":").append(string(result.problem()));
    s.append(",\"f_star\":").append(number(result.optimum().value()));
    s.append(",\"f_star_method\":").append(string(result.optimum().method()));
    s.append(",\"solvers\":[");
    for (int k = 0; k < result.traces().size(); k++) {
      Trace t = result.traces().get(k);
      if (k > 0) {
        s.append(',');
      }
      s.append("{\"name\":").append(string(t.solver()));
      s.append(",\"stop\":").append(string(t.stopReason()));
      array(s, "passes", t, TracePoint::passes);
      array(s, "suboptimality", t, TracePoint::suboptimality);
      array(s, "seconds", t, TracePoint::seconds);
      array(s, "grad_norm", t, TracePoint::gradientNorm);
      array(s, "distance", t, TracePoint::distance);
      s.append('}');
    }
    s.append("]}\n");
    out.write(s.toString());
    out.flush();
  }

  private static void array(StringBuilder s, String key, Trace t, java.util.function.ToDoubleFunction<TracePoint> f) {
    s.append(",\"").append(key).append("\":[");
    for (int i = 0; i < t.points().size(); i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append(number(f.applyAsDouble(t.points().get(i))));
    }
    s.append(']');
  }

  static String number(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }

  static String string(String v) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : v.toCharArray()) {
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          if (c < 0x20) {
            s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append('"').toString();
  }

  private static String csvField(String v) {
    return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }
}
