package org.sgd4j.finitesum;

import java.util.List;
import java.util.Locale;

/**
 * A solver named as on the command line, with its options; {@link #create(FiniteSum)} builds it.
 *
 * <p>Names: {@code gd}, {@code gd-backtracking}, {@code sgd} (constant step), {@code sgd-decreasing}
 * (the notes' {@code (2k+1)/(2μ(k+1)²)}, capped at {@code 1/(2 L_max)}), {@code sgd-sqrt}
 * ({@code lr/√(k+1)}), {@code sgd-exp} ({@code lr·γ^k}), {@code sgd-poly} ({@code lr/(1+k/n)^power}),
 * {@code minibatch}, {@code sag}, {@code sag-nonuniform}, {@code sag-ls}, {@code sag-nonuniform-ls}
 * (per-example Lipschitz estimates, adaptive sampling), {@code saga}, {@code svrg},
 * {@code newton}, {@code adagrad}, {@code rmsprop}, {@code adam}.
 *
 * @param name the solver's name
 * @param lr step size; NaN for the solver's default (from {@code L} for the classical methods, the
 *     PyTorch default for the adaptive ones)
 * @param batchSize mini-batch size; 0 for the default (16 for {@code minibatch}, else 1)
 * @param epochLength SVRG's inner-loop length {@code m}; 0 for {@code n}
 * @param gamma decay factor of {@code sgd-exp}; NaN for {@code 1 − 1/n} per step
 * @param power exponent of {@code sgd-poly}; NaN for 1
 */
public record SolverConfig(String name, double lr, int batchSize, int epochLength, double gamma, double power) {

  /** All names {@link #create} knows. */
  public static final List<String> NAMES = List.of("gd", "gd-backtracking", "sgd", "sgd-decreasing", "sgd-sqrt",
      "sgd-exp", "sgd-poly", "minibatch", "sag", "sag-nonuniform", "sag-ls", "sag-nonuniform-ls", "saga", "svrg", "newton", "adagrad",
      "rmsprop", "adam");

  /** Validates the name and the options. */
  public SolverConfig {
    name = name.trim().toLowerCase(Locale.ROOT);
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("Unknown solver '" + name + "'; known solvers: " + String.join(", ", NAMES));
    }
    if (lr <= 0 || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("Invalid learning rate for " + name + ": " + lr);
    }
    if (batchSize < 0) {
      throw new IllegalArgumentException("Invalid batch size for " + name + ": " + batchSize);
    }
    if (epochLength < 0) {
      throw new IllegalArgumentException("Invalid SVRG epoch length for " + name + ": " + epochLength);
    }
  }

  /** The solver with all defaults. */
  public static SolverConfig of(String name) {
    return builder(name).build();
  }

  /** Parses a comma-separated list of names, each with the defaults. */
  public static List<SolverConfig> parseList(String names) {
    return java.util.Arrays.stream(names.split(",")).filter(s -> !s.isBlank()).map(SolverConfig::of).toList();
  }

  /** A builder starting from the defaults. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds the solver for problem {@code p} (defaults that depend on {@code L}, {@code μ}, {@code n}). */
  public Solver create(FiniteSum p) {
    int b = batchSize == 0 ? (name.equals("minibatch") ? 16 : 1) : batchSize;
    double lmax = p.maxLipschitz();
    double classical = Double.isNaN(lr) ? 1 / (2 * lmax) : lr;
    return switch (name) {
      case "gd" -> GradientDescent.constant(lr);
      case "gd-backtracking" -> GradientDescent.backtracking(1);
      case "sgd", "minibatch" -> new Sgd(name, StepSchedule.constant(checked(classical, p)), b);
      case "sgd-decreasing" -> {
        if (!(p.mu() > 0)) {
          throw new IllegalArgumentException("sgd-decreasing needs mu > 0; " + p.name() + " has mu = " + p.mu());
        }
        yield new Sgd(name, StepSchedule.notesDecreasing(p.mu(), checked(classical, p)), b);
      }
      case "sgd-sqrt" -> new Sgd(name, StepSchedule.inverseSqrt(checked(classical, p)), b);
      case "sgd-exp" -> new Sgd(name, StepSchedule.exponential(checked(classical, p),
          Double.isNaN(gamma) ? 1 - 1.0 / p.n() : gamma), b);
      case "sgd-poly" -> new Sgd(name, StepSchedule.polynomial(checked(classical, p), p.n(),
          Double.isNaN(power) ? 1 : power), b);
      case "sag" -> Sag.withStep(lr);
      case "sag-nonuniform" -> Sag.withStep(lr).sampling(Sampling.LIPSCHITZ_MIXED);
      case "sag-ls" -> Sag.withStep(lr).lineSearch(true);
      case "sag-nonuniform-ls" -> Sag.withStep(lr).sampling(Sampling.LIPSCHITZ_MIXED).lineSearch(true);
      case "saga" -> new Saga(lr);
      case "svrg" -> new Svrg(lr, epochLength);
      case "newton" -> new Newton();
      case "adagrad" -> new Adagrad(Double.isNaN(lr) ? 1e-2 : lr, 1e-10, b);
      case "rmsprop" -> new RmsProp(Double.isNaN(lr) ? 1e-2 : lr, 0.99, 1e-8, b);
      case "adam" -> new Adam(Double.isNaN(lr) ? 1e-3 : lr, 0.9, 0.999, 1e-8, b);
      default -> throw new IllegalStateException(name);
    };
  }

  private double checked(double step, FiniteSum p) {
    if (!(step > 0) || Double.isInfinite(step)) {
      throw new IllegalArgumentException(name + ": no step size: give lr, the Lipschitz constants of " + p.name()
          + " are unknown");
    }
    return step;
  }

  /** Builder of {@link SolverConfig}. */
  public static final class Builder {
    private final String name;
    private double lr = Double.NaN;
    private int batchSize;
    private int epochLength;
    private double gamma = Double.NaN;
    private double power = Double.NaN;

    private Builder(String name) {
      this.name = name;
    }

    /** Step size. */
    public Builder lr(double v) {
      lr = v;
      return this;
    }

    /** Mini-batch size. */
    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    /** SVRG inner-loop length. */
    public Builder epochLength(int v) {
      epochLength = v;
      return this;
    }

    /** Exponential decay factor. */
    public Builder gamma(double v) {
      gamma = v;
      return this;
    }

    /** Polynomial decay exponent. */
    public Builder power(double v) {
      power = v;
      return this;
    }

    /** The validated config. */
    public SolverConfig build() {
      return new SolverConfig(name, lr, batchSize, epochLength, gamma, power);
    }
  }
}
