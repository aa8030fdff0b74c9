package org.sgd4j.tensor;

/**
 * A seeded, splittable pseudo-random generator whose whole state is one {@code long}, so it can be
 * saved in a checkpoint and restored exactly.
 *
 * <p>It is the SplitMix64 algorithm of {@link java.util.SplittableRandom} (Steele, Lea and Flood,
 * "Fast splittable pseudorandom number generators", OOPSLA 2014): {@code nextLong()} and
 * {@code nextDouble()} produce the same sequence as {@code new SplittableRandom(seed)}. Every random
 * choice in sgd4j takes an explicit {@code Rng}; there is no hidden global generator.
 */
public final class Rng {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private long state;
  private double nextGaussian = Double.NaN;

  /** A generator seeded with {@code seed}. */
  public Rng(long seed) {
    this.state = seed;
  }

  /** The full state, for checkpoints: {@code new Rng(0).restore(rng.state())} continues the stream. */
  public long state() {
    return state;
  }

  /** Pending second normal deviate of the Box–Muller pair (NaN if none), part of the state. */
  public double pendingGaussian() {
    return nextGaussian;
  }

  /** Restores a state saved with {@link #state()} and {@link #pendingGaussian()}. */
  public Rng restore(long state, double pendingGaussian) {
    this.state = state;
    this.nextGaussian = pendingGaussian;
    return this;
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** 64 random bits. */
  public long nextLong() {
    return mix64(state += GOLDEN_GAMMA);
  }

  /** 32 random bits. */
  public int nextInt() {
    return (int) (nextLong() >>> 32);
  }

  /** Uniform in {@code [0, bound)}, without modulo bias. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    // Lemire's multiply-and-reject method on the upper 32 bits.
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xffffffffL;
    if (low < bound) {
      long threshold = (0x100000000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xffffffffL;
      }
    }
    return (int) (m >>> 32);
  }

  /** Uniform in {@code [0, 1)} with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in {@code [0, 1)} with 24 random bits. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Standard normal deviate (Box–Muller, both values of each pair used). */
  public double nextGaussian() {
    if (!Double.isNaN(nextGaussian)) {
      double g = nextGaussian;
      nextGaussian = Double.NaN;
      return g;
    }
    double u1;
    do {
      u1 = nextDouble();
    } while (u1 == 0.0);
    double u2 = nextDouble();
    double r = Math.sqrt(-2.0 * Math.log(u1));
    nextGaussian = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** A new generator with an independent stream, derived deterministically from this one. */
  public Rng split() {
    return new Rng(mix64(nextLong()) ^ nextLong());
  }

  /** Fisher–Yates shuffle of {@code a} in place. */
  public void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** A uniformly random permutation of {@code 0..n-1}. */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    shuffle(p);
    return p;
  }
}
