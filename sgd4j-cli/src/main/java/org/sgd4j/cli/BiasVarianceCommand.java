package org.sgd4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sgd4j.lab.biasvariance.BiasVariance;
import org.sgd4j.lab.biasvariance.BiasVariancePoint;
import org.sgd4j.lab.biasvariance.BiasVarianceReport;
import org.sgd4j.lab.biasvariance.BiasVarianceSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sgd4j bias-variance}: bias², variance and noise of polynomial ridge regression on
 * y = sin(πx) + N(0, σ²), estimated over many resampled training sets, against the measured expected
 * test error, over the degree (capacity) and over the ridge strength λ.
 */
@Command(name = "bias-variance", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Bias-variance decomposition over model capacity and regularisation (polynomial ridge regression).")
final class BiasVarianceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--n", defaultValue = "30", description = "training points per dataset (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--replicates", defaultValue = "500", description = "training sets (default: ${DEFAULT-VALUE})")
  int replicates;

  @Option(names = "--test-points", defaultValue = "200", description = "test inputs (default: ${DEFAULT-VALUE})")
  int testPoints;

  @Option(names = "--sigma", defaultValue = "0.3", description = "noise standard deviation (default: ${DEFAULT-VALUE})")
  double sigma;

  @Option(names = "--max-degree", defaultValue = "12", description = "degrees 0..MAX for the capacity sweep "
      + "(default: ${DEFAULT-VALUE})")
  int maxDegree;

  @Option(names = "--lambda", defaultValue = "1e-8", description = "ridge λ of the capacity sweep (default: ${DEFAULT-VALUE})")
  double lambda;

  @Option(names = "--degree", defaultValue = "12", description = "degree of the λ sweep (default: ${DEFAULT-VALUE})")
  int degree;

  @Option(names = "--lambdas", defaultValue = "1e-8,1e-7,1e-6,1e-5,1e-4,1e-3,1e-2,1e-1,1,10", split = ",",
      description = "λ values of the regularisation sweep (default: ${DEFAULT-VALUE})")
  double[] lambdas;

  @Option(names = "--seed", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", defaultValue = "bias-variance", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Mixin VerboseOption verbosity;

  @Override
  public Integer call() throws Exception {
    if (maxDegree < 0 || degree < 0) {
      throw new UsageError("degrees must be >= 0, got --max-degree " + maxDegree + ", --degree " + degree);
    }
    if (n < 1 || replicates < 1 || testPoints < 1) {
      throw new UsageError("--n, --replicates and --test-points must be positive integers, got " + n + ", " + replicates
          + ", " + testPoints);
    }
    if (!(sigma >= 0) || !Double.isFinite(sigma) || !(lambda >= 0) || !Double.isFinite(lambda)) {
      throw new UsageError("--sigma and --lambda must be finite numbers >= 0, got " + sigma + ", " + lambda);
    }
    for (double l : lambdas) {
      if (!(l >= 0) || !Double.isFinite(l)) {
        throw new UsageError("--lambdas must be finite numbers >= 0, got " + l);
      }
    }
    if (maxDegree > 100 || degree > 100) {
      throw new UsageError("degrees above 100 are beyond double precision's polynomial fits, got --max-degree "
          + maxDegree + ", --degree " + degree);
    }
    Memory.require("--replicates " + replicates + " x --test-points " + testPoints, Memory.times(Memory.times(
        replicates, testPoints), 8 * 4));
    Memory.require("--n " + n + " points of degree " + Math.max(maxDegree, degree), Memory.times(Memory.times(n,
        Math.max(maxDegree, degree) + 1L), 8 * 4));
    BiasVarianceSetup setup = new BiasVarianceSetup(n, replicates, testPoints, sigma, seed);
    List<BiasVariancePoint> byDegree = BiasVariance.overDegree(setup, maxDegree, lambda);
    List<BiasVariancePoint> byLambda = BiasVariance.overLambda(setup, degree, lambdas);
    BiasVarianceReport.write(setup, byDegree, byLambda, out);
    PrintWriter o = spec.commandLine().getOut();
    o.printf(Locale.ROOT, "%6s %10s %10s %10s %10s %10s %18s%n", "degree", "lambda", "bias2", "variance", "noise", "sum",
        "measured +- se");
    for (List<BiasVariancePoint> sweep : List.of(byDegree, byLambda)) {
      for (BiasVariancePoint p : sweep) {
        o.printf(Locale.ROOT, "%6d %10.3g %10.4g %10.4g %10.4g %10.4g %10.4g +- %.2g%n", p.degree(), p.lambda(), p.bias2(),
            p.variance(), p.noise(), p.sum(), p.measured(), p.standardError());
      }
    }
    o.println("wrote " + out.resolve("index.html"));
    o.flush();
    return 0;
  }
}
