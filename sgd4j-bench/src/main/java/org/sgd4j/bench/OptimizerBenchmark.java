package org.sgd4j.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sgd4j.optim.Adam;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * One optimizer step over 1M parameters (one tensor of 2^20 floats with a fixed gradient): SGD with
 * momentum 0.9 (lr 1e-3) and Adam (lr 1e-3). Scores are steps per second; each step reads and writes
 * the parameters and the state (momentum buffer; Adam's two moments), so it is bound by memory
 * bandwidth. Run: {@code java -jar sgd4j-bench/target/benchmarks.jar OptimizerBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OptimizerBenchmark {
  @Param({"sgd_momentum", "adam"})
  public String optimizer;

  private Optimizer opt;
  private Tensor param;

  @Setup
  public void setup() {
    int n = 1 << 20;
    Rng rng = new Rng(1);
    float[] p = new float[n];
    float[] g = new float[n];
    for (int i = 0; i < n; i++) {
      p[i] = (float) rng.nextGaussian();
      g[i] = (float) rng.nextGaussian() * 1e-3f;
    }
    param = Tensor.wrap(p, n).requiresGrad_(true);
    param.setGrad(Tensor.wrap(g, n));
    opt = optimizer.equals("adam")
        ? new Adam(List.of(param), Adam.options().withLr(1e-3))
        : new SGD(List.of(param), SGD.options().withLr(1e-3).withMomentum(0.9));
  }

  @Benchmark
  public Tensor step() {
    opt.step();
    return param;
  }
}
