package org.sgd4j.lab.d2l;

import java.util.ArrayList;
import java.util.List;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Rng;

/**
 * The chapter's training loop ({@code train_ch11} / {@code train_concise_ch11}): {@code epochs} passes
 * over the rows in the given order, one update per mini-batch of {@code batchSize} rows; every time the
 * examples seen reach a multiple of {@value #RECORD_EVERY} the clock stops, the loss over all rows is
 * recorded, and the clock starts again. Two clocks: the wall clock, as the chapter's {@code d2l.Timer},
 * and the CPU time of the training thread ({@link ThreadCpu}), which a loaded machine disturbs less. The
 * tensor kernels run on that thread alone ({@link Parallel#limitThisThread}: the problem is far too small
 * to gain from more, and the results do not depend on the thread count), so its CPU time is all the
 * kernels' work. A step observer is timed with the step (it is for tests, which do not read the clocks).
 */
public final class D2lRunner {
  /** Examples between two records. */
  public static final int RECORD_EVERY = 200;

  /** Called after every update with the number of updates so far; for checks step by step. */
  @FunctionalInterface
  public interface StepObserver {
    /** After update {@code step} (1-based). */
    void afterStep(long step, Learner learner);
  }

  private D2lRunner() {}

  /** One seed of {@code run}, as the chapter runs it: random initialisation and shuffling from Rng(seed). */
  public static RunResult run(D2lRun run, AirfoilProblem data, long seed) {
    Rng rng = new Rng(seed);
    Learner learner = run.learner(rng);
    return run(run, data, learner, ExampleOrder.shuffled(rng), seed, null);
  }

  /** {@code run} with the given learner and example order; {@code observer} may be null. */
  public static RunResult run(D2lRun run, AirfoilProblem data, Learner learner, ExampleOrder order, long seed,
      StepObserver observer) {
    int n = data.n();
    if (n % run.batchSize() != 0) {
      throw new IllegalArgumentException("run " + run.name() + ": batch size " + run.batchSize() + " does not divide "
          + n + " rows");
    }
    try (Parallel.Limit oneThread = Parallel.limitThisThread(1)) {
      return train(run, data, learner, order, seed, observer);
    }
  }

  private static RunResult train(D2lRun run, AirfoilProblem data, Learner learner, ExampleOrder order, long seed,
      StepObserver observer) {
    int n = data.n();
    List<RecordPoint> points = new ArrayList<>();
    long examples = 0;
    long steps = 0;
    long timed = 0;
    long cpuTimed = 0;
    long tick = System.nanoTime();
    long cpuTick = ThreadCpu.nanos();
    double cpuUnit = cpuTick >= 0 ? 1e-9 : Double.NaN; // NaN where the JVM does not measure CPU time
    for (int epoch = 0; epoch < run.epochs(); epoch++) {
      int[] rows = order.epoch(epoch, n);
      for (int from = 0; from < n; from += run.batchSize()) {
        learner.step(data.x(rows, from, run.batchSize()), data.y(rows, from, run.batchSize()));
        examples += run.batchSize();
        steps++;
        if (observer != null) {
          observer.afterStep(steps, learner);
        }
        if (examples % RECORD_EVERY == 0) {
          timed += System.nanoTime() - tick;
          cpuTimed += ThreadCpu.nanos() - cpuTick;
          double loss = learner.loss(data.x(), data.y());
          if (!Double.isFinite(loss)) {
            throw new ArithmeticException("run " + run.name() + " (seed " + seed + ") diverged: loss " + loss + " after "
                + examples + " examples");
          }
          points.add(new RecordPoint(examples, (double) examples / n, timed * 1e-9, cpuTimed * cpuUnit, loss,
              learner.parameters()));
          tick = System.nanoTime();
          cpuTick = ThreadCpu.nanos();
        }
      }
    }
    return new RunResult(run, seed, points, timed * 1e-9 / run.epochs(), cpuTimed * cpuUnit / run.epochs());
  }
}
