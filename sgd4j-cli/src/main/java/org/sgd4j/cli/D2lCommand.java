package org.sgd4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sgd4j.io.Json;
import org.sgd4j.lab.d2l.AirfoilProblem;
import org.sgd4j.lab.d2l.D2lExperiment;
import org.sgd4j.lab.d2l.D2lReport;
import org.sgd4j.lab.d2l.D2lRun;
import org.sgd4j.lab.d2l.D2lRuns;
import org.sgd4j.lab.d2l.PyTorchReference;
import org.sgd4j.lab.d2l.RunSummary;
import org.sgd4j.lab.data.SharedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sgd4j d2l}: the airfoil experiments of the notes' optimization chapter (d2l.ai chapter 11), run
 * for run — the chapter's from-scratch update rules and sgd4j's own optimizers on the standardised
 * airfoil data, each over {@code --repeats} seeds — with one CSV per run, the chapter's figures, a table
 * of final loss and seconds per epoch beside PyTorch's, and {@code report.html}.
 */
@Command(name = "d2l", mixinStandardHelpOptions = true, sortOptions = false,
    description = "The optimization chapter's airfoil runs (d2l.ai ch. 11): scratch update rules and sgd4j's optimizers.")
final class D2lCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--runs", split = ",", paramLabel = "LIST", description = "runs to make, comma-separated (default: "
      + "all): gd, sgd, minibatch-100, minibatch-10, momentum-0.02-0.5, momentum-0.01-0.9, momentum-0.005-0.9, "
      + "adagrad, rmsprop, adadelta, adam, yogi, concise-sgd, concise-momentum, concise-adagrad, concise-rmsprop, "
      + "concise-adadelta, concise-adam")
  List<String> runs;

  @Option(names = "--seed", defaultValue = "0", description = "first seed; repeat r uses seed + r (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--repeats", defaultValue = "10", description = "seeds per run (default: ${DEFAULT-VALUE}, as the "
      + "PyTorch reference)")
  int repeats;

  @Option(names = "--airfoil", description = "directory of airfoil_self_noise.dat (default: shared/datasets/airfoil)")
  Path airfoil;

  @Option(names = "--out", defaultValue = "d2l", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--json", description = "print one JSON object on stdout: {\"runs\": [{\"name\", \"final_loss\", "
      + "\"final_loss_sd\", \"sec_per_epoch\", \"cpu_sec_per_epoch\"}]} (final_loss_sd is null for one repeat)")
  boolean json;

  @Mixin VerboseOption verbosity;

  @Override
  public Integer call() throws Exception {
    List<D2lRun> selected = selectedRuns();
    if (repeats < 1) {
      throw new ParameterException(spec.commandLine(), "--repeats must be at least 1, got " + repeats);
    }
    Path dir = airfoil != null ? airfoil : SharedData.file("airfoil").orElseThrow(() -> new UserError(
        "no data: pass --airfoil DIR (shared/datasets/airfoil was not found; set SGD4J_DATA)"));
    if (!Files.exists(dir.resolve("airfoil_self_noise.dat"))) {
      throw new UserError("--airfoil: no airfoil_self_noise.dat in " + dir);
    }
    AirfoilProblem data = AirfoilProblem.load(dir);
    List<RunSummary> summaries;
    try {
      summaries = D2lExperiment.run(selected, data, seed, repeats, null);
    } catch (ArithmeticException diverged) {
      spec.commandLine().getErr().println("sgd4j d2l: " + diverged.getMessage());
      return Main.EXIT_DIVERGED;
    }
    PyTorchReference torch = PyTorchReference.load();
    D2lReport.write(summaries, torch, out,
        "sgd4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      List<Object> list = new ArrayList<>();
      for (RunSummary s : summaries) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.run().name());
        m.put("final_loss", s.finalLossMean());
        m.put("final_loss_sd", Double.isNaN(s.finalLossSd()) ? null : s.finalLossSd());
        m.put("sec_per_epoch", s.secondsPerEpochMean());
        m.put("cpu_sec_per_epoch", s.cpuSecondsPerEpochMean());
        list.add(m);
      }
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("runs", list);
      o.println(Json.write(root));
    } else {
      o.printf(Locale.ROOT, "%-20s %-17s %9s %9s   %-17s %9s %9s%n", "run", "final loss", "sec/epoch", "CPU s/ep",
          "PyTorch loss", "sec/epoch", "CPU s/ep");
      for (D2lReport.Row r : D2lReport.rows(summaries, torch)) {
        RunSummary s = r.ours();
        o.printf(Locale.ROOT, "%-20s %-17s %9.4f %9.4f   %-17s %9s %9s%n", s.run().name(),
            D2lReport.meanSd(s.finalLossMean(), s.finalLossSd()), s.secondsPerEpochMean(), s.cpuSecondsPerEpochMean(),
            r.torch().map(t -> D2lReport.meanSd(t.finalLossMean(), t.finalLossSd())).orElse("-"),
            r.torch().map(t -> String.format(Locale.ROOT, "%.4f", t.secondsPerEpochMean())).orElse("-"),
            r.torch().map(t -> String.format(Locale.ROOT, "%.4f", t.cpuSecondsPerEpochMean())).orElse("-"));
      }
      o.println("PyTorch: the chapter's code (reference/d2l/ch11.py), seeds 0-9, on " + torch.cpu() + ", "
          + torch.date());
      o.println("wrote " + out.resolve("report.html"));
    }
    o.flush();
    return 0;
  }

  private List<D2lRun> selectedRuns() {
    if (runs == null) {
      return D2lRuns.all();
    }
    List<D2lRun> selected = new ArrayList<>();
    for (String name : runs) {
      D2lRun run = D2lRuns.named(name.strip()).orElseThrow(() -> new ParameterException(spec.commandLine(),
          "--runs: unknown run '" + name + "'; known: " + String.join(", ", D2lRuns.names())));
      if (selected.contains(run)) {
        throw new ParameterException(spec.commandLine(), "--runs: '" + name + "' is listed twice");
      }
      selected.add(run);
    }
    if (selected.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--runs: no run given; known: " + String.join(", ",
          D2lRuns.names()));
    }
    return selected;
  }
}
