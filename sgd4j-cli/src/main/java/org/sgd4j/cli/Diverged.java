package org.sgd4j.cli;

/**
 * A result that is NaN or infinite (a loss, an iterate, a landscape value): the command says where
 * the first non-finite value appeared and exits with status 3 ({@link ExitCodes#DIVERGED}). NaN is
 * an error, not a figure.
 */
final class Diverged extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code where}: the first non-finite value and what produced it. */
  Diverged(String where) {
    super("diverged: " + where);
  }
}
