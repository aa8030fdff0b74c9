package org.sgd4j.optim.schedule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.sgd4j.optim.Optimizer;

/**
 * Each group's lr is its base lr times a function of the epoch, as
 * {@code torch.optim.lr_scheduler.LambdaLR}: {@code η_t = η₀ · λ(t)}. The functions are code, so
 * they are not part of the state dict (PyTorch does not save plain functions either).
 */
public final class LambdaLR extends LrScheduler {
  private final List<IntToDoubleFunction> lambdas;

  /** One function for every group. */
  public LambdaLR(Optimizer<?> optimizer, IntToDoubleFunction lambda) {
    this(optimizer, Collections.nCopies(optimizer.paramGroups().size(), lambda));
  }

  /** One function per group, in group order. */
  public LambdaLR(Optimizer<?> optimizer, List<IntToDoubleFunction> lambdas) {
    super(optimizer);
    requireOnePerGroup(lambdas.size(), "lr_lambdas");
    this.lambdas = new ArrayList<>(lambdas);
    initialStep();
  }

  @Override
  protected double[] chainableLr() {
    double[] lrs = new double[baseLrs.length];
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] = baseLrs[i] * lambdas.get(i).applyAsDouble(lastEpoch);
    }
    return lrs;
  }
}
