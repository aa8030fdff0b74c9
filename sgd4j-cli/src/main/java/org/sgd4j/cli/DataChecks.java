package org.sgd4j.cli;

import org.sgd4j.data.TensorDataset;

/**
 * Checks of a loaded dataset before a model sees it: it has examples, and every value is a finite
 * float32 (a decimal that overflows float32, such as {@code 1e39}, becomes infinite when read; it is
 * named by file and line here instead of being blamed later on the learning rate).
 */
final class DataChecks {
  private DataChecks() {}

  /** Refuses an empty dataset and (in a file) non-finite values, naming the example by {@code source}. */
  static void check(TensorDataset d, TrainingTask.Source source, boolean regression) {
    if (d.size() == 0) {
      throw new UserError(source.name() + " has no examples");
    }
    if (source.file() == null) {
      return; // the published datasets' pixels and the generators' values are finite by construction
    }
    int row = firstNonFinite(d.x().toArray(), d.size());
    if (row >= 0) {
      throw new UserError(source.where(row) + ": a feature value is beyond float32's range (|x| > 3.4e38) or not"
          + " finite");
    }
    if (regression && firstNonFinite(d.y().toArray(), d.size()) >= 0) {
      throw new UserError(source.where(firstNonFinite(d.y().toArray(), d.size())) + ": the target is beyond float32's"
          + " range (|y| > 3.4e38) or not finite");
    }
  }

  /** The example holding the first non-finite value of the row-major {@code values}, or -1. */
  private static int firstNonFinite(float[] values, int rows) {
    int perRow = rows == 0 ? 1 : Math.max(1, values.length / rows);
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        return i / perRow;
      }
    }
    return -1;
  }

  /** Refuses weights with a NaN or infinity, naming the file, tensor and index. */
  static void finiteWeights(org.sgd4j.nn.Module net, java.nio.file.Path file, String flag) {
    for (java.util.Map.Entry<String, org.sgd4j.tensor.Tensor> e : net.stateDict().entrySet()) {
      float[] v = e.getValue().toArray();
      for (int i = 0; i < v.length; i++) {
        if (!Float.isFinite(v[i])) {
          throw new UserError(flag + " " + file + ": tensor " + e.getKey() + " holds " + v[i] + " at index " + i
              + " (weights must be finite)");
        }
      }
    }
  }

}
