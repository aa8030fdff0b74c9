package org.sgd4j.io;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) reader and writer for the few JSON documents sgd4j writes itself:
 * safetensors headers, checkpoint descriptions and metric files. The core library has no JSON
 * dependency at run time, and these documents are tiny, so a 200-line parser is cheaper than one.
 *
 * <p>Values map to Java as: object → {@link LinkedHashMap} (key order kept), array → {@link List},
 * string → {@link String}, number → {@link Long} when it is an integer that fits, otherwise
 * {@link BigDecimal} on reading ({@link Number} on writing), {@code true}/{@code false} →
 * {@link Boolean}, {@code null} → {@code null}.
 *
 * <p>The reader is strict: duplicate keys, trailing commas, leading zeros, unescaped control
 * characters, lone surrogates are all refused, and nesting deeper than {@value #MAX_DEPTH} is refused
 * (a hostile header cannot blow the stack). Errors are {@link JsonException}s that name the
 * character offset.
 */
public final class Json {
  /** The deepest nesting the reader accepts. */
  public static final int MAX_DEPTH = 64;

  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /** Parses one JSON value that spans the whole of {@code text} (surrounding whitespace allowed). */
  public static Object parse(String text) throws JsonException {
    Json p = new Json(text);
    p.skipWhitespace();
    Object value = p.value(0);
    p.skipWhitespace();
    if (p.pos != text.length()) {
      throw p.error("unexpected '" + text.charAt(p.pos) + "' after the end of the JSON value");
    }
    return value;
  }

  private Object value(int depth) throws JsonException {
    if (depth > MAX_DEPTH) {
      throw error("JSON nested deeper than " + MAX_DEPTH + " levels");
    }
    if (pos >= text.length()) {
      throw error("unexpected end of JSON, expected a value");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected '" + c + "', expected a value");
    }
  }

  private Map<String, Object> object(int depth) throws JsonException {
    Map<String, Object> out = new LinkedHashMap<>();
    pos++;
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return out;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a string key");
      }
      int keyAt = pos;
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object v = value(depth + 1);
      if (out.containsKey(key)) {
        pos = keyAt;
        throw error("duplicate key \"" + key + "\"");
      }
      out.put(key, v);
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == '}') {
        return out;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}' in an object");
      }
    }
  }

  private List<Object> array(int depth) throws JsonException {
    List<Object> out = new ArrayList<>();
    pos++;
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return out;
    }
    while (true) {
      skipWhitespace();
      out.add(value(depth + 1));
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == ']') {
        return out;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']' in an array");
      }
    }
  }

  private String string() throws JsonException {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        String s = sb.toString();
        checkSurrogates(s);
        return s;
      }
      if (c < 0x20) {
        pos--;
        throw error("unescaped control character U+" + String.format("%04X", (int) c) + " in a string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("unterminated escape");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"': sb.append('"'); break;
        case '\\': sb.append('\\'); break;
        case '/': sb.append('/'); break;
        case 'b': sb.append('\b'); break;
        case 'f': sb.append('\f'); break;
        case 'n': sb.append('\n'); break;
        case 'r': sb.append('\r'); break;
        case 't': sb.append('\t'); break;
        case 'u':
          if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
          }
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
              throw error("invalid hex digit in \\u escape");
            }
            code = code * 16 + d;
          }
          pos += 4;
          sb.append((char) code);
          break;
        default:
          pos--;
          throw error("invalid escape '\\" + e + "'");
      }
    }
  }

  private void checkSurrogates(String s) throws JsonException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw error("lone surrogate U+" + String.format("%04X", (int) c) + " in a string");
      }
    }
  }

  private Number number() throws JsonException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
      if (Character.isDigit(peek())) {
        throw error("leading zero in a number");
      }
    } else {
      digits();
    }
    boolean integral = true;
    if (peek() == '.') {
      pos++;
      digits();
      integral = false;
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      digits();
      integral = false;
    }
    String s = text.substring(start, pos);
    if (integral && s.length() <= 18) {
      return Long.parseLong(s);
    }
    BigDecimal d = new BigDecimal(s);
    if (integral) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException tooBig) {
        return d;
      }
    }
    return d;
  }

  private void digits() throws JsonException {
    if (!Character.isDigit(peek()) || peek() > '9') {
      throw error("expected a digit");
    }
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
  }

  private Object literal(String word, Object value) throws JsonException {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected token, expected " + word);
    }
    pos += word.length();
    return value;
  }

  private void expect(char c) throws JsonException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private JsonException error(String message) {
    return new JsonException(message, pos);
  }

  /**
   * A parsed number as the nearest double, correctly rounded from its decimal text (so a double
   * written by {@link #write} reads back bit for bit); null reads as NaN, as the writer writes NaN.
   */
  public static double asDouble(Object value) {
    if (value == null) {
      return Double.NaN;
    }
    if (value instanceof Long || value instanceof Integer) {
      return ((Number) value).longValue();
    }
    return Double.parseDouble(value.toString());
  }

  // ---------------------------------------------------------------- writing

  /** Compact JSON (no spaces), as serde_json and Python's {@code json.dumps(separators=(",", ":"))}. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, sb, -1, 0);
    return sb.toString();
  }

  /** Indented JSON (two spaces), for files people read. */
  public static String writePretty(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, sb, 2, 0);
    return sb.append('\n').toString();
  }

  private static void write(Object v, StringBuilder sb, int indent, int level) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String) {
      quote((String) v, sb);
    } else if (v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        sb.append("null"); // JSON has no NaN or infinity
      } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        sb.append((long) d).append(".0");
      } else {
        sb.append(v instanceof Float ? Float.toString((Float) v) : Double.toString(d));
      }
    } else if (v instanceof Number) {
      sb.append(v);
    } else if (v instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) v;
      sb.append('{');
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(i++ > 0 ? "," : "");
        newline(sb, indent, level + 1);
        quote(String.valueOf(e.getKey()), sb);
        sb.append(indent >= 0 ? ": " : ":");
        write(e.getValue(), sb, indent, level + 1);
      }
      if (!m.isEmpty()) {
        newline(sb, indent, level);
      }
      sb.append('}');
    } else if (v instanceof Iterable) {
      sb.append('[');
      int i = 0;
      for (Object o : (Iterable<?>) v) {
        sb.append(i++ > 0 ? (indent >= 0 ? ", " : ",") : "");
        write(o, sb, indent, level + 1);
      }
      sb.append(']');
    } else if (v instanceof long[]) {
      List<Object> l = new ArrayList<>();
      for (long x : (long[]) v) {
        l.add(x);
      }
      write(l, sb, indent, level);
    } else if (v instanceof int[]) {
      List<Object> l = new ArrayList<>();
      for (int x : (int[]) v) {
        l.add(x);
      }
      write(l, sb, indent, level);
    } else {
      throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
    }
  }

  private static void newline(StringBuilder sb, int indent, int level) {
    if (indent >= 0) {
      sb.append('\n').append(" ".repeat(indent * level));
    }
  }

  private static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case '\t': sb.append("\\t"); break;
        case '\b': sb.append("\\b"); break;
        case '\f': sb.append("\\f"); break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
