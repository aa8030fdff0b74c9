package org.sgd4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

  @Test
  void threadCountDefaultsToTheSystemPropertyElseTheProcessors() {
    assertThat(Parallel.parseThreads(null, 8)).isEqualTo(8);
    assertThat(Parallel.parseThreads(" 3 ", 8)).isEqualTo(3);
    assertThat(Parallel.threads()).isPositive();
  }

  @Test
  void badThreadCountsAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> Parallel.setThreads(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid thread count: 0");
    assertThatThrownBy(() -> Parallel.parseThreads("two", 8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sgd4j.threads").hasMessageContaining("'two'");
    assertThatThrownBy(() -> Parallel.parseThreads("-1", 8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void runsEveryPartExactlyOnceIncludingNestedCalls() {
    AtomicIntegerArray seen = new AtomicIntegerArray(5 * 3);
    Parallel.run(5, i -> Parallel.run(3, j -> seen.incrementAndGet(i * 3 + j)));
    for (int i = 0; i < seen.length(); i++) {
      assertThat(seen.get(i)).as("part %d", i).isEqualTo(1);
    }
  }

  @Test
  void aFailingPartIsRethrownAfterTheOthersFinish() {
    AtomicIntegerArray seen = new AtomicIntegerArray(4);
    assertThatThrownBy(() -> Parallel.run(4, i -> {
      seen.incrementAndGet(i);
      if (i == 2) {
        throw new IllegalStateException("part 2 failed");
      }
    })).isInstanceOf(IllegalStateException.class).hasMessage("part 2 failed");
    for (int i = 0; i < 4; i++) {
      assertThat(seen.get(i)).isEqualTo(1);
    }
  }
}
