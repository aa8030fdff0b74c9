package org.sgd4j.cli;

/**
 * Sizes the user controls (a feature count, a class count, a step count, a grid) are checked here
 * before anything that large is allocated, so that a typo gives one line naming the flag or file, the
 * memory it would need and the JVM's limit, not an {@link OutOfMemoryError}.
 */
final class Memory {
  private Memory() {}

  /** Refuses {@code bytes} for {@code what} if that is more than the JVM may use. */
  static void require(String what, long bytes) {
    long max = Runtime.getRuntime().maxMemory();
    if (bytes < 0 || bytes > max) {
      throw new UserError(what + " would need " + mib(bytes) + ", more than the " + mib(max) + " the JVM may use"
          + " (SGD4J_JAVA_OPTS=-Xmx... gives it more)");
    }
  }

  /** {@code a * b} saturating at Long.MAX_VALUE (sizes from the user may overflow a long product). */
  static long times(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static String mib(long bytes) {
    return bytes == Long.MAX_VALUE ? "more than 8 EiB" : String.format(java.util.Locale.ROOT, "%,d MiB",
        (bytes + (1 << 20) - 1) >> 20);
  }
}
