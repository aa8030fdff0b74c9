package org.sgd4j.nn;

import org.sgd4j.tensor.Rng;

/**
 * The generator used by layer constructors that are not given an {@link Rng}: one per thread,
 * seeded with {@link #DEFAULT_SEED} (like PyTorch's global generator after {@code torch.manual_seed}),
 * so a program that builds its model in the same order gets the same weights on every run.
 * Pass an explicit {@code Rng} to layer constructors when the initialisation must not depend on
 * what was built before.
 */
public final class DefaultRng {
  /** The seed of every thread's default generator until {@link #manualSeed} is called. */
  public static final long DEFAULT_SEED = 0L;

  private static final ThreadLocal<Rng> RNG = ThreadLocal.withInitial(() -> new Rng(DEFAULT_SEED));

  private DefaultRng() {}

  /** This thread's default generator. */
  public static Rng get() {
    return RNG.get();
  }

  /** Re-seeds this thread's default generator, as {@code torch.manual_seed}. */
  public static void manualSeed(long seed) {
    RNG.set(new Rng(seed));
  }
}
