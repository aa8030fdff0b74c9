package org.sgd4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.sgd4j.data.DatasetRegistry;
import org.sgd4j.data.Split;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.lab.largebatch.LargeBatch;
import org.sgd4j.lab.largebatch.LargeBatchCurve;
import org.sgd4j.lab.largebatch.LargeBatchReport;
import org.sgd4j.lab.largebatch.LargeBatchRun;
import org.sgd4j.lab.largebatch.LargeBatchSettings;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.nn.loss.MSELoss;
import org.sgd4j.tensor.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sgd4j large-batch}: the linear scaling rule with linear warm-up (Goyal et al. 2017) and LARS
 * at the large batch, as loss-against-samples curves. Defaults: Fashion-MNIST, the notes' MLP, one
 * epoch per run, batch 16 (lr 0.00625 = Goyal et al.'s 0.1·16/256, momentum 0.9) against batch 256
 * (lr 0.1), warm-up over the
 * first 10% of the large-batch steps, LARS with γ = 2. Five runs of one epoch each take minutes.
 */
@Command(name = "large-batch", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Large batches: linear scaling rule, warm-up and LARS, as loss-vs-samples curves.")
final class LargeBatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "as sgd4j train --dataset "
      + "(default: ${DEFAULT-VALUE})")
  String dataset;

  @Option(names = "--data-dir", description = "look for the dataset here first")
  Path dataDir;

  @Option(names = "--no-download", description = "never download a missing dataset")
  boolean noDownload;

  @Option(names = "--model", defaultValue = "mlp", description = "mlp, lenet, linear, logistic (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--train-limit", description = "use only the first N training examples")
  Integer trainLimit;

  @Option(names = "--eval-size", defaultValue = "2000", description = "training examples the loss is measured on "
      + "(default: ${DEFAULT-VALUE})")
  int evalSize;

  @Option(names = "--test-limit", defaultValue = "10000", description = "test examples for the final accuracy, 0 = none "
      + "(default: ${DEFAULT-VALUE})")
  int testLimit;

  @Option(names = "--samples", defaultValue = "60000", description = "training samples per run (default: ${DEFAULT-VALUE})")
  long samples;

  @Option(names = "--eval-every", defaultValue = "4096", description = "samples between loss records (default: ${DEFAULT-VALUE})")
  long evalEvery;

  @Option(names = "--small-batch", defaultValue = "16", description = "reference batch size (default: ${DEFAULT-VALUE})")
  int smallBatch;

  @Option(names = "--large-batch", defaultValue = "256", description = "large batch size (default: ${DEFAULT-VALUE})")
  int largeBatch;

  @Option(names = "--lr", defaultValue = "0.00625", description = "lr at the small batch (default: ${DEFAULT-VALUE}, "
      + "Goyal et al.'s 0.1 per 256 examples)")
  double lr;

  @Option(names = "--momentum", defaultValue = "0.9", description = "momentum (default: ${DEFAULT-VALUE})")
  double momentum;

  @Option(names = "--warmup", defaultValue = "0.1", description = "fraction of the large-batch steps spent warming up "
      + "(default: ${DEFAULT-VALUE})")
  double warmup;

  @Option(names = "--lars-lr", defaultValue = "2", description = "LARS global lr (default: ${DEFAULT-VALUE})")
  double larsLr;

  @Option(names = "--seed", defaultValue = "0", description = "seed of the model and the shuffling (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", defaultValue = "large-batch", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Mixin VerboseOption verbosity;

  @Override
  public Integer call() throws Exception {
    if (evalSize < 1 || testLimit < 0 || (trainLimit != null && trainLimit < 1)) {
      throw new UserError("--eval-size and --train-limit must be >= 1 and --test-limit >= 0");
    }
    LargeBatchSettings settings = new LargeBatchSettings(smallBatch, largeBatch, lr, momentum, warmup, larsLr, samples,
        evalEvery, seed);
    DatasetRegistry registry = DatasetRegistry.standard().withDataDir(dataDir).withDownload(!noDownload);
    TensorDataset train = head(registry.load(dataset, Split.TRAIN), trainLimit == null ? Integer.MAX_VALUE : trainLimit);
    TensorDataset test = null;
    if (testLimit > 0) {
      try {
        test = head(registry.load(dataset, Split.TEST), testLimit);
      } catch (IllegalArgumentException | UnsupportedOperationException noTestSplit) {
        test = null;
      }
    }
    TrainCommand.Task task = TrainCommand.Task.of(train, test);
    TensorDataset tr = task.targets(train);
    TensorDataset te = task.targets(test);
    Supplier<Module> net = () -> Models.create(model, tr.xShape(), task.outputs(), task.regression(), new Rng(seed));
    net.get(); // reject a model that does not fit the data before any training
    Loss loss = task.regression() ? new MSELoss() : new CrossEntropyLoss();
    TensorDataset eval = head(tr, evalSize);
    PrintWriter o = spec.commandLine().getOut();
    List<LargeBatchCurve> curves = new ArrayList<>();
    for (LargeBatchRun run : settings.runs()) {
      LargeBatchCurve c = LargeBatch.train(net, loss, tr, eval, task.regression() ? null : te, run, samples, evalEvery,
          seed);
      curves.add(c);
      o.printf(Locale.ROOT, "%-52s final loss %s  test accuracy %s%n", run.name(),
          c.divergedAtStep() >= 0 ? "diverged at step " + c.divergedAtStep() : String.format(Locale.ROOT, "%.4f",
              c.finalLoss()), Double.isNaN(c.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.4f", c.testAccuracy()));
      o.flush();
    }
    LargeBatchReport.write(curves, dataset + ", " + tr.size() + " training examples", out);
    o.println("wrote " + out.resolve("index.html"));
    o.flush();
    return 0;
  }

  private static TensorDataset head(TensorDataset d, int n) {
    return n >= d.size() ? d : new TensorDataset(d.x().narrow(0, 0, n), d.y().narrow(0, 0, n));
  }
}
