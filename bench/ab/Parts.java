/*
 * The pieces of cross-entropy apart (bench/results/2026-12-05-false-dependency.md): log-softmax forward and
 * backward, NLL forward and backward, on N x 10 logits; 10th percentiles of the last 3,000 of 6,000 calls.
 *   javac -cp JAR -d /tmp/parts bench/ab/Parts.java
 *   java --add-modules jdk.incubator.vector -cp JAR:/tmp/parts Parts 256
 * with JAR a build's sgd4j-bench/target/benchmarks.jar.
 */
import org.sgd4j.nn.loss.NLLLoss;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.tensor.Rng;
import org.sgd4j.autograd.Autograd;
import java.util.List;
public class Parts {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]); Rng rng = new Rng(1);
    float[] v = new float[n * 10]; for (int i = 0; i < v.length; i++) v[i] = (float) rng.nextGaussian();
    int[] y = new int[n]; for (int i = 0; i < n; i++) y[i] = i % 10;
    Tensor g = Tensor.randn(rng, n, 10);
    long[] lsmF = new long[6000], lsmB = new long[6000], nllF = new long[6000], nllB = new long[6000];
    NLLLoss nll = new NLLLoss();
    for (int it = 0; it < 6000; it++) {
      Tensor x = Tensor.wrap(v.clone(), n, 10).requiresGrad_();
      long t0 = System.nanoTime(); Tensor lp = x.logSoftmax(1); long t1 = System.nanoTime();
      Autograd.grad(lp, List.of(x), g, false, false, false); long t2 = System.nanoTime();
      Tensor lpd = lp.detach().requiresGrad_();
      long t3 = System.nanoTime(); Tensor l = nll.apply(lpd, y); long t4 = System.nanoTime(); l.backward(); long t5 = System.nanoTime();
      lsmF[it] = t1 - t0; lsmB[it] = t2 - t1; nllF[it] = t4 - t3; nllB[it] = t5 - t4;
    }
    System.out.printf("n=%d logSoftmax fwd %.1f bwd %.1f | nll fwd %.1f bwd %.1f us (p10)%n", n, p10(lsmF), p10(lsmB), p10(nllF), p10(nllB));
  }
  static double p10(long[] x) { long[] c = java.util.Arrays.copyOfRange(x, 3000, 6000); java.util.Arrays.sort(c); return c[300] / 1e3; }
}
