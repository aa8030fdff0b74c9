package org.sgd4j.train;

import java.util.Iterator;
import org.sgd4j.data.Batch;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.Tensor;

/** One batch per step on the calling thread: the quickstart's {@code loss_fn(model(X), y)}, zero_grad, backward. */
final class LocalStep implements StepStrategy {
  private final Module model;
  private final Loss lossFn;
  private final Optimizer<?> optimizer;

  LocalStep(Module model, Loss lossFn, Optimizer<?> optimizer) {
    this.model = model;
    this.lossFn = lossFn;
    this.optimizer = optimizer;
  }

  @Override
  public Step next(Batch first, Iterator<Batch> more) {
    Tensor loss = lossFn.apply(model.forward(first.x()), first.y());
    double value = loss.item();
    if (Double.isFinite(value)) {
      Backward.overwriting(loss, model, optimizer);
    }
    return new Step(value, first.size());
  }

  @Override
  public int batchesPerStep() {
    return 1;
  }
}
