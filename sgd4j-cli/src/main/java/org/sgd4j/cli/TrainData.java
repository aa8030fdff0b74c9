package org.sgd4j.cli;

import java.io.IOException;
import org.sgd4j.data.DatasetRegistry;
import org.sgd4j.data.Split;
import org.sgd4j.data.TensorDataset;

/**
 * The data of {@code sgd4j train}, read and checked: the training split, the test split (the
 * dataset's own, a seeded held-out fraction, or none: never the training data), and the task with
 * its labels checked against the classes.
 *
 * @param train the training examples, targets as read (see {@link TrainingTask#targets})
 * @param test the test examples, or null when there is no test split
 * @param task classification or regression
 */
record TrainData(TensorDataset train, TensorDataset test, TrainingTask task) {
  /**
   * Reads {@code dataset}; {@code declaredTask} from {@link TrainingTask#declared}; the limits apply
   * after the split ({@code --train-limit}, {@code --test-limit}).
   */
  static TrainData load(DatasetRegistry registry, String dataset, String declaredTask, Double testFraction, long seed,
      Integer trainLimit, Integer testLimit) throws IOException {
    boolean regression = TrainingTask.REGRESS.equals(declaredTask);
    TensorDataset train = registry.load(dataset, Split.TRAIN);
    TrainingTask.Source trainSource = TrainingTask.source(dataset, registry, Split.TRAIN);
    DataChecks.check(train, trainSource, regression);
    TensorDataset test = null;
    TrainingTask.Source testSource = null;
    if (registry.hasTestSplit(dataset)) {
      if (testFraction != null) {
        throw new UsageError("--test-fraction holds out part of the training set, but " + dataset + " has a test"
            + " split of its own");
      }
      test = registry.load(dataset, Split.TEST);
      testSource = TrainingTask.source(dataset, registry, Split.TEST);
      DataChecks.check(test, testSource, regression);
    }
    int declaredClasses = TrainingTask.declaredClasses(dataset);
    TrainingTask task = declaredClasses > 0 && !regression
        ? TrainingTask.declaredClassification(declaredClasses, train, trainSource, test, testSource)
        : TrainingTask.of(declaredTask, dataset, train, trainSource, test, testSource);
    if (testFraction != null) {
      TensorDataset[] parts = HeldOut.split(train, testFraction, seed);
      train = parts[0];
      test = parts[1];
    }
    return new TrainData(limit(train, trainLimit), limit(test, testLimit), task);
  }

  private static TensorDataset limit(TensorDataset d, Integer n) {
    if (d == null || n == null || n >= d.size()) {
      return d;
    }
    return new TensorDataset(d.x().narrow(0, 0, n), d.y().narrow(0, 0, n));
  }
}
