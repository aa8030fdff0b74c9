package org.sgd4j.train.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * Data-parallel workers call the tensor kernels from several threads at once; the kernel pool
 * ({@link Parallel}) must neither deadlock nor change the results of its fixed partition.
 */
class ConcurrentKernelsTest {
  @Test
  void concurrentMatmulsFromManyThreadsGiveTheSequentialResults() throws Exception {
    int callers = 4;
    int n = 128; // 2^21 multiply-adds: above the kernel's threshold for splitting over threads
    int before = Parallel.threads();
    Parallel.setThreads(Math.max(2, before));
    List<Tensor[]> inputs = new ArrayList<>();
    List<float[]> expected = new ArrayList<>();
    Rng rng = new Rng(11);
    for (int c = 0; c < callers; c++) {
      Tensor a = Tensor.randn(rng, n, n);
      Tensor b = Tensor.randn(rng, n, n);
      inputs.add(new Tensor[] {a, b});
      expected.add(a.matmul(b).toArray());
    }
    ExecutorService callersPool = Executors.newFixedThreadPool(callers);
    try {
      for (int round = 0; round < 2; round++) {
        List<Future<float[]>> results = new ArrayList<>();
        for (Tensor[] in : inputs) {
          results.add(callersPool.submit(() -> in[0].matmul(in[1]).toArray()));
        }
        for (int c = 0; c < callers; c++) {
          assertThat(results.get(c).get()).as("caller %d, round %d", c, round).containsExactly(expected.get(c));
        }
      }
    } finally {
      callersPool.shutdownNow();
      Parallel.setThreads(before);
    }
  }
}
