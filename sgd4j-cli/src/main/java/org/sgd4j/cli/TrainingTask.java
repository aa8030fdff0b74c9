package org.sgd4j.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeSet;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.tensor.Tensor;

/**
 * What {@code sgd4j train} learns, stated rather than guessed from the targets: classification into
 * {@code outputs} classes (cross-entropy) or regression onto one real number (mean squared error).
 * The task comes from {@code --task classify|regress}, else from the dataset's declared kind (the
 * image datasets and {@code synthetic:logistic|separable|noisy} classify, {@code airfoil} and
 * {@code synthetic:linear} regress, a LIBSVM file classifies); a CSV file declares none, so it needs
 * the flag.
 *
 * <p>Class labels are the pair −1/+1 (LIBSVM's binary labels, read as classes 0 and 1) or the
 * integers 0..k−1 (1..k is accepted too, class 0 then has no example). Any other label is an error
 * naming the file, line and value: one stray {@code 200} in a ±1 file neither turns the run into a
 * regression nor makes a 201-class model.
 *
 * @param regression true for regression (one output, MSE)
 * @param outputs the number of classes, or 1
 * @param plusMinusOne labels −1/+1, trained as classes 0/1
 */
record TrainingTask(boolean regression, int outputs, boolean plusMinusOne) {
  /** The flag's values. */
  static final String CLASSIFY = "classify";
  static final String REGRESS = "regress";

  /** The most classes a classifier may have (the output layer's width). */
  static final int MAX_CLASSES = 100_000;

  /** {@code classify}, {@code regress}, or null when neither the flag nor the dataset says. */
  static String declared(String flag, String dataset) {
    if (flag != null) {
      if (!flag.equals(CLASSIFY) && !flag.equals(REGRESS)) {
        throw new UsageError("--task must be classify or regress, got '" + flag + "'");
      }
      return flag;
    }
    if (dataset.equals("airfoil") || dataset.equals("synthetic:linear")) {
      return REGRESS;
    }
    if (dataset.startsWith("csv:")) {
      return null;
    }
    return CLASSIFY;
  }

  /**
   * The task for the given data, its labels checked ({@code trainFile}/{@code testFile} name where a
   * bad label is, with the line found by {@link RowLines}; null for the built-in datasets, whose
   * examples are then named by index).
   */
  static TrainingTask of(String task, String dataset, TensorDataset train, Source trainSource, TensorDataset test,
      Source testSource) {
    if (train.yShape().length != 0) {
      throw new UserError("targets of shape " + Arrays.toString(train.yShape())
          + " per example are not supported: sgd4j train needs one class label or one real number per example");
    }
    if (task == null) {
      throw new UsageError(dataset + " does not declare whether it is a classification or a regression: add --task"
          + " classify or --task regress");
    }
    if (task.equals(REGRESS)) {
      return new TrainingTask(true, 1, false);
    }
    float[] y = train.y().toArray();
    boolean pm = false;
    TreeSet<Float> distinct = new TreeSet<>();
    for (float v : y) {
      pm |= v == -1;
      distinct.add(v);
    }
    int classes = pm ? 2 : countClasses(distinct);
    check(y, pm, classes, trainSource);
    if (test != null) {
      check(test.y().toArray(), pm, classes, testSource);
    }
    return new TrainingTask(false, classes, pm);
  }

  /** k: the largest label + 1 when the labels are (about) 0..k-1; else the number of distinct labels. */
  private static int countClasses(TreeSet<Float> distinct) {
    float max = distinct.last();
    int n = distinct.size();
    // 0..k-1, or 1..k (k + 1 outputs, class 0 unused); beyond that the largest label is a stray one
    return max >= 0 && max == Math.rint(max) && max <= n ? (int) max + 1 : Math.max(2, n);
  }

  private static void check(float[] y, boolean pm, int classes, Source source) {
    for (int i = 0; i < y.length; i++) {
      float v = y[i];
      boolean ok = pm ? v == -1 || v == 1 : v >= 0 && v == Math.rint(v) && v < classes;
      if (!ok) {
        String expected = pm ? "-1 or +1 (the labels of the other examples)"
            : "a class 0.." + (classes - 1) + (source.declaredClasses() > 0 ? " of " + source.name()
                : " (the other examples' labels)");
        throw new UserError(source.where(i) + ": label " + plain(v) + " is not " + expected
            + "; class labels are -1/+1 or 0..k-1" + (source.declaredClasses() > 0 ? ""
                : " (for real-valued targets use --task regress)"));
      }
    }
    if (classes > MAX_CLASSES) {
      throw new UserError(source.name() + ": " + classes + " classes, more than the " + MAX_CLASSES + " sgd4j train"
          + " supports");
    }
  }

  /**
   * The task of {@code dataset} as it declares it, labels checked: for the commands without a
   * {@code --task} flag ({@code landscape}, {@code large-batch}).
   */
  static TrainingTask forDataset(String dataset, org.sgd4j.data.DatasetRegistry registry, TensorDataset train,
      TensorDataset test) {
    String task = declared(null, dataset);
    if (task == null) {
      throw new UserError(dataset + " does not declare whether it is a classification or a regression (sgd4j train"
          + " --task says it)");
    }
    Source trainSource = source(dataset, registry, org.sgd4j.data.Split.TRAIN);
    Source testSource = test == null ? null : source(dataset, registry, org.sgd4j.data.Split.TEST);
    DataChecks.check(train, trainSource, task.equals(REGRESS));
    if (test != null) {
      DataChecks.check(test, testSource, task.equals(REGRESS));
    }
    int classes = declaredClasses(dataset);
    return classes > 0 ? declaredClassification(classes, train, trainSource, test, testSource)
        : of(task, dataset, train, trainSource, test, testSource);
  }

  /** Where the examples of {@code split} come from. */
  static Source source(String dataset, org.sgd4j.data.DatasetRegistry registry, org.sgd4j.data.Split split) {
    Path file = registry.file(dataset, split);
    return new Source(file != null ? file.toString() : dataset, file, dataset.startsWith("csv:"),
        declaredClasses(dataset));
  }

  /** The classes of a built-in dataset (the labels are checked against them), or 0. */
  static int declaredClasses(String dataset) {
    return switch (dataset) {
      case "fashion-mnist", "mnist", "cifar10" -> 10;
      default -> 0;
    };
  }

  /** A classification task with the classes a built-in dataset declares, its labels checked. */
  static TrainingTask declaredClassification(int classes, TensorDataset train, Source trainSource,
      TensorDataset test, Source testSource) {
    check(train.y().toArray(), false, classes, trainSource);
    if (test != null) {
      check(test.y().toArray(), false, classes, testSource);
    }
    return new TrainingTask(false, classes, false);
  }

  private static String plain(float v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
  }

  /**
   * Where the examples of a split come from, to name a bad one: a text file (line numbers) or a
   * dataset by name (example index).
   *
   * @param name the dataset or file, for messages
   * @param file the LIBSVM or CSV file, or null
   * @param csv whether {@code file} is CSV (a header line may precede the rows)
   * @param declaredClasses the classes the dataset declares, or 0
   */
  record Source(String name, Path file, boolean csv, int declaredClasses) {
    /** "FILE:LINE" of example {@code i}, or "NAME example I". */
    String where(int i) {
      if (file != null) {
        long line = RowLines.lineOf(file, i, csv);
        return line > 0 ? file + ":" + line : file + " example " + (i + 1);
      }
      return name + " example " + (i + 1);
    }
  }

  /** The dataset with -1 read as class 0 when the labels are ±1; else unchanged. */
  TensorDataset targets(TensorDataset d) {
    if (d == null || !plusMinusOne) {
      return d;
    }
    float[] y = d.y().toArray();
    for (int i = 0; i < y.length; i++) {
      y[i] = y[i] > 0 ? 1 : 0;
    }
    return new TensorDataset(d.x(), Tensor.wrap(y, y.length));
  }
}
