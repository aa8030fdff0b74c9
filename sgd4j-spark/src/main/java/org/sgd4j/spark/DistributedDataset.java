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
 *
 * <p>A cached partition dies with its executor; how it is rebuilt depends on where the data comes from:
 * <ul>
 *   <li>{@link #of}, data held by the driver: the partitions are written once to the context's
 *       checkpoint directory ({@code sc.setCheckpointDir}, a path every executor can read) with a
 *       reliable {@code rdd.checkpoint()}, and a lost partition is read back from there. In local mode
 *       the executor is the driver's JVM, nothing can be lost alone, and without a checkpoint directory
 *       a {@code localCheckpoint} is used instead.</li>
 *   <li>{@link #load}, data every executor can read itself: the lineage is kept (a partition is its
 *       index and the loader), and a lost partition is loaded again by whichever executor runs it.</li>
 * </ul>
 * Either way a step's tasks carry only the partition's index, never the examples.
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
   * Copies {@code dataset} from the driver into {@code partitions} cached partitions, checkpointed into
   * {@code sc}'s checkpoint directory (see the class comment).
   *
   * @throws IllegalArgumentException if {@code partitions < 1} or exceeds the number of examples, or if
   *     the master is not local and {@code sc} has no checkpoint directory
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
    JavaRDD<DataShard> rdd = sc.parallelize(list, partitions);
    rdd.persist(StorageLevel.MEMORY_AND_DISK());
    if (sc.getCheckpointDir().isPresent()) {
      rdd.checkpoint();
    } else if (sc.isLocal()) {
      rdd.rdd().localCheckpoint();
    } else {
      throw new IllegalArgumentException("DistributedDataset.of on master " + sc.master() + " needs a checkpoint"
          + " directory that every executor can read (sc.setCheckpointDir), from which a partition lost with its"
          + " executor is read back");
    }
    rdd.count(); // materialise (and write the checkpoint) once, before the first step
    return new DistributedDataset(rdd, n, partitions);
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
    rdd.persist(StorageLevel.MEMORY_AND_DISK()); // the lineage stays: a lost partition is loaded again
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

  /** Drops the cached partitions and deletes their checkpoint files, if any. */
  public void unpersist() {
    shards.unpersist(false);
    scala.Option<String> file = shards.rdd().getCheckpointFile();
    if (file.isDefined()) {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.get());
      try {
        path.getFileSystem(shards.context().hadoopConfiguration()).delete(path, true);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("deleting the data's checkpoint " + path + ": " + e.getMessage(), e);
      }
    }
  }
}
