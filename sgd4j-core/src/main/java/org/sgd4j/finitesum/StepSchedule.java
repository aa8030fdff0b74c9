package org.sgd4j.finitesum;

/**
 * A step size {@code α_k} as a function of the iteration counter {@code k = 0, 1, 2, …}.
 *
 * <ul>
 *   <li>{@link #constant}: {@code α_k = α};
 *   <li>{@link #notesDecreasing}: the notes' {@code α_k = (2k+1) / (2μ(k+1)²)}, capped at
 *       {@code αmax} (Gower et al., "SGD: general analysis and improved rates", ICML 2019, Thm 3.2,
 *       switch to the decreasing phase once it falls below the constant {@code 1/(2L)}); gives
 *       {@code E[f(x_k)] − f* = O(1/k)};
 *   <li>{@link #inverseSqrt}: {@code α_k = α₀ / √(k+1)};
 *   <li>{@link #exponential}: {@code α_k = α₀ γ^k};
 *   <li>{@link #polynomial}: {@code α_k = α₀ / (1 + k/k₀)^p}.
 * </ul>
 */
@FunctionalInterface
public interface StepSchedule {

  /** {@code α_k}. */
  double step(long k);

  /** {@code α_k = α}. */
  static StepSchedule constant(double lr) {
    positive("lr", lr);
    return k -> lr;
  }

  /** {@code α_k = min(αmax, (2k+1)/(2μ(k+1)²))}. */
  static StepSchedule notesDecreasing(double mu, double maxLr) {
    positive("mu", mu);
    positive("maxLr", maxLr);
    return k -> Math.min(maxLr, (2.0 * k + 1) / (2 * mu * (k + 1.0) * (k + 1.0)));
  }

  /** {@code α_k = α₀/√(k+1)}. */
  static StepSchedule inverseSqrt(double lr0) {
    positive("lr0", lr0);
    return k -> lr0 / Math.sqrt(k + 1.0);
  }

  /** {@code α_k = α₀ γ^k}, {@code 0 < γ ≤ 1}. */
  static StepSchedule exponential(double lr0, double gamma) {
    positive("lr0", lr0);
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("Invalid decay factor gamma: " + gamma + " (expected 0 < gamma <= 1)");
    }
    return k -> lr0 * Math.pow(gamma, k);
  }

  /** {@code α_k = α₀/(1 + k/k₀)^p}. */
  static StepSchedule polynomial(double lr0, double k0, double power) {
    positive("lr0", lr0);
    positive("k0", k0);
    positive("power", power);
    return k -> lr0 / Math.pow(1 + k / k0, power);
  }

  private static void positive(String what, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + v);
    }
  }
}
