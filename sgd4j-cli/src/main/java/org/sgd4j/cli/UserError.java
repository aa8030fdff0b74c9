package org.sgd4j.cli;

/**
 * A mistake of the user (an unknown name, an option that does not apply, a bad path): the program
 * prints its message as one line and exits with status 1, without a stack trace unless
 * {@code --verbose}.
 */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The one-line message shown to the user. */
  public UserError(String message) {
    super(message);
  }

  /** The one-line message shown to the user, with the cause (shown with --verbose). */
  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
