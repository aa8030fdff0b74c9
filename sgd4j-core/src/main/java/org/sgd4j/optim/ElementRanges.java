package org.sgd4j.optim;

import org.sgd4j.tensor.Parallel;

/**
 * Splits an elementwise update of {@code n} parameters into contiguous ranges run on the kernel
 * threads ({@link Parallel}): each element is computed by the same float operations whichever range
 * holds it, so the bits do not depend on the thread count. Small tensors stay on the calling thread.
 */
final class ElementRanges {
  /** Elements per range below which splitting costs more than it saves. */
  static final int MIN_PER_PART = 1 << 14;

  private ElementRanges() {}

  /** The loop body over elements {@code [from, to)}. */
  @FunctionalInterface
  interface Range {
    void run(int from, int to);
  }

  /** Runs {@code body} over {@code [0, n)}, split into up to {@link Parallel#threads()} ranges. */
  static void run(int n, Range body) {
    // A few ranges per thread, claimed by whichever thread is free (see Parallel.run).
    int threads = Parallel.threads();
    int parts = threads == 1 ? 1 : (int) Math.min(4L * threads, Math.max(1, n / MIN_PER_PART));
    if (parts <= 1) {
      body.run(0, n);
      return;
    }
    // Ranges aligned to 64 elements (a cache line of floats is 16) so no two threads write one line.
    int chunk = ((n + parts - 1) / parts + 63) & ~63;
    Parallel.run(parts, p -> {
      int from = p * chunk;
      int to = Math.min(n, from + chunk);
      if (from < to) {
        body.run(from, to);
      }
    });
  }
}
