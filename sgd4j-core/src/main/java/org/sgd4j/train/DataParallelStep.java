package org.sgd4j.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.sgd4j.data.Batch;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.train.parallel.DataParallel;

/**
 * M batches per step on M worker threads ({@link DataParallel}): batches k, ..., k+M−1 of the shared
 * order go to workers 0..M−1 and their gradients are averaged, one step with batch M·B. At the end of
 * an epoch the batches that are left make the last step, as a loader with batch M·B would.
 */
final class DataParallelStep implements StepStrategy {
  private final DataParallel parallel;
  private final int workers;

  /** Starts the M − 1 worker threads; the model must be in training mode (its forward pass is checked). */
  DataParallelStep(Module model, Loss lossFn, Optimizer<?> optimizer, int workers) {
    this.parallel = new DataParallel(model, lossFn, optimizer, workers);
    this.workers = workers;
  }

  @Override
  public Step next(Batch first, Iterator<Batch> more) {
    List<Batch> group = new ArrayList<>(List.of(first));
    while (group.size() < workers && more.hasNext()) {
      group.add(more.next());
    }
    DataParallel.StepResult r = parallel.computeGradients(group);
    return new Step(r.loss(), r.examples());
  }

  @Override
  public int batchesPerStep() {
    return workers;
  }

  @Override
  public void close() {
    parallel.close();
  }
}
