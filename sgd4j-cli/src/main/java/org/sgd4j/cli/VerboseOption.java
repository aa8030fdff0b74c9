package org.sgd4j.cli;

import picocli.CommandLine.Option;

/**
 * The {@code -v/--verbose} flag that every command mixes in: errors then show their stack traces
 * (read by {@link Main}'s error handler from the parse result).
 */
final class VerboseOption {
  @Option(names = {"-v", "--verbose"}, description = "more detail: stack traces of errors (and, for train, the model)")
  boolean verbose;
}
