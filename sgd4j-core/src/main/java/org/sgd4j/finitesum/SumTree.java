package org.sgd4j.finitesum;

import org.sgd4j.tensor.Rng;

/**
 * Sampling an index with probability proportional to a weight, in O(log n) per draw and per weight
 * change: a complete binary tree whose leaves are the weights and whose inner nodes hold the sums
 * of their subtrees; a draw descends from the root with one uniform number.
 */
final class SumTree {
  private final int leaves;
  private final double[] tree;
  private final int n;

  SumTree(double[] weights) {
    n = weights.length;
    int size = 1;
    while (size < n) {
      size <<= 1;
    }
    leaves = size;
    tree = new double[2 * size];
    for (int i = 0; i < n; i++) {
      if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException("sampling weight " + i + " is " + weights[i] + ", expected finite and >= 0");
      }
      tree[size + i] = weights[i];
    }
    for (int k = size - 1; k >= 1; k--) {
      tree[k] = tree[2 * k] + tree[2 * k + 1];
    }
    if (!(tree[1] > 0)) {
      throw new IllegalArgumentException("sampling weights sum to " + tree[1] + ", expected > 0");
    }
  }

  double total() {
    return tree[1];
  }

  double weight(int i) {
    return tree[leaves + i];
  }

  void set(int i, double weight) {
    int k = leaves + i;
    tree[k] = weight;
    for (k >>= 1; k >= 1; k >>= 1) {
      tree[k] = tree[2 * k] + tree[2 * k + 1];
    }
  }

  int sample(Rng rng) {
    double u = rng.nextDouble() * tree[1];
    int k = 1;
    while (k < leaves) {
      if (u < tree[2 * k] || tree[2 * k + 1] == 0) {
        k = 2 * k;
      } else {
        u -= tree[2 * k];
        k = 2 * k + 1;
      }
    }
    return Math.min(k - leaves, n - 1);
  }
}
