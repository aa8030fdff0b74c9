package org.sgd4j.lab.largebatch;

import java.util.List;
import org.sgd4j.optim.LARS;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.Tensor;

/**
 * One training run of the large-batch experiment.
 *
 * @param name the label of its curve
 * @param optimizer {@code sgd} (torch SGD with momentum) or {@code lars} (You et al. 2017)
 * @param batchSize the mini-batch size
 * @param lr the (peak) learning rate
 * @param momentum the momentum
 * @param warmupSteps steps of Goyal et al.'s linear warm-up from 0 to lr (0: none)
 */
public record LargeBatchRun(String name, String optimizer, int batchSize, double lr, double momentum, int warmupSteps) {
  /** Checks the values. */
  public LargeBatchRun {
    if (!optimizer.equals("sgd") && !optimizer.equals("lars")) {
      throw new IllegalArgumentException("unknown optimizer '" + optimizer + "'; known: sgd, lars");
    }
    if (batchSize < 1 || warmupSteps < 0) {
      throw new IllegalArgumentException("batch size must be >= 1 and warm-up steps >= 0, got " + batchSize + ", "
          + warmupSteps);
    }
    if (!(lr > 0)) {
      throw new IllegalArgumentException("Invalid learning rate: " + lr);
    }
  }

  /** The optimizer over {@code params}. */
  public Optimizer<?> create(List<Tensor> params) {
    return optimizer.equals("sgd") ? new SGD(params, SGD.options().withLr(lr).withMomentum(momentum))
        : new LARS(params, LARS.options().withLr(lr).withMomentum(momentum));
  }
}
