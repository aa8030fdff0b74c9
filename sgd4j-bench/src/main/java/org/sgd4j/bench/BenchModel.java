package org.sgd4j.bench;

import java.util.ArrayList;
import java.util.List;
import org.sgd4j.data.Batch;
import org.sgd4j.nn.Conv2d;
import org.sgd4j.nn.ConvOptions;
import org.sgd4j.nn.Flatten;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.MaxPool2d;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.ReLU;
import org.sgd4j.nn.Sequential;
import org.sgd4j.optim.Adam;
import org.sgd4j.optim.AdamW;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.optim.RMSprop;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * The notes' models as the throughput benchmarks train them: {@code mlp} = Flatten, Linear(784, 512),
 * ReLU, Linear(512, 512), ReLU, Linear(512, 10) on 1x28x28 inputs with SGD momentum 0.5 (the notes'
 * Fashion-MNIST script); {@code lenet} = LeNet-5 on 3x32x32 (d2l.ai §7.6, as
 * {@code sgd4j train --model lenet}) with SGD momentum 0.9 (PyTorch's CIFAR-10 tutorial).
 *
 * @param net the model, initialised from the given generator
 * @param inputShape the shape of one batch of inputs
 * @param momentum the SGD momentum the notes use with it
 */
record BenchModel(Module net, int[] inputShape, double momentum) {

  /** The model named {@code name} ("mlp" or "lenet") for batches of {@code batch}. */
  static BenchModel of(String name, int batch, Rng rng) {
    switch (name) {
      case "mlp":
        return new BenchModel(new Sequential(new Flatten(), new Linear(784, 512, rng), new ReLU(),
            new Linear(512, 512, rng), new ReLU(), new Linear(512, 10, rng)), new int[] {batch, 1, 28, 28}, 0.5);
      case "lenet":
        return new BenchModel(new Sequential(new Conv2d(ConvOptions.builder(3, 6, 5).padding(2).build(), rng),
            new ReLU(), new MaxPool2d(2), new Conv2d(6, 16, 5, rng), new ReLU(), new MaxPool2d(2), new Flatten(),
            new Linear(16 * 6 * 6, 120, rng), new ReLU(), new Linear(120, 84, rng), new ReLU(),
            new Linear(84, 10, rng)), new int[] {batch, 3, 32, 32}, 0.9);
      default:
        throw new IllegalArgumentException("unknown model " + name + " (mlp or lenet)");
    }
  }

  /**
   * The optimizer the benchmarks train with: {@code sgd} = SGD lr 1e-3 with {@link #momentum},
   * {@code adam} = Adam lr 1e-3, {@code adamw} = AdamW lr 1e-3 (weight decay 0.01, PyTorch's default),
   * {@code rmsprop} = RMSprop lr 1e-3.
   *
   * @throws IllegalArgumentException for another name
   */
  Optimizer<?> optimizer(String name, List<Tensor> params) {
    switch (name) {
      case "sgd":
        return new SGD(params, SGD.options().withLr(1e-3).withMomentum(momentum));
      case "adam":
        return new Adam(params, Adam.options().withLr(1e-3));
      case "adamw":
        return new AdamW(params, AdamW.options().withLr(1e-3));
      case "rmsprop":
        return new RMSprop(params, RMSprop.options().withLr(1e-3));
      default:
        throw new IllegalArgumentException("unknown optimizer " + name + " (sgd, adam, adamw or rmsprop)");
    }
  }

  /**
   * {@code count} pre-made random batches (inputs and labels, drawn in turn from {@code rng}), so that
   * data loading is not measured.
   */
  Batches randomBatches(int count, Rng rng) {
    int batch = inputShape[0];
    Tensor[] xs = new Tensor[count];
    int[][] ys = new int[count][];
    for (int b = 0; b < count; b++) {
      xs[b] = randomInputs(rng);
      ys[b] = randomLabels(rng, batch);
    }
    return new Batches(xs, ys);
  }

  /** Batch {@code i} is {@code inputs[i]} with the class labels {@code labels[i]}. */
  record Batches(Tensor[] inputs, int[][] labels) {
    /** The same batches as the data module's {@link Batch}es (labels as floats), as data-parallel steps take them. */
    Batch[] asBatches() {
      Batch[] out = new Batch[inputs.length];
      for (int b = 0; b < out.length; b++) {
        float[] y = new float[labels[b].length];
        for (int i = 0; i < y.length; i++) {
          y[i] = labels[b][i];
        }
        out[b] = new Batch(inputs[b], Tensor.wrap(y, y.length), new int[y.length]);
      }
      return out;
    }
  }

  /** The {@code workers} batches of one data-parallel step, from {@code next} on, cycling through the pool. */
  static List<Batch> group(Batch[] batches, int next, int workers) {
    List<Batch> g = new ArrayList<>(workers);
    for (int m = 0; m < workers; m++) {
      g.add(batches[(next + m) % batches.length]);
    }
    return g;
  }

  /** One batch of standard normal inputs of {@link #inputShape}. */
  Tensor randomInputs(Rng rng) {
    float[] x = new float[Shape.numel(inputShape)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    return Tensor.wrap(x, inputShape.clone());
  }

  /** {@code batch} class labels drawn uniformly from 0 to 9. */
  static int[] randomLabels(Rng rng, int batch) {
    int[] y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = (int) Math.floorMod(rng.nextLong(), 10L);
    }
    return y;
  }
}
