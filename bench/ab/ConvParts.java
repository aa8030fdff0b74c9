/*
 * LeNet's convolutions alone (TrainThroughput's lenet: 64x3x32x32 -> 6 channels, 5x5, padding 2; 64x6x16x16 -> 16
 * channels, 5x5), one thread: forward, weight gradient and input gradient, best of 100 calls per round
 * (bench/results/2026-12-05-zen5-lenet-wgrad.md). In the package of Convolution, whose parts are package-private:
 *   javac -cp sgd4j-core/target/classes -d /tmp/cp bench/ab/ConvParts.java
 *   java -Dsgd4j.threads=1 --add-modules jdk.incubator.vector -cp sgd4j-core/target/classes:/tmp/cp org.sgd4j.nn.functional.ConvParts
 */
package org.sgd4j.nn.functional;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.tensor.kernel.ConvolutionGeometry;
/** LeNet's convolution parts alone, one thread: forward, weight gradient, input gradient (best of 100). */
public class ConvParts {
  public static void main(String[] a) {
    org.sgd4j.tensor.Rng r = new org.sgd4j.tensor.Rng(1);
    int[] one = {1, 1};
    Tensor[] xs = {Tensor.randn(r, 64, 3, 32, 32), Tensor.randn(r, 64, 6, 16, 16)};
    Tensor[] ws = {Tensor.randn(r, 6, 3, 5, 5), Tensor.randn(r, 16, 6, 5, 5)};
    int[][] pads = {{2, 2, 2, 2}, {0, 0, 0, 0}};
    double sink = 0;
    for (int round = 0; round < 8; round++) {
      StringBuilder sb = new StringBuilder();
      for (int l = 0; l < 2; l++) {
        ConvolutionGeometry geo = Convolution.geometry(xs[l], ws[l], null, one, pads[l], one, 1);
        Tensor g = Tensor.randn(r, geo.n(), geo.o(), geo.ho(), geo.wo());
        long bf = Long.MAX_VALUE, bw = Long.MAX_VALUE, bi = Long.MAX_VALUE;
        for (int rep = 0; rep < 100; rep++) {
          long t0 = System.nanoTime();
          Tensor y = Convolution.forward(xs[l], ws[l], null, geo);
          long t1 = System.nanoTime();
          Tensor dw = Convolution.weightGrad(xs[l], g, geo);
          long t2 = System.nanoTime();
          Tensor dx = Convolution.inputGrad(g, ws[l], geo);
          long t3 = System.nanoTime();
          bf = Math.min(bf, t1 - t0); bw = Math.min(bw, t2 - t1); bi = Math.min(bi, t3 - t2);
          sink += y.data()[1] + dw.data()[2] + dx.data()[3];
        }
        sb.append(String.format("conv%d fwd %.1f wgrad %.1f igrad %.1f us   ", l + 1, bf / 1e3, bw / 1e3, bi / 1e3));
      }
      if (round >= 5) System.out.println(sb);
    }
    System.out.println(sink > 0 ? "" : " ");
  }
}
