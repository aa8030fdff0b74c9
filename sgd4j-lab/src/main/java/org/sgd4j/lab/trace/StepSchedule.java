package org.sgd4j.lab.trace;

import java.util.List;

/**
 * The step-size factors of the notes' SGD section (d2l.ai 11.4, "Dynamic learning rate"): the
 * t-th update (t = 1, 2, …) uses η_t = η · factor(t) with
 * <ul>
 *   <li>{@code constant}: 1;</li>
 *   <li>{@code exponential}: exp(−0.1 t);</li>
 *   <li>{@code polynomial}: (1 + 0.1 t)^(−1/2).</li>
 * </ul>
 */
public enum StepSchedule {
  /** η_t = η. */
  CONSTANT,
  /** η_t = η exp(−0.1 t). */
  EXPONENTIAL,
  /** η_t = η (1 + 0.1 t)^(−1/2). */
  POLYNOMIAL;

  /** The names accepted by {@link #parse}. */
  public static final List<String> NAMES = List.of("constant", "exponential", "polynomial");

  /** The factor of the t-th update (t ≥ 1). */
  public double factor(int t) {
    switch (this) {
      case EXPONENTIAL:
        return Math.exp(-0.1 * t);
      case POLYNOMIAL:
        return Math.pow(1 + 0.1 * t, -0.5);
      default:
        return 1;
    }
  }

  /** The schedule named {@code name} (constant, exponential, polynomial). */
  public static StepSchedule parse(String name) {
    int i = NAMES.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("unknown schedule '" + name + "'; known: " + String.join(", ", NAMES));
    }
    return values()[i];
  }

  /** The lower-case name. */
  public String id() {
    return NAMES.get(ordinal());
  }
}
