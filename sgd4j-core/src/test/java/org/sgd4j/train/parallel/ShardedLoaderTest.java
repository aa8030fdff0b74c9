package org.sgd4j.train.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.data.Batch;
import org.sgd4j.data.DataLoader;
import org.sgd4j.data.LoaderState;
import org.sgd4j.data.TensorDataset;

class ShardedLoaderTest {
  static int[] indicesOf(List<Batch> step) {
    return step.stream().flatMapToInt(b -> java.util.Arrays.stream(b.indices())).toArray();
  }

  @Test
  void eachStepCoversTheGlobalBatchOfOneLoaderWithBatchMB() {
    TensorDataset data = DataParallelTest.dataset(103, 1);
    // 103 / 4 = 25 batches of 4; with M = 3: 8 steps an epoch (one batch and 3 examples left over).
    try (ShardedLoader sharded = new ShardedLoader(data, 4, true, 9, 3);
         DataLoader global = DataLoader.of(data).batchSize(12).shuffle(true).seed(9).dropLast(true).build()) {
      assertThat(sharded.stepsPerEpoch()).isEqualTo(8);
      Iterator<Batch> it = global.iterator();
      for (int s = 0; s < 8 * 3; s++) {
        if (!it.hasNext()) {
          it = global.iterator();
        }
        assertThat(sharded.epoch()).isEqualTo(s / 8);
        List<Batch> step = sharded.next();
        assertThat(step).hasSize(3).allSatisfy(b -> assertThat(b.size()).isEqualTo(4));
        assertThat(indicesOf(step)).as("step %d", s).containsExactly(it.next().indices());
      }
    }
  }

  @Test
  void workerMTakesEveryMthBatchOfTheSharedOrder() {
    TensorDataset data = DataParallelTest.dataset(40, 2);
    try (ShardedLoader sharded = new ShardedLoader(data, 5, true, 3, 2);
         DataLoader one = DataLoader.of(data).batchSize(5).shuffle(true).seed(3).build()) {
      List<Batch> all = new ArrayList<>();
      one.forEach(all::add);
      for (int s = 0; s < 4; s++) {
        List<Batch> step = sharded.next();
        assertThat(step.get(0).indices()).containsExactly(all.get(2 * s).indices());
        assertThat(step.get(1).indices()).containsExactly(all.get(2 * s + 1).indices());
      }
    }
  }

  @Test
  void restoredLoaderContinuesExactly() {
    TensorDataset data = DataParallelTest.dataset(50, 3);
    // 50 / 3 = 16 batches, M = 2: 8 steps an epoch; save mid-epoch, at the end of an epoch, and at the start.
    for (int saveAfter : new int[] {3, 8, 16, 0}) {
      try (ShardedLoader a = new ShardedLoader(data, 3, true, 5, 2);
           ShardedLoader b = new ShardedLoader(data, 3, true, 5, 2)) {
        for (int s = 0; s < saveAfter; s++) {
          a.next();
        }
        LoaderState saved = a.state();
        b.restore(saved);
        for (int s = 0; s < 12; s++) {
          assertThat(b.epoch()).isEqualTo(a.epoch());
          assertThat(indicesOf(b.next())).as("after %d, step %d", saveAfter, s).containsExactly(indicesOf(a.next()));
        }
      }
    }
  }

  @Test
  void badArgumentsAreRefused() {
    TensorDataset data = DataParallelTest.dataset(10, 4);
    assertThatThrownBy(() -> new ShardedLoader(data, 4, true, 0, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10 examples are fewer than one global batch of 3 workers x 4 examples");
    assertThatThrownBy(() -> new ShardedLoader(data, 2, true, 0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid number of workers: 0");
    assertThatThrownBy(() -> new ShardedLoader(data, 0, true, 0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch_size=0");
    try (ShardedLoader l = new ShardedLoader(data, 2, true, 0, 2)) {
      assertThatThrownBy(() -> l.restore(new LoaderState(0, 3, 0, Double.NaN)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step 3 is beyond the 2 steps");
    }
  }
}
