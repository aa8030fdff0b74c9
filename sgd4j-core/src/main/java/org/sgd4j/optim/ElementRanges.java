package org.sgd4j.optim;

import org.sgd4j.tensor.kernel.Parallel;

/**
 * Splits an elementwise update of {@code n} parameters into contiguous ranges run on the kernel
 * threads ({@link Parallel}): each element is computed by the same float operations whichever range
 * holds it, so the bits do not depend on the thread count. Small tensors stay on the calling thread.
 */
final class ElementRanges {
  /** Elements per range below which splitting costs more than it saves. */
  static final int MIN_PER_PART = 1 << 14;

  private ElementRanges() {}

  /** Runs {@code body} over {@code [0, n)}, split into a few ranges per thread of {@link Parallel#threads()}. */
  static void run(int n, Parallel.Range body) {
    // A few ranges per thread, claimed by whichever thread is free (see Parallel.run).
    int threads = Parallel.threads();
    Parallel.runRanges(n, threads == 1 ? 1 : (int) Math.min(4L * threads, Math.max(1, n / MIN_PER_PART)), body);
  }
}
