package org.sgd4j.cli;

/** A command that has a {@code --verbose} flag: errors then show their stack traces. */
public interface Verbosity {
  /** True when {@code --verbose} was given. */
  boolean verbose();
}
