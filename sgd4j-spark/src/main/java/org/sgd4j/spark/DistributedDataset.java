package org.sgd4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.sgd4j.data.Dataset;

/**
 * A {@link Dataset} spread over P cached Spark partitions: partition p holds the contiguous examples
 * {@code [⌊p·n/P⌋, ⌊(p+1)·n/P⌋)} as one {@code DataShard}. Every step, each partition picks its part
 * of the global batch from the shared order itself (no {@code rdd.sample}), so the data is shipped
 * once and only the weights and gradients travel afterwards.
 */
public final class DistributedDataset {
  private final JavaRDD<DataShard> shards;
  private final int size;
  private final int partitions;

  private DistributedDataset(JavaRDD<DataShard> shards, int size, int partitions) {
    this.shards = shards;
    this.size = size;
    this.partitions = partitions;
  }

  /**
   * Copies {@code dataset} from the driver into {@code partitions} cached partitions.
   *
   * @throws IllegalArgumentException if {@code partitions < 1} or exceeds the number of examples
   */
  public static DistributedDataset of(JavaSparkContext sc, Dataset dataset, int partitions) {
    int n = dataset.size();
    if (partitions < 1 || partitions > n) {
      throw new IllegalArgumentException("DistributedDataset: invalid number of partitions " + partitions
          + " for " + n + " examples (must be between 1 and " + n + ")");
    }
    List<DataShard> list = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      list.add(slice(dataset, p, partitions));
    }
    return cache(sc.parallelize(list, partitions), n, partitions);
  }

  /**
   * Loads the dataset on the executors: partition p calls {@code loader} (e.g. reading Fashion-MNIST
   * from a directory present on every node, or from a shared file system) and keeps its slice. The
   * driver calls it too, once, to learn n and the shapes. Nothing but the loader travels.
   *
   * @throws IllegalArgumentException if {@code partitions < 1} or exceeds the number of examples
   */
  public static DistributedDataset load(JavaSparkContext sc, DatasetLoader loader, int partitions) {
    Dataset driverCopy = loader.load();
    int n = driverCopy.size();
    if (partitions < 1 || partitions > n) {
      throw new IllegalArgumentException("DistributedDataset: invalid number of partitions " + partitions
          + " for " + n + " examples (must be between 1 and " + n + ")");
    }
    List<Integer> ids = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      ids.add(p);
    }
    JavaRDD<DataShard> rdd = sc.parallelize(ids, partitions).map(p -> slice(loader.load(), p, partitions));
    return cache(rdd, n, partitions);
  }

  /**
   * Keeps the shards in executor storage and cuts their lineage ({@code localCheckpoint}), so that the
   * tasks of later steps do not carry the examples of a parallelized collection with them.
   */
  private static DistributedDataset cache(JavaRDD<DataShard> rdd, int n, int partitions) {
    rdd.persist(StorageLevel.MEMORY_AND_DISK());
    rdd.rdd().localCheckpoint();
    rdd.count(); // materialise once, before the first step
    return new DistributedDataset(rdd, n, partitions);
  }

  /** Partition p's examples {@code [⌊p·n/P⌋, ⌊(p+1)·n/P⌋)}. */
  static DataShard slice(Dataset dataset, int p, int partitions) {
    int n = dataset.size();
    int from = (int) ((long) p * n / partitions);
    int to = (int) ((long) (p + 1) * n / partitions);
    int xNumel = dataset.xNumel();
    int yNumel = dataset.yNumel();
    float[] x = new float[(to - from) * xNumel];
    float[] y = new float[(to - from) * yNumel];
    for (int i = from; i < to; i++) {
      dataset.copyX(i, x, (i - from) * xNumel);
      dataset.copyY(i, y, (i - from) * yNumel);
    }
    return new DataShard(p, from, to, dataset.xShape(), dataset.yShape(), x, y);
  }

  /** n, the number of examples. */
  public int size() {
    return size;
  }

  /** P, the number of partitions. */
  public int partitions() {
    return partitions;
  }

  JavaRDD<DataShard> shards() {
    return shards;
  }

  /** Drops the cached partitions. */
  public void unpersist() {
    shards.unpersist(false);
  }
}
