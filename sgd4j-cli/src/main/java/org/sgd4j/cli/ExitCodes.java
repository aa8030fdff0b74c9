package org.sgd4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit status of every {@code sgd4j} command, one table shown by each command's {@code --help}
 * and in the README. 130 and 143 are the shell's 128 + signal number for SIGINT and SIGTERM: the
 * run stops after its current step and saves a checkpoint first.
 */
final class ExitCodes {
  /** The command did what was asked. */
  static final int DONE = 0;
  /** Bad input or data: a missing or malformed file, a checkpoint that cannot be continued, ... */
  static final int BAD_INPUT = 1;
  /** A bad command line: an unknown flag, a value of the wrong type or out of range. */
  static final int USAGE = 2;
  /** The run diverged (a NaN or infinite loss or result); what it did so far is kept. */
  static final int DIVERGED = 3;

  private ExitCodes() {}

  /** The table for picocli's {@code exitCodeList}: status → meaning. */
  static Map<String, String> table() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("0", "done");
    m.put("1", "bad input or data (a file, a dataset, a checkpoint); one line on stderr says what");
    m.put("2", "bad command line: unknown flag, bad type or value, flags that conflict");
    m.put("3", "diverged: a NaN or infinite loss or result (the history so far is kept)");
    m.put("130", "interrupted by SIGINT (Ctrl-C), after saving a checkpoint");
    m.put("143", "terminated by SIGTERM, after saving a checkpoint");
    return m;
  }
}
