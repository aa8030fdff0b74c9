package org.sgd4j.train;

import org.sgd4j.data.Batch;
import org.sgd4j.data.DataLoader;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;

/**
 * The result of the test loop of the PyTorch quickstart: {@code avgLoss} is the mean of the
 * per-batch mean losses ({@code test_loss /= num_batches}), {@code accuracy} is
 * {@code correct / size}, where a prediction is the arg-max of the model's output row.
 *
 * @param avgLoss average loss over batches
 * @param correct examples whose arg-max prediction equals the target (0 when not a classification)
 * @param size examples evaluated
 * @param accuracy {@code correct / size}, or NaN when the output is not (N, C) logits for (N) targets
 */
public record Evaluation(double avgLoss, long correct, long size, double accuracy) {

  /**
   * The quickstart's test loop of {@code model} on {@code loader}: eval mode, no gradients, mean of
   * batch losses and arg-max accuracy. The model's mode is restored afterwards. The one test loop of
   * {@link Trainer#evaluate} and of loops of their own (the Spark back end's).
   */
  public static Evaluation of(Module model, Loss lossFn, DataLoader loader) {
    boolean wasTraining = model.isTraining();
    model.eval();
    double lossSum = 0;
    long correct = 0;
    long size = 0;
    int batches = 0;
    boolean classification = true;
    try (GradMode.Scope s = GradMode.noGrad()) {
      for (Batch b : loader) {
        Tensor out = model.forward(b.x());
        lossSum += lossFn.apply(out, b.y()).item();
        batches++;
        size += b.size();
        if (out.dim() == 2 && b.y().dim() == 1) {
          correct += (long) out.argmax(1, false).eq(b.y()).sum().item();
        } else {
          classification = false;
        }
      }
    } finally {
      model.train(wasTraining);
    }
    double avg = batches == 0 ? Double.NaN : lossSum / batches;
    double accuracy = classification && size > 0 ? (double) correct / size : Double.NaN;
    return new Evaluation(avg, classification ? correct : 0, size, accuracy);
  }
}
