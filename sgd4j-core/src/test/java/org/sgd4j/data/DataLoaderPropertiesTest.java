package org.sgd4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the loader over random sizes, batch sizes, worker counts and seeds. */
class DataLoaderPropertiesTest {

  @Property(tries = 200)
  void shardsPartitionEachEpochExactlyOnce(@ForAll @IntRange(min = 0, max = 60) int n,
      @ForAll @IntRange(min = 1, max = 9) int batchSize, @ForAll @IntRange(min = 1, max = 4) int workers,
      @ForAll boolean dropLast, @ForAll long seed) {
    TensorDataset ds = DataLoaderTest.numbered(n);
    for (int epoch = 0; epoch < 2; epoch++) {
      List<Integer> all = new ArrayList<>();
      int batches = 0;
      for (int m = 0; m < workers; m++) {
        DataLoader w = DataLoader.of(ds).batchSize(batchSize).shuffle(true).seed(seed).dropLast(dropLast)
            .shard(m, workers).build();
        // advance worker m to the same epoch
        for (int e = 0; e < epoch; e++) {
          w.forEach(b -> { });
        }
        for (Batch b : w) {
          assertThat(b.size()).isBetween(1, batchSize);
          if (dropLast) {
            assertThat(b.size()).isEqualTo(batchSize);
          }
          Arrays.stream(b.indices()).forEach(all::add);
          batches++;
        }
      }
      int expectedBatches = dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
      assertThat(batches).isEqualTo(expectedBatches);
      int covered = dropLast ? expectedBatches * batchSize : n;
      assertThat(all).hasSize(covered).doesNotHaveDuplicates().allMatch(i -> i >= 0 && i < n);
    }
  }

  @Property(tries = 100)
  void resumingAtAnyBatchReproducesTheStream(@ForAll @IntRange(min = 1, max = 40) int n,
      @ForAll @IntRange(min = 1, max = 7) int batchSize, @ForAll @IntRange(min = 0, max = 30) int stopAfter,
      @ForAll long seed, @ForAll boolean replacement) {
    TensorDataset ds = DataLoaderTest.numbered(n);
    DataLoader.Builder b = DataLoader.of(ds).batchSize(batchSize).seed(seed);
    b = replacement ? b.replacement(true) : b.shuffle(true);
    DataLoader reference = b.build();
    List<int[]> stream = new ArrayList<>();
    for (int e = 0; e < 4; e++) {
      reference.forEach(x -> stream.add(x.indices()));
    }
    DataLoader first = b.build();
    LoaderState saved = first.state();
    int taken = 0;
    outer:
    for (int e = 0; e < 4; e++) {
      Iterator<Batch> it = first.iterator();
      while (it.hasNext()) {
        if (taken == stopAfter) {
          saved = first.state();
          break outer;
        }
        it.next();
        taken++;
        saved = first.state();
      }
    }
    DataLoader resumed = b.prefetch(2).build();
    resumed.restore(saved);
    List<int[]> rest = new ArrayList<>();
    while (rest.size() + taken < stream.size()) {
      int before = rest.size();
      resumed.forEach(x -> rest.add(x.indices()));
      if (rest.size() == before && reference.numBatches() == 0) {
        break;
      }
    }
    assertThat(taken + rest.size()).isGreaterThanOrEqualTo(stream.size());
    for (int k = 0; k < rest.size() && taken + k < stream.size(); k++) {
      assertThat(rest.get(k)).containsExactly(stream.get(taken + k));
    }
    resumed.close();
  }
}
