package org.sgd4j.lab.landscape;

import java.util.Objects;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;

/**
 * The mean loss of a model over a whole dataset, L(w) = (1/n) Σ_i ℓ(f_w(x_i), y_i), evaluated in
 * eval mode without gradients, in batches (the loss must use the mean reduction; each batch's mean
 * is weighted by its size).
 */
public final class DatasetLoss {
  private final TensorDataset data;
  private final Loss loss;
  private final int batchSize;

  /** The loss {@code loss} over {@code data}, {@code batchSize} examples at a time. */
  public DatasetLoss(TensorDataset data, Loss loss, int batchSize) {
    this.data = Objects.requireNonNull(data, "data");
    this.loss = Objects.requireNonNull(loss, "loss");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    this.batchSize = batchSize;
  }

  /** L at the model's current weights. */
  public double of(Module model) {
    boolean training = model.isTraining();
    model.eval();
    double sum = 0;
    int n = data.size();
    try (var s = GradMode.noGrad()) {
      for (int i = 0; i < n; i += batchSize) {
        int b = Math.min(batchSize, n - i);
        Tensor out = model.forward(data.x().narrow(0, i, b));
        sum += (double) loss.apply(out, data.y().narrow(0, i, b)).item() * b;
      }
    } finally {
      model.train(training);
    }
    return sum / n;
  }
}
