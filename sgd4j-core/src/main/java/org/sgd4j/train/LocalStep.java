package org.sgd4j.train;

import java.util.Iterator;
import java.util.List;
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
      backward(loss);
    }
    return new Step(value, first.size());
  }

  /**
   * {@code zero_grad()} (set to none) then {@code backward()}, without a new gradient tensor per step:
   * the gradients are zeroed in place and the pass adds into them, then a parameter the pass did not
   * reach is cleared, as setting to none would have left it (so the optimizer skips it). The
   * gradients have the bits of the set-to-none path except that a {@code -0.0} is stored as
   * {@code +0.0} ({@code 0 + x}).
   */
  private void backward(Tensor loss) {
    optimizer.zeroGrad(false);
    List<Tensor> params = optimizer.params();
    Tensor[] zeroed = new Tensor[params.size()];
    int[] versions = new int[params.size()];
    for (int i = 0; i < zeroed.length; i++) {
      zeroed[i] = params.get(i).grad();
      versions[i] = zeroed[i] == null ? 0 : zeroed[i].storage().version();
    }
    loss.backward();
    for (int i = 0; i < zeroed.length; i++) {
      Tensor p = params.get(i);
      if (zeroed[i] != null && p.grad() == zeroed[i] && zeroed[i].storage().version() == versions[i]) {
        p.setGrad(null);
      }
    }
  }

  @Override
  public int batchesPerStep() {
    return 1;
  }
}
