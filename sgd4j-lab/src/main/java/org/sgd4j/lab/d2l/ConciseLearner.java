package org.sgd4j.lab.d2l;

import java.util.List;
import java.util.function.Function;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.loss.MSELoss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;

/**
 * The chapter's {@code train_concise_ch11} model: {@code Linear(5, 1)} trained by one of sgd4j's
 * torch.optim-exact optimizers on {@code MSELoss}, the mean of (ŷ − y)² over the mini-batch. As in the
 * chapter, the gradient is that of the mean squared error, without the ½ that the reported loss
 * ({@link #loss}) carries.
 */
public final class ConciseLearner implements Learner {
  private final Linear linear;
  private final Optimizer<?> optimizer;
  private final MSELoss mse = new MSELoss();

  /** A learner over {@code linear} with the optimizer {@code optimizer} makes for its parameters. */
  public ConciseLearner(Linear linear, Function<List<Tensor>, Optimizer<?>> optimizer) {
    this.linear = linear;
    this.optimizer = optimizer.apply(linear.parameters());
  }

  @Override
  public void step(Tensor x, Tensor y) {
    optimizer.zeroGrad();
    mse.apply(linear.forward(x), y).backward();
    optimizer.step();
  }

  @Override
  public Tensor predict(Tensor x) {
    try (var scope = GradMode.noGrad()) {
      return linear.forward(x);
    }
  }

  @Override
  public float[] parameters() {
    float[] p = new float[AirfoilProblem.FEATURES + 1];
    System.arraycopy(linear.weight().toArray(), 0, p, 0, AirfoilProblem.FEATURES);
    p[AirfoilProblem.FEATURES] = linear.bias().item();
    return p;
  }
}
