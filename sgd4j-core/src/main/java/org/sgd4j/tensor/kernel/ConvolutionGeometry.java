package org.sgd4j.tensor.kernel;

/**
 * The sizes of one 2-D convolution, checked once by its caller: input (n, c, h, w), weight (o, c/groups,
 * kh, kw), strides (sh, sw), top and left padding (pt, pl), dilations (dh, dw), groups and the output's
 * height and width (ho, wo).
 */
public record ConvolutionGeometry(int n, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int pt, int pl,
                                  int dh, int dw, int groups, int ho, int wo) {
  /** Input channels per group. */
  public int cg() {
    return c / groups;
  }

  /** Output channels per group. */
  public int og() {
    return o / groups;
  }

  /** The length of one unrolled receptive field: {@code cg * kh * kw}. */
  public int k() {
    return cg() * kh * kw;
  }

  /** Output positions per plane: {@code ho * wo}. */
  public int l() {
    return ho * wo;
  }
}
