package org.sgd4j.optim;

/**
 * Argument checks for options records, with PyTorch's messages ("Invalid learning rate: -0.1").
 */
final class Check {
  private Check() {}

  static void lr(double lr) {
    atLeast(lr, 0, "learning rate");
  }

  static void eps(double eps) {
    atLeast(eps, 0, "epsilon value");
  }

  static void momentum(double momentum) {
    atLeast(momentum, 0, "momentum value");
  }

  static void weightDecay(double weightDecay) {
    atLeast(weightDecay, 0, "weight_decay value");
  }

  /** {@code 0 <= beta < 1}, named e.g. "beta parameter at index 0". */
  static void beta(double beta, String what) {
    if (!(beta >= 0 && beta < 1)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + beta);
    }
  }

  /** {@code 0 <= value <= 1}. */
  static void unitInterval(double value, String what) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + value);
    }
  }

  /** {@code value >= min} (NaN fails). */
  static void atLeast(double value, double min, String what) {
    if (!(value >= min)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + value);
    }
  }

  /** {@code value >= min}, for counts. */
  static void atLeast(int value, int min, String what) {
    if (value < min) {
      throw new IllegalArgumentException("Invalid " + what + ": " + value + " (must be >= " + min + ")");
    }
  }

  static void positive(double value, String what) {
    if (!(value > 0)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + value);
    }
  }
}
