package org.sgd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

class DataLoaderTest {

  /** n examples of shape (2, 3): x[i] = 100 i + j, y[i] = i. */
  static TensorDataset numbered(int n) {
    float[] x = new float[n * 6];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 6; j++) {
        x[i * 6 + j] = 100 * i + j;
      }
      y[i] = i;
    }
    return new TensorDataset(Tensor.wrap(x, n, 2, 3), Tensor.wrap(y, n));
  }

  static List<int[]> epoch(Iterable<Batch> loader) {
    List<int[]> out = new ArrayList<>();
    for (Batch b : loader) {
      out.add(b.indices());
    }
    return out;
  }

  static int[] flat(List<int[]> batches) {
    return batches.stream().flatMapToInt(Arrays::stream).toArray();
  }

  @Test
  void sequentialBatchesStackExamples() {
    DataLoader loader = DataLoader.of(numbered(10)).batchSize(4).build();
    assertThat(loader.numBatches()).isEqualTo(3);
    List<Batch> batches = new ArrayList<>();
    loader.forEach(batches::add);
    assertThat(batches).extracting(Batch::size).containsExactly(4, 4, 2);
    Batch last = batches.get(2);
    assertThat(last.x().shape()).containsExactly(2, 2, 3);
    assertThat(last.y().shape()).containsExactly(2);
    assertThat(last.indices()).containsExactly(8, 9);
    assertThat(last.x().toArray()).containsExactly(800, 801, 802, 803, 804, 805, 900, 901, 902, 903, 904, 905);
    assertThat(last.y().toArray()).containsExactly(8f, 9f);
    assertThat(last.labels()).containsExactly(8, 9);
    // the earlier batches keep their values (fresh arrays per batch)
    assertThat(batches.get(0).y().toArray()).containsExactly(0f, 1f, 2f, 3f);
  }

  @Test
  void dropLastDropsTheIncompleteBatch() {
    DataLoader loader = DataLoader.of(numbered(10)).batchSize(4).dropLast(true).build();
    assertThat(loader.numBatches()).isEqualTo(2);
    assertThat(flat(epoch(loader))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void shuffleIsAFreshSeededPermutationEachEpoch() {
    int n = 23;
    DataLoader loader = DataLoader.of(numbered(n)).batchSize(5).shuffle(true).seed(42).build();
    Rng expected = new Rng(42);
    int[] previous = null;
    for (int e = 0; e < 4; e++) {
      int[] order = flat(epoch(loader));
      assertThat(order).containsExactly(expected.permutation(n));
      assertThat(order).containsExactlyInAnyOrder(new Rng(0).permutation(n)); // each example exactly once
      assertThat(order).isNotEqualTo(previous);
      previous = order;
    }
    assertThat(loader.state().epoch()).isEqualTo(4);
  }

  @Test
  void batchRowsMatchTheirIndices() {
    DataLoader loader = DataLoader.of(numbered(9)).batchSize(4).shuffle(true).seed(7).prefetch(2).build();
    for (Batch b : loader) {
      for (int j = 0; j < b.size(); j++) {
        assertThat(b.y().get(j)).isEqualTo((float) b.indices()[j]);
        assertThat(b.x().get(j, 1, 2)).isEqualTo(100f * b.indices()[j] + 5);
      }
    }
  }

  @Test
  void replacementDrawsUniformIndices() {
    DataLoader loader = DataLoader.of(numbered(5)).batchSize(4).replacement(true).numSamples(11).seed(3).build();
    assertThat(loader.numBatches()).isEqualTo(3);
    Rng rng = new Rng(3);
    int[] expected = new int[11];
    for (int i = 0; i < 11; i++) {
      expected[i] = rng.nextInt(5);
    }
    assertThat(flat(epoch(loader))).containsExactly(expected);
  }

  @Test
  void shardsSplitTheSharedOrderRoundRobin() {
    int n = 50;
    int workers = 3;
    List<int[]> all = epoch(DataLoader.of(numbered(n)).batchSize(4).shuffle(true).seed(9).build());
    assertThat(all).hasSize(13);
    List<int[]> merged = new ArrayList<>();
    for (int m = 0; m < workers; m++) {
      DataLoader w = DataLoader.of(numbered(n)).batchSize(4).shuffle(true).seed(9).shard(m, workers).build();
      List<int[]> mine = epoch(w);
      assertThat(mine).hasSize(w.numBatches());
      for (int k = 0; k < mine.size(); k++) {
        assertThat(mine.get(k)).containsExactly(all.get(m + k * workers));
      }
      merged.addAll(mine);
    }
    assertThat(new int[] {DataLoader.of(numbered(n)).batchSize(4).shard(0, 3).build().numBatches(),
        DataLoader.of(numbered(n)).batchSize(4).shard(1, 3).build().numBatches(),
        DataLoader.of(numbered(n)).batchSize(4).shard(2, 3).build().numBatches()}).containsExactly(5, 4, 4);
    assertThat(flat(merged)).containsExactlyInAnyOrder(flat(all));
  }

  @Test
  void prefetchNeverChangesTheOrder() {
    DataLoader plain = DataLoader.of(numbered(101)).batchSize(7).shuffle(true).seed(5).build();
    DataLoader ahead = DataLoader.of(numbered(101)).batchSize(7).shuffle(true).seed(5).prefetch(3).build();
    for (int e = 0; e < 3; e++) {
      Iterator<Batch> a = plain.iterator();
      Iterator<Batch> b = ahead.iterator();
      while (a.hasNext()) {
        Batch x = a.next();
        Batch y = b.next();
        assertThat(y.indices()).containsExactly(x.indices());
        assertThat(y.x().toArray()).containsExactly(x.x().toArray());
      }
      assertThat(b.hasNext()).isFalse();
    }
    ahead.close();
  }

  @Test
  void prefetchPassesDatasetErrorsToTheConsumer() {
    Dataset broken = failingAt(10, 6, new IllegalStateException("example 6 is unreadable"));
    DataLoader loader = DataLoader.of(broken).batchSize(3).prefetch(2).build();
    Iterator<Batch> it = loader.iterator();
    assertThat(it.next().x().toArray()).containsExactly(0f, 1f, 2f);
    assertThat(it.next().x().toArray()).containsExactly(3f, 4f, 5f);
    assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class).hasMessage("example 6 is unreadable");
  }

  @Test
  void restoredLoaderContinuesExactly() {
    DataLoader a = DataLoader.of(numbered(30)).batchSize(4).shuffle(true).seed(11).build();
    epoch(a);
    epoch(a);
    Iterator<Batch> it = a.iterator();
    it.next();
    it.next();
    it.next();
    LoaderState saved = a.state();
    assertThat(saved.epoch()).isEqualTo(2);
    assertThat(saved.batchIndex()).isEqualTo(3);
    List<int[]> rest = new ArrayList<>();
    it.forEachRemaining(b -> rest.add(b.indices()));
    List<int[]> following = epoch(a);

    DataLoader b = DataLoader.of(numbered(30)).batchSize(4).shuffle(true).seed(11).prefetch(2).build();
    b.restore(saved);
    List<int[]> resumedRest = epoch(b);
    List<int[]> resumedFollowing = epoch(b);
    assertThat(resumedRest).hasSameSizeAs(rest);
    for (int k = 0; k < rest.size(); k++) {
      assertThat(resumedRest.get(k)).containsExactly(rest.get(k));
    }
    assertThat(flat(resumedFollowing)).containsExactly(flat(following));
    assertThat(b.state()).isEqualTo(a.state());
  }

  @Test
  void abandonedEpochIsFollowedByANewEpoch() {
    DataLoader a = DataLoader.of(numbered(12)).batchSize(5).shuffle(true).seed(1).build();
    a.iterator().next();
    int[] second = flat(epoch(a));
    DataLoader b = DataLoader.of(numbered(12)).batchSize(5).shuffle(true).seed(1).build();
    epoch(b);
    assertThat(second).containsExactly(flat(epoch(b)));
    assertThat(a.state()).isEqualTo(b.state());
  }

  @Test
  void weightedSamplerInLoader() {
    double[] w = {0, 1, 0, 3};
    DataLoader loader = DataLoader.of(numbered(4)).batchSize(10).sampler(Sampler.weighted(w, 4000)).seed(2).build();
    int[] counts = new int[4];
    for (int i : flat(epoch(loader))) {
      counts[i]++;
    }
    assertThat(counts[0]).isZero();
    assertThat(counts[2]).isZero();
    // Binomial(4000, 1/4): mean 1000, sd 27.4; 5 sd either side.
    assertThat(counts[1]).isBetween(863, 1137);
    assertThat(counts[1] + counts[3]).isEqualTo(4000);
  }

  @Test
  void invalidOptionsAreRefusedWithPyTorchMessages() {
    TensorDataset ds = numbered(3);
    assertThatThrownBy(() -> DataLoader.of(ds).batchSize(0).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch_size should be a positive integer value, but got batch_size=0");
    assertThatThrownBy(() -> DataLoader.of(ds).shuffle(true).sampler(Sampler.sequential(3)).build())
        .hasMessage("sampler option is mutually exclusive with shuffle and replacement");
    assertThatThrownBy(() -> DataLoader.of(ds).shard(3, 3).build())
        .hasMessage("invalid shard: worker 3 of 3 (expected 0 <= worker < workers)");
    assertThatThrownBy(() -> DataLoader.of(ds).numSamples(5).build())
        .hasMessage("numSamples=5 is only used with replacement(true)");
  }

  @Test
  void invalidCountsAndShardsAreRefused() {
    TensorDataset ds = numbered(3);
    assertThatThrownBy(() -> DataLoader.of(ds).replacement(true).numSamples(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("num_samples should be a non-negative integer value, but got num_samples=-1");
    assertThatThrownBy(() -> DataLoader.of(ds).prefetch(-1).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefetch must be non-negative, got -1");
    assertThatThrownBy(() -> DataLoader.of(ds).shard(-1, 2).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid shard: worker -1 of 2 (expected 0 <= worker < workers)");
    assertThatThrownBy(() -> DataLoader.of(ds).shard(0, 0).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid shard: worker 0 of 0 (expected 0 <= worker < workers)");
    assertThatThrownBy(() -> DataLoader.of(ds).replacement(true).sampler(Sampler.sequential(3)).build())
        .hasMessage("sampler option is mutually exclusive with shuffle and replacement");
    assertThat(DataLoader.of(ds).batchSize(1).shard(1, 2).prefetch(0).build().numBatches()).isEqualTo(1);
  }

  /** A dataset of {@code n} scalars {@code 0 .. n-1} whose example {@code bad} throws {@code failure}. */
  static Dataset failingAt(int n, int bad, Throwable failure) {
    return new Dataset() {
      @Override
      public int size() {
        return n;
      }

      @Override
      public Example get(int i) {
        if (i == bad) {
          if (failure instanceof Error e) {
            throw e;
          }
          throw (RuntimeException) failure;
        }
        return new Example(Tensor.scalar(i), Tensor.scalar(i));
      }

      @Override
      public int[] xShape() {
        return new int[0];
      }

      @Override
      public int[] yShape() {
        return new int[0];
      }
    };
  }

  @Test
  void prefetchPassesErrorsToTheConsumerAsThemselves() {
    AssertionError failure = new AssertionError("example 4 is corrupt");
    try (DataLoader loader = DataLoader.of(failingAt(6, 4, failure)).batchSize(2).prefetch(2).build()) {
      Iterator<Batch> it = loader.iterator();
      assertThat(it.next().x().toArray()).containsExactly(0f, 1f);
      assertThat(it.next().x().toArray()).containsExactly(2f, 3f);
      assertThatThrownBy(it::next).isSameAs(failure);
    }
  }

  @Test
  void anInterruptedConsumerGetsAnExceptionAndKeepsItsInterruptFlag() {
    try (DataLoader loader = DataLoader.of(numbered(6)).batchSize(2).prefetch(1).build()) {
      Iterator<Batch> it = loader.iterator();
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class)
            .hasMessage("interrupted while waiting for a prefetched batch")
            .hasCauseInstanceOf(InterruptedException.class);
      } finally {
        // Thread.interrupted() also clears the flag for the tests that follow on this thread.
        assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
      }
    }
  }

  @Test
  void restoreEndsTheIteratorItReplaces() {
    DataLoader loader = DataLoader.of(numbered(12)).batchSize(2).shuffle(true).seed(3).build();
    Iterator<Batch> old = loader.iterator();
    old.next();
    LoaderState saved = loader.state();
    old.next();
    loader.restore(saved);
    // The replaced iterator yields nothing more, so it cannot move the restored position.
    assertThat(old.hasNext()).isFalse();
    assertThatThrownBy(old::next).isInstanceOf(java.util.NoSuchElementException.class)
        .hasMessage("epoch finished after 6 batches");
    assertThat(loader.state()).isEqualTo(saved);
    DataLoader fresh = DataLoader.of(numbered(12)).batchSize(2).shuffle(true).seed(3).build();
    Iterator<Batch> reference = fresh.iterator();
    reference.next();
    assertThat(loader.iterator().next().indices()).containsExactly(reference.next().indices());
  }

  @Test
  void thePrefetchThreadIsADaemon() throws Exception {
    ReaderEdgesTest.awaitNoPrefetch();
    // A consumer that abandons a loader without closing it must not keep the JVM alive, even when the
    // consumer is not a daemon thread itself (a new thread inherits its creator's daemon status).
    List<Boolean> daemon = new ArrayList<>();
    try (DataLoader loader = DataLoader.of(numbered(40)).batchSize(2).prefetch(1).build()) {
      Thread consumer = new Thread(() -> {
        loader.iterator().next();
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("sgd4j-prefetch") && t.isAlive())
            .forEach(t -> daemon.add(t.isDaemon()));
      });
      consumer.setDaemon(false);
      consumer.start();
      consumer.join();
    }
    assertThat(daemon).isNotEmpty().containsOnly(true);
  }

  @Test
  void emptyDatasetHasNoBatches() {
    DataLoader loader = DataLoader.of(numbered(0)).batchSize(2).shuffle(true).build();
    assertThat(loader.numBatches()).isZero();
    assertThat(loader.iterator().hasNext()).isFalse();
    assertThat(loader.state().epoch()).isEqualTo(1);
  }
}
