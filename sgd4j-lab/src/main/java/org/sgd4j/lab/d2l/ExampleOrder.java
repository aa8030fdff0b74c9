package org.sgd4j.lab.d2l;

import org.sgd4j.tensor.Rng;

/**
 * The order in which an epoch visits the rows: a fresh random permutation every epoch (the chapter's
 * {@code DataLoader(shuffle=True)}), or a fixed arithmetic order that another program can reproduce
 * without sharing a random number generator.
 */
public interface ExampleOrder {
  /** The rows of epoch {@code epoch} (0-based), a permutation of 0 … n − 1. */
  int[] epoch(int epoch, int n);

  /** A new uniform random permutation per epoch, drawn from {@code rng}. */
  static ExampleOrder shuffled(Rng rng) {
    return (epoch, n) -> rng.permutation(n);
  }

  /**
   * Epoch e visits row (m_e · i + offset · e) mod n at position i, with m_e = multipliers[e mod
   * length]; each multiplier must be coprime to n, so that every epoch is a permutation.
   */
  static ExampleOrder arithmetic(int[] multipliers, int offset) {
    int[] m = multipliers.clone();
    if (m.length == 0) {
      throw new IllegalArgumentException("ExampleOrder.arithmetic: no multipliers");
    }
    return (epoch, n) -> {
      long a = m[epoch % m.length];
      if (gcd(Math.floorMod(a, n), n) != 1) {
        throw new IllegalArgumentException("ExampleOrder.arithmetic: multiplier " + a + " is not coprime to " + n);
      }
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = (int) Math.floorMod(a * i + (long) offset * epoch, (long) n);
      }
      return order;
    };
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
