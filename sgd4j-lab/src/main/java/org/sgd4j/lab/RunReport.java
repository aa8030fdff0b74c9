package org.sgd4j.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sgd4j.io.AtomicFile;
import org.sgd4j.train.HistoryRow;
import org.sgd4j.train.TrainResult;

/**
 * A one-page, self-contained HTML report of a training run: the title, the outcome, the final
 * figures, the learning curve (its SVG inlined), the configuration and the per-epoch history.
 * Every text that comes from the run is HTML-escaped.
 */
public final class RunReport {
  private RunReport() {}

  /** A figure of the report: an SVG document, inlined, and its caption. */
  public record Figure(byte[] svg, String caption) {}

  /** Writes {@code report.html} into {@code dir} atomically and returns its path. */
  public static Path write(Path dir, String title, Map<String, Object> config, TrainResult result, byte[] svg)
      throws IOException {
    return write(dir, title, config, result, svg == null ? List.of()
        : List.of(new Figure(svg, "Loss against samples seen (also loss.png, loss.svg).")));
  }

  /** Writes {@code report.html}, with {@code figures} first after the outcome, into {@code dir}; returns its path. */
  public static Path write(Path dir, String title, Map<String, Object> config, TrainResult result,
      List<Figure> figures) throws IOException {
    Path file = dir.resolve("report.html");
    AtomicFile.writeString(file, html(title, config, result, figures));
    return file;
  }

  /** The report's HTML with one figure, the learning curve. */
  public static String html(String title, Map<String, Object> config, TrainResult result, byte[] svg) {
    return html(title, config, result, svg == null ? List.of()
        : List.of(new Figure(svg, "Loss against samples seen (also loss.png, loss.svg).")));
  }

  /** The report's HTML: title, outcome, the figures, the final figures, configuration and history. */
  public static String html(String title, Map<String, Object> config, TrainResult result, List<Figure> figures) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        .append(esc(title)).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222}\n")
        .append("@media (max-width:600px){body{margin:1em auto}table{font-size:.85em}}\n")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;")
        .append("text-align:right}th{background:#f4f4f4}td.k{text-align:left}\n")
        .append("figure{margin:1em 0}figure svg{max-width:100%;height:auto}\n")
        .append(".completed{color:#176e2c}.diverged{color:#b00020}.stopped{color:#8a5a00}\n")
        .append("</style>\n</head>\n<body>\n");
    h.append("<h1>").append(esc(title)).append("</h1>\n");
    h.append("<p>Status: <b class=\"").append(result.status().label()).append("\">").append(result.status().label())
        .append("</b>");
    if (!result.message().isEmpty()) {
      h.append(" &mdash; ").append(esc(result.message()));
    }
    h.append("</p>\n");
    for (Figure f : figures) {
      String s = new String(f.svg(), StandardCharsets.UTF_8);
      int start = s.indexOf("<svg");
      h.append("<figure>\n").append(start >= 0 ? responsive(s.substring(start)) : "").append("\n<figcaption>")
          .append(esc(f.caption())).append("</figcaption>\n</figure>\n");
    }
    HistoryRow last = result.last();
    h.append("<table>\n");
    row(h, "steps", Long.toString(result.steps()));
    row(h, "samples seen", Long.toString(result.samplesSeen()));
    row(h, "seconds", fmt("%.1f", result.seconds()));
    row(h, "samples per second", fmt("%.0f", result.samplesPerSecond()));
    if (last != null) {
      row(h, "final train loss", fmt("%.6f", last.trainLoss()));
      row(h, "final test loss", fmt("%.6f", last.testLoss()));
      row(h, "final test accuracy", Double.isNaN(last.testAccuracy()) ? "" : fmt("%.1f%%", 100 * last.testAccuracy()));
    }
    h.append("</table>\n");
    h.append("<h2>Configuration</h2>\n<table>\n");
    for (Map.Entry<String, Object> e : config.entrySet()) {
      row(h, e.getKey(), display(e.getValue()));
    }
    h.append("</table>\n<h2>History</h2>\n<table>\n<tr>");
    for (String c : List.of("epoch", "samples", "seconds", "train loss", "test loss", "test accuracy", "lr")) {
      h.append("<th>").append(c).append("</th>");
    }
    h.append("</tr>\n");
    for (HistoryRow r : result.history()) {
      h.append("<tr><td>").append(r.epoch()).append("</td><td>").append(r.samplesSeen()).append("</td><td>")
          .append(fmt("%.1f", r.seconds())).append("</td><td>").append(fmt("%.6f", r.trainLoss())).append("</td><td>")
          .append(fmt("%.6f", r.testLoss())).append("</td><td>")
          .append(Double.isNaN(r.testAccuracy()) ? "" : fmt("%.1f%%", 100 * r.testAccuracy())).append("</td><td>")
          .append(esc(Double.toString(r.lr()))).append("</td></tr>\n");
    }
    h.append("</table>\n<p><small>sgd4j</small></p>\n</body>\n</html>\n");
    return h.toString();
  }

  /**
   * The SVG scaled to the page's width: XChart writes a fixed width and height (in px), which would
   * overflow a phone's screen; with width 100% and the viewBox (added from those sizes if missing)
   * the browser scales the drawing to the page and keeps its proportions.
   */
  static String responsive(String svg) {
    int end = svg.indexOf('>');
    if (!svg.startsWith("<svg") || end < 0) {
      return svg;
    }
    String open = svg.substring(0, end);
    java.util.regex.Matcher w = java.util.regex.Pattern.compile("\\swidth=\"([0-9.]+)(px)?\"").matcher(open);
    java.util.regex.Matcher h = java.util.regex.Pattern.compile("\\sheight=\"([0-9.]+)(px)?\"").matcher(open);
    if (!w.find() || !h.find()) {
      return svg;
    }
    String viewBox = open.contains("viewBox") ? "" : " viewBox=\"0 0 " + w.group(1) + " " + h.group(1) + "\"";
    open = open.replace(w.group(), " width=\"100%\"").replace(h.group(), " height=\"auto\"");
    return open + viewBox + svg.substring(end);
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><td class=\"k\">").append(esc(key)).append("</td><td>").append(esc(value)).append("</td></tr>\n");
  }

  /** A configuration value for a reader: "none" for an unset option, "defaults" for no flags. */
  static String display(Object value) {
    if (value == null) {
      return "none";
    }
    if (value instanceof Map<?, ?> m && m.isEmpty()) {
      return "defaults";
    }
    return String.valueOf(value);
  }

  private static String fmt(String pattern, double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, pattern, v);
  }

  /** Escapes the five HTML special characters. */
  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&': sb.append("&amp;"); break;
        case '<': sb.append("&lt;"); break;
        case '>': sb.append("&gt;"); break;
        case '"': sb.append("&quot;"); break;
        case '\'': sb.append("&#39;"); break;
        default: sb.append(c);
      }
    }
    return sb.toString();
  }
}
