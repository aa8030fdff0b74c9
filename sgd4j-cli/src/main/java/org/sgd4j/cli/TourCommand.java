package org.sgd4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sgd4j.lab.report.HtmlPage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sgd4j tour --out DIR}: runs every lab experiment with quick settings, each as the very
 * {@code sgd4j} command a reader would type (shown on the page), into {@code DIR/<experiment>}, and
 * writes {@code DIR/index.html} showing each experiment's main figure and linking its page. A step that fails (e.g. a dataset
 * that is not on this machine) is reported on the page and the tour goes on.
 */
@Command(name = "tour", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run every lab experiment with quick settings and link their pages from one index.html.")
final class TourCommand implements Callable<Integer> {
  /** The steps, in order. */
  static final List<String> STEPS = List.of("trace", "conditioning", "bias-variance", "train", "landscape",
      "large-batch", "d2l");

  @Spec CommandSpec spec;

  @Option(names = "--out", defaultValue = "tour", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--only", split = ",", description = "run only these steps: " + "trace, conditioning, bias-variance, "
      + "train, landscape (needs train), large-batch, d2l")
  List<String> only;

  @Mixin VerboseOption verbosity;

  /** The quick command line of each step, with its output directory under {@code dir}. */
  static Map<String, List<String>> commands(Path dir) {
    String d = dir.toString();
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("trace", List.of("trace", "--out", d + "/trace"));
    m.put("conditioning", List.of("conditioning", "--max-iterations", "100000", "--out", d + "/conditioning"));
    m.put("bias-variance", List.of("bias-variance", "--replicates", "200", "--out", d + "/bias-variance"));
    m.put("train", List.of("train", "--train-limit", "5000", "--test-limit", "1000", "--epochs", "2", "--lr", "0.01",
        "--quiet", "--out", d + "/train", "--save", d + "/train/model.safetensors"));
    m.put("landscape", List.of("landscape", "--weights", d + "/train/model.safetensors", "--train-limit", "300",
        "--test-limit", "300", "--points", "21", "--grid", "7", "--init-seed", "0", "--out", d + "/landscape"));
    m.put("large-batch", List.of("large-batch", "--train-limit", "16384", "--samples", "16384", "--eval-every", "2048",
        "--eval-size", "1000", "--test-limit", "1000", "--out", d + "/large-batch"));
    m.put("d2l", List.of("d2l", "--repeats", "2", "--out", d + "/d2l"));
    return m;
  }

  private static final Map<String, String> TITLES = Map.of(
      "trace", "Optimizer traces on 2-D quadratics (GD, momentum, Adagrad, RMSProp, Adam, noisy SGD, rotation)",
      "conditioning", "Conditioning: condition numbers and GD iterations before and after standardising",
      "bias-variance", "Bias-variance decomposition over capacity and regularisation",
      "train", "The notes' first training script on a Fashion-MNIST slice (weights for the landscape)",
      "landscape", "Loss landscape around the trained weights, and the interpolation from the initial ones",
      "large-batch", "Large batches: linear scaling, warm-up, LARS",
      "d2l", "The optimization chapter's airfoil runs (d2l.ai ch. 11): scratch rules and sgd4j's optimizers");

  /** Each step's main figure (PNG, with an SVG beside it), shown on the index page. */
  static final Map<String, String> FIGURES = Map.of(
      "trace", "momentum-beta0.5",
      "conditioning", "spectrum",
      "bias-variance", "bias-variance-degree",
      "train", "loss",
      "landscape", "line",
      "large-batch", "loss-vs-samples",
      "d2l", "time");

  @Override
  public Integer call() throws Exception {
    List<String> steps = only == null ? STEPS : only;
    for (String s : steps) {
      if (!STEPS.contains(s)) {
        throw new UserError("--only: unknown step '" + s + "'; known: " + String.join(", ", STEPS));
      }
    }
    Files.createDirectories(out);
    PrintWriter o = spec.commandLine().getOut();
    HtmlPage page = new HtmlPage("sgd4j lab tour");
    page.paragraph("Each experiment of the optimization lab, run with quick settings by the command shown. Run the same "
        + "command without the quick flags for the notes' full-size figure.");
    Map<String, List<String>> cmds = commands(out);
    List<List<String>> rows = new ArrayList<>();
    int failed = 0;
    for (String step : steps) {
      List<String> args = cmds.get(step);
      o.println("== sgd4j " + String.join(" ", args));
      o.flush();
      StringWriter err = new StringWriter();
      StringWriter stdout = new StringWriter();
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(stdout, true));
      cl.setErr(new PrintWriter(err, true));
      int exit = cl.execute(args.toArray(String[]::new));
      page.heading(TITLES.get(step));
      page.code("sgd4j " + String.join(" ", args));
      if (exit == 0) {
        String figure = FIGURES.get(step);
        if (figure != null && Files.exists(out.resolve(step).resolve(figure + ".png"))) {
          page.image(step + "/" + figure + ".png", "The main figure of " + step + " (" + figure + ".png)",
              step + "/" + figure + ".svg");
        }
        Path index = out.resolve(step).resolve("index.html");
        Path report = out.resolve(step).resolve("report.html"); // sgd4j train's run report
        if (Files.exists(index)) {
          page.link(step + "/index.html", "open the " + step + " page");
        } else if (Files.exists(report)) {
          page.link(step + "/report.html", "open the " + step + " report");
        } else {
          page.link(step + "/", "open the " + step + " output directory");
        }
        rows.add(List.of(step, "ok"));
      } else {
        failed++;
        String msg = err.toString().strip();
        page.paragraph("This step failed (exit status " + exit + "): " + msg);
        rows.add(List.of(step, "failed: " + msg));
        o.println("   failed: " + msg);
      }
    }
    page.heading("Summary");
    page.table(List.of("step", "result"), rows);
    page.write(out.resolve("index.html"));
    o.println("wrote " + out.resolve("index.html") + (failed > 0 ? " (" + failed + " step(s) failed)" : ""));
    o.flush();
    return failed == 0 ? 0 : 1;
  }
}
