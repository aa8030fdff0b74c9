/*
 * A convolution's bias gradient (Convolution.biasGrad) on LeNet's two gradients at batch 64, one thread, best of 15,000 calls
 * (bench/results/2026-12-05-activation-loops.md):
 *   javac -cp JAR -d /tmp/xb bench/ab/BiasTime.java
 *   java --add-modules jdk.incubator.vector -cp JAR:/tmp/xb org.sgd4j.nn.functional.BiasTime
 * with JAR a build's sgd4j-bench/target/benchmarks.jar.
 */
package org.sgd4j.nn.functional;
import org.sgd4j.tensor.*;
import org.sgd4j.tensor.kernel.*;
public class BiasTime {
  public static void main(String[] a) {
    Parallel.setThreads(1);
    Rng rng = new Rng(1);
    int[][] shapes = {{64, 6, 32, 32}, {64, 16, 10, 10}};
    for (int[] s : shapes) {
      Tensor g = Tensor.randn(rng, s);
      // The geometry of a 1x1 convolution whose output has this shape: biasGrad reads only n, o and the plane.
      ConvolutionGeometry geo = new ConvolutionGeometry(s[0], 1, s[2], s[3], s[1], 1, 1, 1, 1, 0, 0, 1, 1, 1, s[2], s[3]);
      long best = Long.MAX_VALUE;
      for (int i = 0; i < 20000; i++) { long t0 = System.nanoTime(); Convolution.biasGrad(g, geo); long t1 = System.nanoTime(); if (i > 5000) best = Math.min(best, t1 - t0); }
      System.out.printf("%s: biasGrad %.1f us%n", java.util.Arrays.toString(s), best / 1e3);
    }
  }
}
