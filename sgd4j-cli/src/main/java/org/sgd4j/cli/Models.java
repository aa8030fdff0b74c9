package org.sgd4j.cli;

import java.util.Arrays;
import java.util.List;
import org.sgd4j.nn.Conv2d;
import org.sgd4j.nn.ConvOptions;
import org.sgd4j.nn.Flatten;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.MaxPool2d;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.ReLU;
import org.sgd4j.nn.Sequential;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * The models of {@code sgd4j train --model}, built for the dataset's input shape and number of
 * outputs ({@code classes}, or 1 for regression, whose output is squeezed to {@code (N)}):
 * <ul>
 *   <li>{@code mlp}: the notes' network, Flatten → Linear(d, 512) → ReLU → Linear(512, 512) → ReLU
 *       → Linear(512, k) (the PyTorch quickstart's NeuralNetwork);</li>
 *   <li>{@code lenet}: LeNet-5 with ReLU and max pooling (d2l.ai §7.6): Conv2d(c, 6, 5, padding 2)
 *       → ReLU → MaxPool2d(2) → Conv2d(6, 16, 5) → ReLU → MaxPool2d(2) → Flatten → Linear(·, 120)
 *       → ReLU → Linear(120, 84) → ReLU → Linear(84, k), for (C, H, W) images;</li>
 *   <li>{@code linear}: Flatten → Linear(d, k), linear regression (k = 1, MSE) or linear
 *       classifier;</li>
 *   <li>{@code logistic}: Flatten → Linear(d, k) with the cross-entropy: multinomial logistic
 *       (softmax) regression; it needs class labels.</li>
 * </ul>
 * Parameter names are PyTorch's for the same {@code nn.Sequential} (e.g. {@code 1.weight}), so
 * {@code --init} can load weights saved from PyTorch.
 */
final class Models {
  static final List<String> NAMES = List.of("mlp", "lenet", "linear", "logistic");

  private Models() {}

  /**
   * About the bytes of model {@code name}'s weights, gradients and optimizer state (4 float32 copies
   * of the largest layers), to refuse a model that cannot fit before allocating it.
   */
  static long bytes(String name, int[] xShape, int outputs) {
    long d = 1;
    for (int s : xShape) {
      d = Memory.times(d, s);
    }
    long params = switch (name) {
      case "mlp" -> Memory.times(d + 1, 512) + 513L * 512 + Memory.times(513, outputs);
      case "lenet" -> Memory.times(85, outputs) + 61_000L + Memory.times(d, 16);
      default -> Memory.times(d + 1, outputs);
    };
    return Memory.times(params, 16);
  }

  /** The model {@code name} for inputs of shape {@code xShape} and {@code outputs} outputs. */
  static Module create(String name, int[] xShape, int outputs, boolean regression, Rng rng) {
    int d = Arrays.stream(xShape).reduce(1, (a, b) -> a * b);
    Module m;
    switch (name) {
      case "mlp":
        m = new Sequential(new Flatten(), new Linear(d, 512, rng), new ReLU(), new Linear(512, 512, rng), new ReLU(),
            new Linear(512, outputs, rng));
        break;
      case "linear":
        m = new Sequential(new Flatten(), new Linear(d, outputs, rng));
        break;
      case "logistic":
        if (regression) {
          throw new UserError("model logistic needs class labels, but the dataset's targets are real numbers"
              + " (use --model linear for regression)");
        }
        m = new Sequential(new Flatten(), new Linear(d, outputs, rng));
        break;
      case "lenet":
        m = lenet(xShape, outputs, rng);
        break;
      default:
        throw new UserError("unknown model '" + name + "'; known: " + String.join(", ", NAMES));
    }
    return regression ? new Sequential(m, new SqueezeOutput()) : m;
  }

  private static Module lenet(int[] xShape, int outputs, Rng rng) {
    if (xShape.length != 3 || xShape[1] < 12 || xShape[2] < 12) {
      throw new UserError("model lenet needs images of shape (C, H, W) with H, W >= 12, but the dataset's inputs have"
          + " shape " + Arrays.toString(xShape));
    }
    int h = (xShape[1] / 2 - 4) / 2;
    int w = (xShape[2] / 2 - 4) / 2;
    return new Sequential(new Conv2d(ConvOptions.builder(xShape[0], 6, 5).padding(2).build(), rng), new ReLU(),
        new MaxPool2d(2), new Conv2d(6, 16, 5, rng), new ReLU(), new MaxPool2d(2), new Flatten(),
        new Linear(16 * h * w, 120, rng), new ReLU(), new Linear(120, 84, rng), new ReLU(),
        new Linear(84, outputs, rng));
  }

  /** (N, 1) → (N): a regression model's output shaped like its targets. */
  static final class SqueezeOutput extends Module {
    @Override
    public Tensor forward(Tensor input) {
      return input.reshape(input.size(0));
    }
  }
}
