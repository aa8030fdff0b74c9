package org.sgd4j.cli;

/**
 * A bad command line found after parsing: a flag's value out of its range, a flag that has no effect
 * without another, a flag that conflicts with the checkpoint being resumed. The program prints the
 * message as one line and exits with status 2 ({@link ExitCodes#USAGE}), like picocli's own
 * parameter errors (unknown flag, bad type): one rule for every bad command line.
 */
public final class UsageError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The one-line message shown to the user, naming the flag and its value. */
  public UsageError(String message) {
    super(message);
  }
}
