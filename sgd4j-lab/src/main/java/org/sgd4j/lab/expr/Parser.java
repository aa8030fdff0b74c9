package org.sgd4j.lab.expr;

/**
 * A recursive-descent parser of the expression grammar (precedence climbing by levels):
 * <pre>
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | power
 *   power   := primary ('^' unary)?          right-associative: 2^3^2 = 2^9, -x^2 = -(x^2)
 *   primary := number | 'x1' | 'x2' | function '(' expr ')' | '(' expr ')'
 * </pre>
 */
final class Parser {
  private final String src;
  private int pos;

  Parser(String src) {
    this.src = src;
  }

  Node parseAll() {
    skipSpace();
    if (pos == src.length()) {
      throw error(pos, "empty expression: expected a number, x1, x2, a function or '('");
    }
    Node n = expr();
    skipSpace();
    if (pos < src.length()) {
      throw error(pos, "unexpected '" + src.charAt(pos) + "' (expected an operator + - * / ^ or the end)");
    }
    return n;
  }

  private Node expr() {
    Node n = term();
    while (true) {
      skipSpace();
      if (peek('+') || peek('-')) {
        char op = src.charAt(pos++);
        n = new Node.Binary(op, n, term());
      } else {
        return n;
      }
    }
  }

  private Node term() {
    Node n = unary();
    while (true) {
      skipSpace();
      if (peek('*') || peek('/')) {
        char op = src.charAt(pos++);
        n = new Node.Binary(op, n, unary());
      } else {
        return n;
      }
    }
  }

  private Node unary() {
    skipSpace();
    if (peek('-')) {
      pos++;
      return new Node.Neg(unary());
    }
    if (peek('+')) {
      pos++;
      return unary();
    }
    return power();
  }

  private Node power() {
    Node base = primary();
    skipSpace();
    if (peek('^')) {
      pos++;
      return new Node.Binary('^', base, unary());
    }
    return base;
  }

  private Node primary() {
    skipSpace();
    if (pos == src.length()) {
      throw error(pos, "unexpected end of expression (expected a number, x1, x2, a function or '(')");
    }
    char c = src.charAt(pos);
    if (c == '(') {
      int open = pos++;
      Node n = expr();
      skipSpace();
      if (!peek(')')) {
        throw error(pos, pos == src.length() ? "missing ')' to close the '(' at position " + (open + 1)
            : "expected ')' to close the '(' at position " + (open + 1) + " but found '" + src.charAt(pos) + "'");
      }
      pos++;
      return n;
    }
    if (Character.isDigit(c) || c == '.') {
      return number();
    }
    if (Character.isLetter(c)) {
      int start = pos;
      while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
        pos++;
      }
      String name = src.substring(start, pos);
      if (name.equals("x1")) {
        return new Node.Var(1);
      }
      if (name.equals("x2")) {
        return new Node.Var(2);
      }
      if (Node.Call.FUNCTIONS.contains(name)) {
        skipSpace();
        if (!peek('(')) {
          throw error(pos, "expected '(' after the function " + name);
        }
        pos++;
        Node arg = expr();
        skipSpace();
        if (!peek(')')) {
          throw error(pos, "expected ')' to close " + name + "(");
        }
        pos++;
        return new Node.Call(name, arg);
      }
      throw error(start, "unknown name '" + name + "' (variables: x1, x2; functions: "
          + String.join(" ", Node.Call.FUNCTIONS) + ")");
    }
    throw error(pos, "unexpected '" + c + "' (expected a number, x1, x2, a function or '(')");
  }

  private Node number() {
    int start = pos;
    while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
      pos++;
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int save = pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
          pos++;
        }
      } else {
        pos = save; // not an exponent: leave the 'e' for the caller to report
      }
    }
    String text = src.substring(start, pos);
    try {
      return new Node.Num(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      throw error(start, "malformed number '" + text + "'");
    }
  }

  private boolean peek(char c) {
    return pos < src.length() && src.charAt(pos) == c;
  }

  private void skipSpace() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  private ExpressionSyntaxException error(int at, String problem) {
    return new ExpressionSyntaxException(src, at, problem);
  }
}
