package org.sgd4j.tensor.kernel;

/**
 * The one policy by which elementwise work is cut into contiguous ranges for the kernel threads
 * ({@link Parallel}): the elementwise ops, row-wise reductions and softmax, activations,
 * and optimizer updates. Work of {@code n} elements is cut into
 * {@code min(4 · threads, n / MIN_PER_PART)} near-equal ranges (one range on one thread), a few per
 * thread so that a thread held up by another process does not hold up the step: whichever thread is
 * free claims the next range.
 *
 * <p>Reproducibility: each element (or row) is computed whole by one range with the same float
 * operations whichever range holds it, so the bits depend neither on the cut nor on the thread count.
 */
public final class ElementSplit {
  /** Elements per range, at least: below {@code 2 · MIN_PER_PART} elements the loop runs on the caller. */
  public static final int MIN_PER_PART = 1 << 15;

  private ElementSplit() {}

  /** The number of ranges {@code n} elements are cut into. */
  public static int parts(long n) {
    int threads = Parallel.threads();
    return threads == 1 ? 1 : (int) Math.min(4L * threads, Math.max(1, n / MIN_PER_PART));
  }

  /** Runs {@code body} over {@code [0, n)} cut into {@link #parts}{@code (n)} contiguous ranges. */
  public static void run(int n, Parallel.Range body) {
    Parallel.runRanges(n, parts(n), body);
  }

  /**
   * Runs {@code body} over rows {@code [0, rows)} of {@code inner} elements each, cut by the element
   * count into at most {@code rows} ranges of whole rows.
   */
  public static void runRows(int rows, int inner, Parallel.Range body) {
    Parallel.runRanges(rows, (int) Math.min(rows, parts((long) rows * inner)), body);
  }
}
