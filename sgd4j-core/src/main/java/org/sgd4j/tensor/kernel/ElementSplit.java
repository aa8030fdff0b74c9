package org.sgd4j.tensor.kernel;

/**
 * The one policy by which elementwise work is cut into contiguous ranges for the kernel threads
 * ({@link Parallel}): the elementwise ops, row-wise reductions and softmax, activations,
 * and optimizer updates. Work of {@code n} elements is cut into
 * {@code min(4 · threads, n / MIN_PER_PART)} near-equal ranges (one range on one thread), a few per
 * thread so that a thread held up by another process does not hold up the step: each thread runs its
 * own contiguous block of ranges, the same stretch of the data in every op, and then takes what is left
 * of the others' ({@link SpinPool}).
 *
 * <p>Reproducibility: each element (or row) is computed whole by one range with the same float
 * operations whichever range holds it, so the bits depend neither on the cut nor on the thread count.
 */
public final class ElementSplit {
  /** Elements per range, at least: below {@code 2 · MIN_PER_PART} elements the loop runs on the caller. */
  public static final int MIN_PER_PART = 1 << 15;

  /**
   * What one element costs, in elements of a plain loop, when each element calls a transcendental
   * function ({@code Math.exp}, {@code log}, {@code tanh}, ...): such a call takes a few nanoseconds,
   * a plain element a fraction of one. Work of such elements is counted at this weight, so that a
   * softmax over a batch of logits is cut into ranges where an add of the same size would not be.
   */
  public static final int TRANSCENDENTAL = 16;

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
   * Runs {@code body} over {@code [0, n)} elements that each cost {@code cost} elements of a plain loop
   * ({@link #TRANSCENDENTAL} for a call of {@code Math.exp}), cut into {@link #parts}{@code (n · cost)}
   * contiguous ranges.
   */
  public static void run(int n, int cost, Parallel.Range body) {
    Parallel.runRanges(n, (int) Math.min(n, parts((long) n * cost)), body);
  }

  /**
   * Runs {@code body} over rows {@code [0, rows)} of {@code work} element costs each (the row's length,
   * times {@link #TRANSCENDENTAL} when each element calls one), cut by the total into at most
   * {@code rows} ranges of whole rows.
   */
  public static void runRows(int rows, long work, Parallel.Range body) {
    Parallel.runRanges(rows, (int) Math.min(rows, parts(rows * work)), body);
  }
}
