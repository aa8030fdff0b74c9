package org.sgd4j.bench;

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
import org.sgd4j.nn.functional.Activations;
import org.sgd4j.nn.functional.Convolution;
import org.sgd4j.nn.functional.Pooling;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * Conv2d forward and forward + backward (input, weight and bias gradients) for the two convolutions
 * of the notes' CIFAR-10 LeNet: {@code conv1} = 3→6 channels, 5x5, padding 2 on 32x32 images, and
 * {@code conv2} = 6→16 channels, 5x5 on 16x16 maps, at batch 4 and 64, on 1 and 2 threads; also
 * forward + backward of the weight and bias gradients only (as LeNet's first layer, whose input is
 * data), and ReLU then 2x2 max pooling, forward + backward, on the layer's output. Scores are calls per
 * second. Run: {@code java -jar sgd4j-bench/target/benchmarks.jar ConvBenchmark
 * -jvmArgsAppend "--add-modules jdk.incubator.vector"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConvBenchmark {
  @Param({"conv1", "conv2"})
  public String layer;

  @Param({"4", "64"})
  public int batch;

  @Param({"1", "2"})
  public int threads;

  private Tensor x;
  private Tensor data;
  private Tensor w;
  private Tensor b;
  private Tensor y;
  private int padding;

  @Setup
  public void setup() {
    Parallel.setThreads(threads);
    Rng rng = new Rng(1);
    boolean first = layer.equals("conv1");
    int c = first ? 3 : 6;
    int o = first ? 6 : 16;
    int hw = first ? 32 : 16;
    padding = first ? 2 : 0;
    x = random(rng, batch, c, hw, hw).requiresGrad_(true);
    w = random(rng, o, c, 5, 5).requiresGrad_(true);
    b = random(rng, o).requiresGrad_(true);
    data = x.detach();
    y = conv().detach().requiresGrad_(true);
  }

  private static Tensor random(Rng rng, int... shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rng.nextGaussian();
    }
    return Tensor.wrap(v, shape);
  }

  private Tensor conv() {
    return Convolution.conv2d(x, w, b, new int[] {1, 1}, new int[] {padding, padding, padding, padding}, new int[] {1, 1}, 1);
  }

  @Benchmark
  public Tensor forward() {
    return conv().detach();
  }

  @Benchmark
  public Tensor forwardBackwardWeights() {
    w.setGrad(null);
    b.setGrad(null);
    Convolution.conv2d(data, w, b, new int[] {1, 1}, new int[] {padding, padding, padding, padding}, new int[] {1, 1}, 1)
        .sum().backward();
    return w.grad();
  }

  @Benchmark
  public Tensor reluMaxPool() {
    y.setGrad(null);
    int[] two = {2, 2};
    Pooling.maxPool2d(Activations.relu(y), two, two, new int[] {0, 0}, new int[] {1, 1}).sum().backward();
    return y.grad();
  }

  @Benchmark
  public Tensor forwardBackward() {
    x.setGrad(null);
    w.setGrad(null);
    b.setGrad(null);
    conv().sum().backward();
    return w.grad();
  }
}
