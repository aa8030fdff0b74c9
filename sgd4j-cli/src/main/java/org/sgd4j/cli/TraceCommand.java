package org.sgd4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sgd4j.io.Json;
import org.sgd4j.lab.expr.Expression;
import org.sgd4j.lab.trace.StepSchedule;
import org.sgd4j.lab.trace.Trace;
import org.sgd4j.lab.trace.TraceCase;
import org.sgd4j.lab.trace.TraceMethod;
import org.sgd4j.lab.trace.TraceReport;
import org.sgd4j.lab.trace.TraceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sgd4j trace}: contour plots of a 2-D objective with the iterate path. Without options it
 * draws all the notes' figures (GD, momentum, Adagrad, RMSProp, Adam, noisy SGD under three
 * schedules, the rotated objective) into {@code --out} with an {@code index.html}; {@code --case ID}
 * draws one of them; {@code --objective}, {@code --optimizer} and the other flags describe one run
 * (starting from the notes' defaults, or from {@code --case}).
 */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Iterate paths on a 2-D objective over its contour lines (default: all the notes' figures).")
final class TraceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--case", description = "one of the notes' figures: gd-quadratic, gd-eta0.4, gd-eta0.6, "
      + "momentum-beta0.5, momentum-beta0.25, adagrad-eta0.4, adagrad-eta2, rmsprop-eta0.4, adam-eta0.4, "
      + "sgd-constant, sgd-exponential, sgd-polynomial, rotated-gd, rotated-adagrad, rotated-rmsprop, rotated-adam")
  String caseId;

  @Option(names = "--objective", description = "f in x1, x2, e.g. '0.1*x1^2 + 2*x2^2' (+ - * / ^, parentheses, "
      + "sin cos exp log sqrt abs tanh); default x1^2 + 2*x2^2")
  String objective;

  @Option(names = "--optimizer", description = "the names of sgd4j train (sgd, adam, adamw, rmsprop, adagrad, adadelta,"
      + " nadam, yogi, lars) and the notes' gd, momentum (default gd: sgd without momentum)")
  String optimizer;

  @Option(names = "--lr", description = "learning rate η (default 0.1)")
  Double lr;

  @Option(names = "--momentum", description = "β of momentum, sgd, lars (default: 0.5 for momentum, 0 for sgd)")
  Double momentum;

  @Option(names = {"--gamma", "--alpha", "--rho"}, description = "γ of RMSProp (torch's alpha), ρ of Adadelta"
      + " (default 0.9)")
  Double gamma;

  @Option(names = "--beta1", description = "Adam β1 (default 0.9)")
  Double beta1;

  @Option(names = "--beta2", description = "Adam β2 (default 0.999)")
  Double beta2;

  @Option(names = "--eps", description = "ε (default 1e-6, the notes')")
  Double eps;

  @Option(names = "--steps", description = "number of updates (default 20)")
  Integer steps;

  @Option(names = "--start", description = "start X1,X2 (default -5,-2)")
  String start;

  @Option(names = "--noise", description = "σ of the N(0, σ²) noise added to each gradient coordinate (default 0)")
  Double noise;

  @Option(names = "--schedule", description = "constant, exponential (η·exp(-0.1t)), polynomial (η·(1+0.1t)^-0.5)")
  String schedule;

  @Option(names = "--seed", description = "seed of the gradient noise (default 42)")
  Long seed;

  @Option(names = "--out", defaultValue = "trace", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--json", description = "print one JSON object on stdout: path (from the start) and f (final value)")
  boolean json;

  @Mixin VerboseOption verbosity;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    boolean custom = objective != null || optimizer != null || lr != null || momentum != null || gamma != null
        || beta1 != null || beta2 != null || eps != null || steps != null || start != null || noise != null
        || schedule != null || seed != null;
    List<TraceCase> cases;
    if (caseId == null && !custom) {
      cases = TraceCase.notes();
    } else {
      TraceCase base = caseId != null ? named(caseId) : TraceCase.named("gd-quadratic");
      cases = List.of(custom ? new TraceCase(caseId != null ? caseId : "trace", "custom run", override(base.spec()))
          : base);
    }
    List<Trace> traces = TraceReport.write(cases, out, cases.size() > 1 ? "Optimizer traces (the notes' figures)"
        : "Optimizer trace: " + cases.get(0).id());
    if (json) {
      if (traces.size() == 1) {
        stdout.println(traces.get(0).toJson());
      } else {
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < traces.size(); i++) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("case", cases.get(i).id());
          m.putAll(traces.get(i).toJsonObject());
          all.add(m);
        }
        stdout.println(Json.write(Map.of("cases", all)));
      }
    } else {
      for (int i = 0; i < traces.size(); i++) {
        double[] last = traces.get(i).last();
        stdout.printf(Locale.ROOT, "%-18s %-28s x = (%.6g, %.6g)  f = %.6g%n", cases.get(i).id(),
            cases.get(i).spec().method().label(), last[0], last[1], traces.get(i).finalValue());
      }
      stdout.println("wrote " + out.resolve("index.html"));
    }
    stdout.flush();
    return 0;
  }

  private static TraceCase named(String id) {
    try {
      return TraceCase.named(id);
    } catch (IllegalArgumentException e) {
      throw new UserError("--case: " + e.getMessage());
    }
  }

  private TraceSpec override(TraceSpec base) {
    TraceMethod m = base.method();
    String name = optimizer != null ? optimizer : m.name();
    TraceMethod method = new TraceMethod(name, or(lr, m.lr()), or(momentum, name.equals("momentum")
        && !m.name().equals("momentum") ? 0.5 : m.momentum()), or(gamma, m.gamma()), or(beta1, m.beta1()),
        or(beta2, m.beta2()), or(eps, m.eps()));
    double[] x0 = start != null ? parseStart(start) : new double[] {base.x1(), base.x2()};
    Expression f = objective != null ? Expression.parse(objective) : base.objective();
    StepSchedule s = schedule != null ? StepSchedule.parse(schedule) : base.schedule();
    return new TraceSpec(f, method, x0[0], x0[1], steps != null ? steps : base.steps(),
        noise != null ? noise : base.noise(), s, seed != null ? seed : base.seed() == 0 ? 42 : base.seed());
  }

  static double[] parseStart(String s) {
    String[] p = s.split(",", -1);
    if (p.length != 2) {
      throw new UserError("--start needs X1,X2 (two numbers separated by a comma), got '" + s + "'");
    }
    try {
      return new double[] {Double.parseDouble(p[0].strip()), Double.parseDouble(p[1].strip())};
    } catch (NumberFormatException e) {
      throw new UserError("--start needs X1,X2 (two numbers), got '" + s + "'");
    }
  }

  private static double or(Double v, double orElse) {
    return v != null ? v : orElse;
  }
}
