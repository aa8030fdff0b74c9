package org.sgd4j.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The partitions' partial results of one synchronisation. By default they are kept apart and keyed
 * by partition, so that {@code treeAggregate} may combine them in any grouping while the driver
 * still adds them in partition order: the sum is then the same float32 sum on every run, retried
 * tasks included — at the price of the driver receiving P partials. With {@code summing} the tree
 * adds them as they meet, so the driver receives one sum per tree branch, but the float32 order (and
 * so the last bits of the result) depends on the order in which Spark fetches the partials.
 */
final class PartialSums implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * One partition's contribution: {@code sums[p]} = k·(its mean gradient, or its model change under
   * local SGD) for parameter p, with k its number of examples; null when k = 0.
   */
  static final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;
    final int examples;
    final double lossSum;
    final float[][] sums;

    Partial(int examples, double lossSum, float[][] sums) {
      this.examples = examples;
      this.lossSum = lossSum;
      this.sums = sums;
    }
  }

  final boolean summing;
  final TreeMap<Integer, Partial> byPartition = new TreeMap<>();

  PartialSums(boolean summing) {
    this.summing = summing;
  }

  /** Adds a partition's result (a retried task replaces nothing: each partition reports once per job). */
  PartialSums add(int partition, Partial partial) {
    if (summing) {
      if (partial.examples > 0) {
        byPartition.merge(0, partial, PartialSums::plus);
      }
      return this;
    }
    if (byPartition.put(partition, partial) != null) {
      throw new IllegalStateException("partition " + partition + " reported twice in one synchronisation");
    }
    return this;
  }

  /** The union of two disjoint sets of partitions (or their sum, when summing). */
  static PartialSums merge(PartialSums a, PartialSums b) {
    for (Map.Entry<Integer, Partial> e : b.byPartition.entrySet()) {
      a.add(e.getKey(), e.getValue());
    }
    return a;
  }

  /** a + b, into a new partial. */
  private static Partial plus(Partial a, Partial b) {
    float[][] sums = new float[a.sums.length][];
    for (int p = 0; p < sums.length; p++) {
      float[] s = a.sums[p].clone();
      float[] t = b.sums[p];
      for (int i = 0; i < s.length; i++) {
        s[i] += t[i];
      }
      sums[p] = s;
    }
    return new Partial(a.examples + b.examples, a.lossSum + b.lossSum, sums);
  }
}
