package org.sgd4j.nn.loss;

/**
 * How a loss turns its per-element values into the returned tensor, as the {@code reduction}
 * argument of PyTorch's losses: NONE keeps them, SUM adds them up, MEAN averages them (for
 * {@link NLLLoss} and {@link CrossEntropyLoss} with class weights, the weighted mean
 * Σ wᵢ ℓᵢ / Σ wᵢ), and BATCHMEAN (for {@link KLDivLoss} only) divides the sum by the batch size.
 */
public enum Reduction {
  NONE,
  MEAN,
  SUM,
  BATCHMEAN;

  /** PyTorch's name: "none", "mean", "sum", "batchmean". */
  public static Reduction of(String name) {
    return switch (name) {
      case "none" -> NONE;
      case "mean" -> MEAN;
      case "sum" -> SUM;
      case "batchmean" -> BATCHMEAN;
      default -> throw new IllegalArgumentException(name + " is not a valid value for reduction (none, mean, sum, batchmean)");
    };
  }
}
