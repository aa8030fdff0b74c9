package org.sgd4j.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The partitions' partial results of one synchronisation, kept apart and keyed by partition so
 * that {@code treeAggregate} may combine them in any grouping while the driver still adds them in
 * partition order: the sum is then the same float32 sum on every run, retried tasks included.
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

  final TreeMap<Integer, Partial> byPartition = new TreeMap<>();

  /** Adds a partition's result (a retried task replaces nothing: each partition reports once per job). */
  PartialSums add(int partition, Partial partial) {
    if (byPartition.put(partition, partial) != null) {
      throw new IllegalStateException("partition " + partition + " reported twice in one synchronisation");
    }
    return this;
  }

  /** The union of two disjoint sets of partitions. */
  static PartialSums merge(PartialSums a, PartialSums b) {
    for (Map.Entry<Integer, Partial> e : b.byPartition.entrySet()) {
      a.add(e.getKey(), e.getValue());
    }
    return a;
  }
}
