package org.sgd4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a standard stream is a terminal, as {@code isatty(3)} says, read from the link of its
 * file descriptor ({@code /proc/self/fd/N} on Linux, {@code /dev/fd/N} elsewhere): a terminal's is
 * {@code /dev/pts/*}, {@code /dev/tty*} or {@code /dev/console}. Where the link cannot be read, the
 * answer is no, so that output meant for a file never gets terminal control characters.
 */
final class Tty {
  private Tty() {}

  /** Whether standard error (fd 2) is a terminal. */
  static boolean stderr() {
    return isTerminal(2);
  }

  /** Whether standard output (fd 1) is a terminal. */
  static boolean stdout() {
    return isTerminal(1);
  }

  private static boolean isTerminal(int fd) {
    for (String dir : new String[] {"/proc/self/fd/", "/dev/fd/"}) {
      try {
        String target = Files.readSymbolicLink(Path.of(dir + fd)).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        // not this system's way: try the next one
      }
    }
    return false;
  }
}
