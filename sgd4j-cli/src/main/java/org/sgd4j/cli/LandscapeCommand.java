package org.sgd4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sgd4j.data.DatasetRegistry;
import org.sgd4j.data.Split;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.io.SafeTensors;
import org.sgd4j.lab.landscape.DatasetLoss;
import org.sgd4j.lab.landscape.LandscapeReport;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.nn.loss.MSELoss;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sgd4j landscape}: the loss landscape around trained weights (a safetensors file, e.g. from
 * {@code sgd4j train --save}): 1-D and 2-D slices along filter-normalised random directions, train
 * and test loss, and the linear interpolation from the initial weights (rebuilt from the training
 * run's {@code --seed}, or read from {@code --initial}).
 */
@Command(name = "landscape", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Loss landscape of trained weights: 1-D/2-D slices (filter normalization) and interpolation.")
final class LandscapeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--weights", required = true, description = "trained weights (safetensors), e.g. OUT/model.safetensors")
  Path weights;

  @Option(names = "--model", defaultValue = "mlp", description = "the model the weights belong to: "
      + "mlp, lenet, cifar-net, linear, logistic or a layer spec, as sgd4j train --model (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "as sgd4j train --dataset "
      + "(default: ${DEFAULT-VALUE})")
  String dataset;

  @Option(names = "--data-dir", description = "look for the dataset here first")
  Path dataDir;

  @Option(names = "--no-download", description = "never download a missing dataset")
  boolean noDownload;

  @Option(names = "--train-limit", defaultValue = "1000", description = "training examples for the loss (default: ${DEFAULT-VALUE})")
  int trainLimit;

  @Option(names = "--test-limit", defaultValue = "1000", description = "test examples for the loss (default: ${DEFAULT-VALUE})")
  int testLimit;

  @Option(names = "--initial", description = "initial weights (safetensors); default: rebuilt from --init-seed")
  Path initial;

  @Option(names = "--init-seed", defaultValue = "0", description = "the --seed of the training run, to rebuild its "
      + "initial weights (default: ${DEFAULT-VALUE})")
  long initSeed;

  @Option(names = "--range", defaultValue = "1", description = "α, β in [-RANGE, RANGE] (default: ${DEFAULT-VALUE})")
  double range;

  @Option(names = "--points", defaultValue = "21", description = "points of the 1-D curve (default: ${DEFAULT-VALUE})")
  int points;

  @Option(names = "--grid", defaultValue = "11", description = "points per axis of the 2-D grid, 0 = none "
      + "(default: ${DEFAULT-VALUE})")
  int grid;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the random directions (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", defaultValue = "landscape", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Mixin VerboseOption verbosity;

  @Override
  public Integer call() throws Exception {
    if (trainLimit < 1 || testLimit < 0) {
      throw new UserError("--train-limit must be >= 1 and --test-limit >= 0, got " + trainLimit + ", " + testLimit);
    }
    for (Path f : initial == null ? List.of(weights) : List.of(weights, initial)) {
      if (!java.nio.file.Files.isRegularFile(f)) {
        throw new UserError("no such weights file: " + f);
      }
    }
    DatasetRegistry registry = DatasetRegistry.standard().withDataDir(dataDir).withDownload(!noDownload);
    TensorDataset train = head(registry.load(dataset, Split.TRAIN), trainLimit);
    TensorDataset test = null;
    if (testLimit > 0) {
      try {
        test = head(registry.load(dataset, Split.TEST), testLimit);
      } catch (IllegalArgumentException | UnsupportedOperationException noTestSplit) {
        test = null;
      }
    }
    TrainCommand.Task task = TrainCommand.Task.of(train, test);
    train = task.targets(train);
    test = task.targets(test);
    Module net = Models.create(model, train.xShape(), task.outputs(), task.regression(), new Rng(initSeed));
    List<Tensor> init = new ArrayList<>();
    if (initial != null) {
      load(net, initial, "--initial");
    }
    for (Tensor p : net.parameters()) {
      init.add(p.detach().clone());
    }
    load(net, weights, "--weights");
    Loss loss = task.regression() ? new MSELoss() : new CrossEntropyLoss();
    DatasetLoss trainLoss = new DatasetLoss(train, loss, 500);
    DatasetLoss testLoss = test == null ? null : new DatasetLoss(test, loss, 500);
    LandscapeReport.Line line = LandscapeReport.write(net, trainLoss, testLoss, init,
        new LandscapeReport.Settings(range, points, grid, seed), out);
    PrintWriter o = spec.commandLine().getOut();
    o.printf(Locale.ROOT, "%8s %12s%s%n", "alpha", "train_loss", test != null ? "    test_loss" : "");
    for (int i = 0; i < line.alphas().length; i++) {
      o.printf(Locale.ROOT, "%8.3f %12.6f%s%n", line.alphas()[i], line.losses()[0][i],
          test != null ? String.format(Locale.ROOT, " %12.6f", line.losses()[1][i]) : "");
    }
    o.printf(Locale.ROOT, "minimum of the training loss at alpha = %.3f%n", line.argmin());
    o.println("wrote " + out.resolve("index.html"));
    o.flush();
    return 0;
  }

  private void load(Module net, Path file, String flag) throws java.io.IOException {
    Map<String, Tensor> tensors = SafeTensors.read(file).tensors();
    try {
      net.loadStateDict(tensors, true);
    } catch (IllegalArgumentException e) {
      throw new UserError(flag + " " + file + " does not fit model " + model + " on " + dataset + ": "
          + e.getMessage().replace(":\n\t", ": ").replace("\n\t", "; "), e);
    }
  }

  private static TensorDataset head(TensorDataset d, int n) {
    return n >= d.size() ? d : new TensorDataset(d.x().narrow(0, 0, n), d.y().narrow(0, 0, n));
  }
}
