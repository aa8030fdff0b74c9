/*
 * LeNet's second max pooling alone (TrainThroughput's lenet: relu of 64x16x10x10, 2x2 windows, stride 2) at one
 * and two kernel threads, best of 2000 calls per round (bench/results/2026-12-06-zen5-lenet.md):
 *   javac -cp sgd4j-core/target/classes -d /tmp/pp bench/ab/PoolParts.java
 *   java -Dsgd4j.threads=2 --add-modules jdk.incubator.vector -cp sgd4j-core/target/classes:/tmp/pp PoolParts
 */
import org.sgd4j.nn.functional.Activations;
import org.sgd4j.nn.functional.Pooling;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.tensor.kernel.Parallel;

/** LeNet's second max pooling alone, at one and two threads (best of 2000 calls). */
public class PoolParts {
  public static void main(String[] a) {
    Tensor x = Tensor.randn(new Rng(1), 64, 16, 10, 10);
    int[] k = {2, 2};
    double sink = 0;
    for (int round = 0; round < 6; round++) {
      StringBuilder sb = new StringBuilder();
      for (int t = 1; t <= 2; t++) {
        Parallel.limitThisThread(t);
        long best = Long.MAX_VALUE;
        for (int rep = 0; rep < 2000; rep++) {
          Tensor r = Activations.relu(x);
          long t0 = System.nanoTime();
          Tensor y = Pooling.maxPool2d(r, k, k, new int[] {0, 0}, new int[] {1, 1});
          best = Math.min(best, System.nanoTime() - t0);
          sink += y.data()[3];
        }
        sb.append(String.format("t%d pool2 %.1f us  ", t, best / 1e3));
      }
      if (round >= 3) {
        System.out.println(sb);
      }
    }
    System.out.println(sink > 0 ? "" : " ");
  }
}
