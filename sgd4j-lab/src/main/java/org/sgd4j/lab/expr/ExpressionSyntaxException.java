package org.sgd4j.lab.expr;

/**
 * An expression string that does not parse: the message names the 1-based position, what was
 * found there and what was expected, and repeats the expression with a caret under the position.
 */
public final class ExpressionSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int position;

  ExpressionSyntaxException(String source, int index, String problem) {
    super(problem + " at position " + (index + 1) + " in '" + source + "'\n  " + source + "\n  "
        + " ".repeat(Math.max(0, index)) + "^");
    this.position = index + 1;
  }

  /** The 1-based character position of the problem (one past the end for a premature end). */
  public int position() {
    return position;
  }
}
