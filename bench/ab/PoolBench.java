/*
 * Max pooling alone on LeNet's two pooling shapes (64x6x28x28 and 64x16x10x10, 2x2 windows, stride 2), best of
 * 200 calls per round, the last four of twelve rounds (bench/results/2026-12-05-zen5-pool-stride2-ab.log):
 *   javac -cp sgd4j-core/target/classes -d /tmp/pb bench/ab/PoolBench.java
 *   java -cp sgd4j-core/target/classes:/tmp/pb PoolBench
 */
import org.sgd4j.nn.functional.Pooling;
import org.sgd4j.tensor.Tensor;
/** Both LeNet max poolings, timed together. */
public class PoolBench {
  public static void main(String[] a) {
    org.sgd4j.tensor.Rng r = new org.sgd4j.tensor.Rng(1);
    Tensor x1 = Tensor.randn(r, 64, 6, 28, 28), x2 = Tensor.randn(r, 64, 16, 10, 10);
    int[] k = {2, 2}, s = {2, 2}, p = {0, 0}, d = {1, 1};
    double sink = 0;
    for (int round = 0; round < 12; round++) {
      long best = Long.MAX_VALUE;
      for (int rep = 0; rep < 200; rep++) {
        long t0 = System.nanoTime();
        Tensor y1 = Pooling.maxPool2d(x1, k, s, p, d);
        Tensor y2 = Pooling.maxPool2d(x2, k, s, p, d);
        best = Math.min(best, System.nanoTime() - t0);
        sink += y1.data()[3] + y2.data()[5];
      }
      if (round >= 8) System.out.printf("both pools: %.1f us%n", best / 1e3);
    }
    System.out.println(sink > 0 ? "" : " ");
  }
}
