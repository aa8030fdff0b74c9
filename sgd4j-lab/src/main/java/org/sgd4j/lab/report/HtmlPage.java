package org.sgd4j.lab.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.sgd4j.io.AtomicFile;

/**
 * A small self-contained HTML page: headings, paragraphs, images, tables and links, text escaped;
 * written atomically (temporary file, then rename).
 */
public final class HtmlPage {
  private final StringBuilder body = new StringBuilder();
  private final String title;

  /** An empty page with a title (also its first heading). */
  public HtmlPage(String title) {
    this.title = title;
    body.append("<h1>").append(escape(title)).append("</h1>\n");
  }

  /** A second-level heading. */
  public HtmlPage heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  /** A paragraph of plain text. */
  public HtmlPage paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** Text in a monospace block (commands, formulas). */
  public HtmlPage code(String text) {
    body.append("<pre>").append(escape(text)).append("</pre>\n");
    return this;
  }

  /** An image (relative path), with a link to its SVG version when {@code svg} is not null. */
  public HtmlPage image(String src, String alt, String svg) {
    body.append("<figure><img src=\"").append(escape(src)).append("\" alt=\"").append(escape(alt)).append("\">");
    body.append("<figcaption>").append(escape(alt));
    if (svg != null) {
      body.append(" (<a href=\"").append(escape(svg)).append("\">SVG</a>)");
    }
    body.append("</figcaption></figure>\n");
    return this;
  }

  /** A link on its own line. */
  public HtmlPage link(String href, String text) {
    body.append("<p><a href=\"").append(escape(href)).append("\">").append(escape(text)).append("</a></p>\n");
    return this;
  }

  /** A table with a header row. */
  public HtmlPage table(List<String> header, List<List<String>> rows) {
    body.append("<table>\n<tr>");
    for (String h : header) {
      body.append("<th>").append(escape(h)).append("</th>");
    }
    body.append("</tr>\n");
    for (List<String> row : rows) {
      body.append("<tr>");
      for (String c : row) {
        body.append("<td>").append(escape(c)).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** The whole document. */
  public String html() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + escape(title)
        + "</title>\n<style>body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em}"
        + "img{max-width:100%;height:auto}figure{display:inline-block;margin:0.5em;max-width:100%}"
        + "table{border-collapse:collapse;max-width:100%;overflow-x:auto;display:block}"
        + "td,th{border:1px solid #ccc;padding:0.2em 0.6em;text-align:right}pre{background:#f4f4f4;padding:0.5em;white-space:pre-wrap;overflow-wrap:anywhere}</style>\n"
        + "</head>\n<body>\n" + body + "</body>\n</html>\n";
  }

  /** Writes the page to {@code file}. */
  public void write(Path file) throws IOException {
    AtomicFile.writeString(file, html());
  }

  /** HTML-escapes {@code s}. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<': b.append("&lt;"); break;
        case '>': b.append("&gt;"); break;
        case '&': b.append("&amp;"); break;
        case '"': b.append("&quot;"); break;
        default: b.append(c);
      }
    }
    return b.toString();
  }
}
