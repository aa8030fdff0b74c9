package org.sgd4j.nn;

/**
 * A layer spec that {@link LayerSpec} cannot read or cannot build for the given input shape: the
 * message names the 1-based column, what was found there and the form that was expected, e.g.
 * {@code column 12: expected ')' or ',' after an argument, found 'x'; the form is conv2d(out_channels,
 * kernel_size[, stride, padding, dilation, groups, bias, padding_mode])}.
 */
public final class LayerSpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int column;

  /** An error at the 1-based {@code column} of the spec. */
  public LayerSpecException(int column, String message) {
    super("column " + column + ": " + message);
    this.column = column;
  }

  /** The 1-based column of the spec where the error is. */
  public int column() {
    return column;
  }
}
