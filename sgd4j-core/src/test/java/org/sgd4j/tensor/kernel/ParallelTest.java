package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;

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
  void aRecorderIsToldEachJobsPartsWhichRunOnTheCallerAndNestedCallsInline() {
    int saved = Parallel.threads();
    Parallel.setThreads(3);
    java.util.List<String> jobs = new java.util.ArrayList<>();
    java.util.Set<Thread> ranOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicReference<long[]> times = new java.util.concurrent.atomic.AtomicReference<>();
    Parallel.record((threads, partNanos) -> {
      jobs.add(threads + " threads, " + partNanos.length + " parts");
      times.set(partNanos);
    });
    try {
      AtomicIntegerArray seen = new AtomicIntegerArray(5 * 4);
      Parallel.run(5, i -> {
        ranOn.add(Thread.currentThread());
        Parallel.run(4, j -> {
          ranOn.add(Thread.currentThread());
          seen.incrementAndGet(i * 4 + j);
        });
      });
      // Each part's own time: part 1 runs a millisecond, part 0 next to nothing.
      Parallel.run(2, i -> {
        ranOn.add(Thread.currentThread());
        long until = System.nanoTime() + (i == 1 ? 1_000_000 : 0);
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      });
      assertThat(times.get()[1]).isGreaterThanOrEqualTo(1_000_000).isGreaterThan(times.get()[0]);
      Parallel.run(1, i -> ranOn.add(Thread.currentThread()));
      for (int i = 0; i < seen.length(); i++) {
        assertThat(seen.get(i)).as("part %d", i).isEqualTo(1);
      }
      assertThat(ranOn).containsExactly(Thread.currentThread());
      // A job of one part runs on the caller whether or not one records, and is not a job of threads.
      assertThat(jobs).containsExactly("3 threads, 5 parts", "2 threads, 2 parts");
      assertThatThrownBy(() -> Parallel.run(3, i -> {
        if (i == 1) {
          throw new IllegalStateException("part 1");
        }
      })).hasMessage("part 1");
    } finally {
      Parallel.record(null);
      Parallel.setThreads(saved);
    }
    jobs.clear();
    Parallel.run(3, i -> { });
    assertThat(jobs).isEmpty();
  }

  @Test
  void concurrentCallersEachGetEveryPartOfTheirJobExactlyOnce() throws Exception {
    int saved = Parallel.threads();
    Parallel.setThreads(3);
    try {
      int callers = 3;
      int jobs = 2000;
      int parts = 5;
      AtomicIntegerArray seen = new AtomicIntegerArray(callers * jobs * parts);
      Thread[] threads = new Thread[callers];
      for (int c = 0; c < callers; c++) {
        int caller = c;
        threads[c] = new Thread(() -> {
          for (int j = 0; j < jobs; j++) {
            int base = (caller * jobs + j) * parts;
            Parallel.run(parts, i -> seen.incrementAndGet(base + i));
          }
        });
        threads[c].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      for (int i = 0; i < seen.length(); i++) {
        assertThat(seen.get(i)).as("caller %d job %d part %d", i / (jobs * parts), i / parts % jobs, i % parts)
            .isEqualTo(1);
      }
    } finally {
      Parallel.setThreads(saved);
    }
  }

  @Test
  void twoConcurrentCallersEachRunTheirPartsOnHelperThreads() throws Exception {
    // Each caller's two parts wait for all four parts of both jobs: only when each caller has a pool
    // of its own do four threads run them at once; a caller left inline would run its parts one after
    // the other and the barrier would never fill (the timeout only turns that hang into a failure).
    java.util.concurrent.CyclicBarrier allFour = new java.util.concurrent.CyclicBarrier(4);
    java.util.Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    Thread[] callers = new Thread[2];
    for (int c = 0; c < 2; c++) {
      callers[c] = new Thread(() -> {
        try (var limit = Parallel.limitThisThread(2)) {
          Parallel.run(2, i -> {
            names.add(Thread.currentThread().getName());
            try {
              allFour.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }, "caller-" + c);
      callers[c].start();
    }
    for (Thread t : callers) {
      t.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(names).hasSize(4).contains("caller-0", "caller-1");
  }

  @Test
  void backToBackJobsSeeTheWritesOfTheirParts() {
    int saved = Parallel.threads();
    Parallel.setThreads(2);
    try {
      long[] sums = new long[2];
      long expected = 0;
      for (int job = 0; job < 20_000; job++) {
        long[] out = new long[2];
        int j = job;
        Parallel.run(2, i -> out[i] = j + i);
        sums[0] += out[0];
        sums[1] += out[1];
        expected += j;
      }
      assertThat(sums[0]).isEqualTo(expected);
      assertThat(sums[1]).isEqualTo(expected + 20_000);
    } finally {
      Parallel.setThreads(saved);
    }
  }

  /**
   * Four parts on two threads: the caller owns parts 0 and 1, the helper 2 and 3. Parts 2 and 3 wait until
   * part 0 has started, so the helper cannot finish its block and take part 0 before the caller does. Part
   * 0 then holds the caller until part 1 has started, so the helper must run part 1 too; it does so only
   * after its own block, in the order 2, 3, 1. From one shared counter it would take part 1 first.
   */
  @Test
  void eachThreadRunsItsOwnBlockOfPartsFirstThenTheOthersLeftovers() throws Exception {
    int saved = Parallel.threads();
    Parallel.setThreads(2);
    try {
      for (int job = 0; job < 200; job++) {
        java.util.concurrent.CountDownLatch partZeroStarted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch partOneStarted = new java.util.concurrent.CountDownLatch(1);
        Thread caller = Thread.currentThread();
        String[] runBy = new String[4];
        java.util.List<Integer> helperOrder = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Parallel.run(4, i -> {
          runBy[i] = Thread.currentThread() == caller ? "caller" : "helper";
          if (Thread.currentThread() != caller) {
            helperOrder.add(i);
          }
          if (i == 0) {
            partZeroStarted.countDown();
            await(partOneStarted, "part 1 started");
          } else if (i == 1) {
            partOneStarted.countDown();
          } else {
            await(partZeroStarted, "part 0 started");
          }
        });
        assertThat(runBy).as("job %d", job).containsExactly("caller", "helper", "helper", "helper");
        assertThat(helperOrder).as("job %d", job).containsExactly(2, 3, 1);
      }
    } finally {
      Parallel.setThreads(saved);
    }
  }

  private static void await(java.util.concurrent.CountDownLatch latch, String what) {
    try {
      assertThat(latch.await(30, java.util.concurrent.TimeUnit.SECONDS)).as(what).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Thread t's block is parts [P·t/T, P·(t+1)/T): contiguous, in thread order, near-equal, covering all. */
  @Test
  void blocksOfPartsAreContiguousNearEqualAndInThreadOrder() {
    assertThat(SpinPool.blockStart(0, 7, 3)).isZero();
    assertThat(SpinPool.blockStart(1, 7, 3)).isEqualTo(2);
    assertThat(SpinPool.blockStart(2, 7, 3)).isEqualTo(4);
    assertThat(SpinPool.blockStart(3, 7, 3)).isEqualTo(7);
    assertThat(SpinPool.blockStart(1, 8, 2)).isEqualTo(4);
    assertThat(SpinPool.blockStart(1, 1, 2)).isZero();
  }

  @Test
  void rangesCoverEveryIndexOnceInContiguousNearEqualPieces() {
    int saved = Parallel.threads();
    Parallel.setThreads(2);
    try {
      for (int parts : new int[] {0, 1, 3, 7}) {
        int n = 1000;
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        java.util.List<Integer> sizes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Parallel.runRanges(n, parts, (from, to) -> {
          sizes.add(to - from);
          for (int i = from; i < to; i++) {
            seen.incrementAndGet(i);
          }
        });
        for (int i = 0; i < n; i++) {
          assertThat(seen.get(i)).as("index %d with %d parts", i, parts).isEqualTo(1);
        }
        assertThat(sizes).as("ranges with %d parts", parts).hasSize(Math.max(parts, 1))
            .allSatisfy(size -> assertThat(size).isBetween(n / Math.max(parts, 1), n / Math.max(parts, 1) + 1));
      }
    } finally {
      Parallel.setThreads(saved);
    }
  }

  @Test
  void partsSplitWorkByTheMinimumPerPartAndTheThreadCount() {
    try (Parallel.Limit l = Parallel.limitThisThread(2)) {
      assertThat(Parallel.parts(10, 100)).isEqualTo(1);
      assertThat(Parallel.parts(250, 100)).isEqualTo(2);
      assertThat(Parallel.parts(1_000_000, 100)).isEqualTo(2);
      assertThat(Parallel.parts(5, 0)).isEqualTo(2);
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

  @Test
  void aPerThreadLimitAppliesToItsThreadOnlyAndIsRestoredOnClose() throws Exception {
    int global = Parallel.threads();
    try (Parallel.Limit outer = Parallel.limitThisThread(1)) {
      assertThat(Parallel.threads()).isEqualTo(1);
      int[] other = new int[1];
      Thread t = new Thread(() -> other[0] = Parallel.threads());
      t.start();
      t.join();
      assertThat(other[0]).isEqualTo(global);
      try (Parallel.Limit inner = Parallel.limitThisThread(3)) {
        assertThat(Parallel.threads()).isEqualTo(3);
      }
      assertThat(Parallel.threads()).isEqualTo(1);
    }
    assertThat(Parallel.threads()).isEqualTo(global);
    assertThatThrownBy(() -> Parallel.limitThisThread(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }

  @Test
  void sgemmGivesTheSameBitsUnderAPerThreadLimit() {
    int m = 16;
    int n = 300;
    int k = 700;
    Rng rng = new Rng(3);
    float[] a = new float[m * k];
    float[] b = new float[n * k];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) rng.nextGaussian();
    }
    float[] all = new float[m * n];
    float[] one = new float[m * n];
    Kernels.get().sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, all, 0, n);
    try (Parallel.Limit limit = Parallel.limitThisThread(1)) {
      Kernels.get().sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, one, 0, n);
    }
    assertThat(one).containsExactly(all);
  }
}
