package org.sgd4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sgd4j.data.DatasetRegistry;
import org.sgd4j.lab.conditioning.Conditioning;
import org.sgd4j.lab.conditioning.ConditioningReport;
import org.sgd4j.lab.conditioning.ConditioningResult;
import org.sgd4j.lab.conditioning.Designs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sgd4j conditioning}: the condition number of XᵀX/n and the gradient-descent iterations to a
 * tolerance, before and after standardising, on airfoil and a LIBSVM set (default: the first 10,000
 * rows of ijcnn1) — the notes' "effects of data whitening" as a table and plots.
 */
@Command(name = "conditioning", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Condition numbers and GD iterations before and after standardising (airfoil, a LIBSVM set).")
final class ConditioningCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--airfoil", description = "directory of airfoil_self_noise.dat (default: the dataset airfoil,"
      + " found as sgd4j train finds it)")
  Path airfoil;

  @Option(names = "--libsvm", description = "a LIBSVM file, plain, .gz or .bz2 (default: ijcnn1.trn.bz2 of the dataset"
      + " " + DatasetRegistry.IJCNN1 + ", found as sgd4j train finds it)")
  Path libsvm;

  @Option(names = "--data-dir", description = "look for the datasets here first (DIR/<name> or DIR)")
  Path dataDir;

  @Option(names = "--no-download", description = "never download a missing dataset")
  boolean noDownload;

  @Option(names = "--libsvm-rows", defaultValue = "10000", description = "rows of the LIBSVM file to use, 0 = all "
      + "(default: ${DEFAULT-VALUE})")
  int libsvmRows;

  @Option(names = "--tol", defaultValue = "1e-6", description = "relative suboptimality to reach (default: ${DEFAULT-VALUE})")
  double tol;

  @Option(names = "--max-iterations", defaultValue = "1000000", description = "GD iteration cap (default: ${DEFAULT-VALUE})")
  long maxIterations;

  @Option(names = "--out", defaultValue = "conditioning", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Mixin VerboseOption verbosity;

  @Override
  public Integer call() throws Exception {
    // the one lookup of every command (DatasetRegistry): explicit flag, --data-dir, SGD4J_DATA, cache, download
    DatasetRegistry registry = DatasetRegistry.standard().withDataDir(dataDir).withDownload(!noDownload);
    Path a = airfoil != null ? airfoil : registry.locate("airfoil");
    if (!Files.exists(a.resolve("airfoil_self_noise.dat"))) {
      throw new UserError("--airfoil: no airfoil_self_noise.dat in " + a);
    }
    Path l = libsvm != null ? libsvm : registry.locate(DatasetRegistry.IJCNN1).resolve("ijcnn1.trn.bz2");
    if (!Files.isRegularFile(l)) {
      throw new UserError("--libsvm: no file " + l);
    }
    List<ConditioningResult> results = new ArrayList<>();
    results.addAll(Conditioning.compare(Designs.airfoil(a), tol, maxIterations));
    results.addAll(Conditioning.compare(Designs.libsvm(l, libsvmRows), tol, maxIterations));
    ConditioningReport.write(results, out);
    PrintWriter o = spec.commandLine().getOut();
    o.printf(Locale.ROOT, "%-10s %-13s %12s %5s %12s %12s %14s%n", "dataset", "scaling", "lambda_min", "rank", "lambda_max", "kappa",
        "GD iterations");
    for (ConditioningResult r : results) {
      o.printf(Locale.ROOT, "%-10s %-13s %12.4g %5d %12.4g %12.4g %14s%n", r.dataset(), r.scaling(), r.lambdaMin(), r.rank(),
          r.lambdaMax(), r.kappa(), (r.gd().reached() ? "" : "> ") + r.gd().iterations());
    }
    o.println("wrote " + out.resolve("index.html"));
    o.flush();
    return 0;
  }
}
