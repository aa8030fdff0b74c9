package org.sgd4j.cli;

import java.util.Arrays;
import java.util.List;
import org.sgd4j.nn.LayerSpec;
import org.sgd4j.nn.LayerSpecException;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.Sequential;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * The models of {@code sgd4j train --model}, built for the dataset's input shape and number of
 * outputs ({@code classes}, or 1 for a loss on one number per example, whose output is squeezed to
 * {@code (N)}). Each named model is a {@link LayerSpec}, so a user can write any other one in the
 * same form:
 * <ul>
 *   <li>{@code mlp}: the notes' network, {@code flatten linear(512) relu linear(512) relu linear(k)}
 *       (the PyTorch quickstart's NeuralNetwork);</li>
 *   <li>{@code lenet}: LeNet-5 with ReLU and max pooling (d2l.ai §7.6), {@code conv2d(6,5,padding=2)
 *       relu maxpool2d(2) conv2d(16,5) relu maxpool2d(2) flatten linear(120) relu linear(84) relu
 *       linear(k)}, for (C, H, W) images;</li>
 *   <li>{@code cifar-net}: the notes' CIFAR-10 network (the PyTorch CIFAR-10 tutorial's Net, 62,006
 *       parameters), {@code conv2d(6,5) relu maxpool2d(2,2) conv2d(16,5) relu maxpool2d(2,2) flatten
 *       linear(120) relu linear(84) relu linear(10)}, for (3, 32, 32) images;</li>
 *   <li>{@code linear}: {@code flatten linear(k)}, linear regression (k = 1, MSE) or linear
 *       classifier;</li>
 *   <li>{@code logistic}: {@code flatten linear(k)} with the cross-entropy: multinomial logistic
 *       (softmax) regression; it needs class labels;</li>
 *   <li>a layer spec (anything with a space or a parenthesis), e.g. {@code "flatten linear(64) relu
 *       linear(10)"}: its last layer gives the outputs, which must fit the task.</li>
 * </ul>
 * Parameter names are PyTorch's for the same {@code nn.Sequential} (e.g. {@code 1.weight}), so
 * {@code --init} can load weights saved from PyTorch.
 */
final class Models {
  static final List<String> NAMES = List.of("mlp", "lenet", "cifar-net", "linear", "logistic");

  /** The notes' CIFAR-10 network, exactly (62,006 parameters on 3×32×32 images). */
  static final String CIFAR_NET = "conv2d(6,5) relu maxpool2d(2,2) conv2d(16,5) relu maxpool2d(2,2) flatten"
      + " linear(120) relu linear(84) relu linear(10)";

  private Models() {}

  /** Whether {@code model} is a known name or reads as a layer spec (checked before any data is loaded). */
  static void check(String model) {
    if (LayerSpec.looksLikeSpec(model)) {
      spec(model);
    } else if (!NAMES.contains(model)) {
      throw new UserError("unknown model '" + model + "'; known: " + String.join(", ", NAMES)
          + ", or a layer spec such as \"flatten linear(128) relu linear(10)\"");
    }
  }

  /** The layer spec of the model {@code name} with {@code outputs} outputs. */
  static LayerSpec specOf(String name, int outputs) {
    switch (name) {
      case "mlp":
        return LayerSpec.parse("flatten linear(512) relu linear(512) relu linear(" + outputs + ")");
      case "linear":
      case "logistic":
        return LayerSpec.parse("flatten linear(" + outputs + ")");
      case "lenet":
        return LayerSpec.parse("conv2d(6,5,padding=2) relu maxpool2d(2) conv2d(16,5) relu maxpool2d(2) flatten"
            + " linear(120) relu linear(84) relu linear(" + outputs + ")");
      case "cifar-net":
        return LayerSpec.parse(CIFAR_NET);
      default:
        check(name);
        return spec(name);
    }
  }

  /**
   * The model {@code name} (or layer spec) for inputs of shape {@code xShape} and {@code outputs}
   * outputs; {@code squeeze}: one number per example, the (N, 1) output reshaped to (N).
   */
  static Module create(String name, int[] xShape, int outputs, boolean squeeze, Rng rng) {
    if (name.equals("cifar-net") && !Arrays.equals(xShape, new int[] {3, 32, 32})) {
      throw new UserError("model cifar-net is the notes' CIFAR-10 network for images of shape [3, 32, 32], but the"
          + " dataset's inputs have shape " + Arrays.toString(xShape) + " (give a layer spec for other shapes)");
    }
    LayerSpec spec = specOf(name, outputs);
    String label = NAMES.contains(name) ? "model " + name : "--model";
    int[] out;
    long parameters;
    try {
      out = spec.outputShape(xShape);
      parameters = spec.parameterCount(xShape);
    } catch (LayerSpecException e) {
      throw new UserError(label + " on inputs of shape " + Arrays.toString(xShape) + ": " + e.getMessage());
    }
    checkOutputs(label, out, outputs, squeeze);
    long bytes = parameters * Float.BYTES * 4; // weights, gradients and up to two optimizer buffers
    if (bytes > Runtime.getRuntime().maxMemory() / 2) {
      throw new UserError(label + " has " + parameters + " parameters, too many for this JVM's memory ("
          + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; raise it with JAVA_OPTS=-Xmx...)");
    }
    Module m = spec.build(xShape, rng);
    return squeeze ? new Sequential(m, new SqueezeOutput()) : m;
  }

  private static void checkOutputs(String label, int[] out, int outputs, boolean squeeze) {
    String shape = Arrays.toString(out);
    if (squeeze && !(out.length == 1 && out[0] == 1)) {
      throw new UserError(label + " gives outputs of shape " + shape + " per example, but the loss needs one number"
          + " per example: end the spec with linear(1)");
    }
    if (!squeeze && !(out.length == 1 && out[0] >= outputs)) {
      throw new UserError(label + " gives outputs of shape " + shape + " per example, but the dataset has " + outputs
          + " classes: end the spec with linear(" + outputs + ")");
    }
  }

  private static LayerSpec spec(String text) {
    try {
      return LayerSpec.parse(text);
    } catch (LayerSpecException e) {
      throw new UserError("--model: " + e.getMessage());
    }
  }

  /** (N, 1) → (N): a regression model's output shaped like its targets. */
  static final class SqueezeOutput extends Module {
    @Override
    public Tensor forward(Tensor input) {
      return input.reshape(input.size(0));
    }
  }
}
