/*
 * GradientAverage.setGrads of two workers' gradients over the notes' MLP's parameters (535,818), median and
 * 10th percentile of the last 1,000 of 2,000 calls (bench/results/2026-12-05-part-affinity.md):
 *   javac -cp JAR -d /tmp/avg bench/ab/AvgTime.java
 *   java --add-modules jdk.incubator.vector -cp JAR:/tmp/avg org.sgd4j.train.parallel.AvgTime THREADS
 * with JAR a build's sgd4j-bench/target/benchmarks.jar.
 */
package org.sgd4j.train.parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.tensor.kernel.Parallel;

public class AvgTime {
  public static void main(String[] a) {
    Parallel.setThreads(Integer.parseInt(a[0]));
    Rng rng = new Rng(1);
    int[][] shapes = {{512, 784}, {512}, {512, 512}, {512}, {10, 512}, {10}};
    List<Tensor> params = new ArrayList<>();
    for (int[] s : shapes) params.add(Tensor.randn(rng, s).requiresGrad_());
    for (Tensor p : params) p.sum().backward();
    List<BatchGradient> workers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      List<Tensor> g = new ArrayList<>();
      for (int[] s : shapes) g.add(Tensor.randn(rng, s));
      workers.add(new BatchGradient(g, 0.5, 64));
    }
    long[] t = new long[2000];
    for (int i = 0; i < t.length; i++) {
      long t0 = System.nanoTime();
      GradientAverage.setGrads(workers, params);
      t[i] = System.nanoTime() - t0;
    }
    long[] last = Arrays.copyOfRange(t, 1000, 2000);
    Arrays.sort(last);
    System.out.printf("threads %s: setGrads median %.1f us, p10 %.1f us%n", a[0], last[500] / 1e3, last[100] / 1e3);
  }
}
