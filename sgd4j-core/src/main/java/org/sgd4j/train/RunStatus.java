package org.sgd4j.train;

/** How a training run ended. */
public enum RunStatus {
  /** All requested epochs ran. */
  COMPLETED,
  /** A loss was NaN or infinite: the run stopped before applying that step. */
  DIVERGED,
  /** A callback (early stopping, a step budget, an interruption) asked the run to stop. */
  STOPPED;

  /** The lower-case name written to metric files and the CLI's JSON ({@code "completed"}, ...). */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
