package org.sgd4j.nn.functional;

/**
 * How a convolution or {@link Padding#pad2d} fills the border, as {@code padding_mode} of
 * {@code torch.nn.Conv2d} and {@code mode} of {@code torch.nn.functional.pad}: with zeros; by
 * reflection about the edge, edge excluded ({@code [a b c]} padded by 2 → {@code c b [a b c] b a});
 * by replicating the edge value; or circularly (wrapping around).
 */
public enum PaddingMode {
  ZEROS,
  REFLECT,
  REPLICATE,
  CIRCULAR;

  /** The mode with PyTorch's name ("zeros", "reflect", "replicate", "circular"). */
  public static PaddingMode of(String name) {
    return switch (name) {
      case "zeros", "constant" -> ZEROS;
      case "reflect" -> REFLECT;
      case "replicate" -> REPLICATE;
      case "circular" -> CIRCULAR;
      default -> throw new IllegalArgumentException(
          "padding_mode must be 'zeros', 'reflect', 'replicate' or 'circular', got '" + name + "'");
    };
  }

  /** PyTorch's name of the mode. */
  public String torchName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
