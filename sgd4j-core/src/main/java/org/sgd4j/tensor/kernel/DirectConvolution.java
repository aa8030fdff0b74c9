package org.sgd4j.tensor.kernel;

/**
 * Convolution computed directly, without unrolling the receptive fields (im2col), for layers whose few
 * output channels make a poor SGEMM: a first layer with 6 output channels fills one and a half rows
 * of a 4-row micro-kernel tile, or 6 of the 32 columns in the other orientation, and its unrolled
 * input has to be packed for every product. Here each output row is accumulated in vector registers,
 * six output channels at a time, from rows of a zero-padded copy of the input. A layer with at most one
 * vector of output channels has its weight gradient computed block by block as im2col and SGEMM would,
 * the same sums in the same order, but with the column matrix's entries read from the input
 * ({@link #weightGradBlock}).
 *
 * <p>The one implementation is on the Vector API ({@link VectorConvolution}), handed out by the SIMD
 * {@link VectorizationProvider#convolution()}; the scalar provider has none, and the convolution layer
 * then keeps im2col and SGEMM.
 */
public interface DirectConvolution {

  /** Whether {@code geo} is a convolution this kernel computes (and computes faster than im2col). */
  boolean suits(ConvolutionGeometry geo);

  /** Whether this kernel computes the weight gradient of {@code geo} faster than im2col and SGEMM. */
  boolean suitsWeightGrad(ConvolutionGeometry geo);

  /**
   * Output planes of samples {@code n0 .. n1-1}: {@code out[n, o] = b[o] + Σ_{c,i,j} w[o,c,i,j] · x[n, c, y+i−pt, x+j−pl]},
   * each sum a chain of fused multiply-adds in order of (c, i, j) from zero, then the bias added (the
   * bits of the SIMD SGEMM of im2col when C·kh·kw fits in its one k-block).
   *
   * @param x dense (N, C, H, W) input at {@code xOff}
   * @param w dense (O, C, kh, kw) weight at {@code wOff}
   * @param bias O values, or null
   * @param out dense (N, O, Ho, Wo) output, from offset 0
   */
  void forward(float[] x, int xOff, float[] w, int wOff, float[] bias, ConvolutionGeometry geo, int n0, int n1,
               float[] out);

  /** Taps per step of a weight gradient's tap ranges ({@link #weightGrad}). */
  int TAP_STEP = 4;

  /**
   * The weight gradient of samples {@code n0 .. n1-1} alone, at the taps {@code t = (c, i, j)} in weight order
   * from {@code t0} to {@code t1 − 1}: {@code dw[o, c, i, j] = Σ_{n,y,x} g[n, o, y, x] · x[n, c, y+i−pt, x+j−pl]},
   * written (not added) to {@code dw} at {@code dwOff} as the entries of those taps of a dense (O, C, kh, kw)
   * block; the other entries are not touched. Each sum is taken in a fixed order that depends only on the
   * geometry and {@code n1 − n0}, not on the range, where {@code t0} is a multiple of {@link #TAP_STEP} and
   * {@code t1} one too or all the taps ({@code C·kh·kw}): ranges so cut share the work of one call between
   * threads with its bits.
   *
   * @param g dense (N, O, Ho, Wo) output gradient at {@code gOff}
   */
  void weightGrad(float[] x, int xOff, float[] g, int gOff, ConvolutionGeometry geo, int n0, int n1, int t0, int t1,
                  float[] dw, int dwOff);

  /**
   * Whether {@link #weightGradBlock} computes the term of {@code cn} samples of {@code geo}'s weight
   * gradient (at most one vector of output channels, 5x5 kernels, no padding, unit stride and dilation,
   * one group, and a product that SGEMM would not sum as a small one).
   */
  boolean suitsWeightGradBlock(ConvolutionGeometry geo, int cn);

  /**
   * The weight gradient's term of samples {@code n0 .. n0+cn-1}, written to {@code dw} at {@code dwOff} as
   * a dense (O, C, kh, kw) block, with the bits of im2col and SGEMM over that block: the product
   * {@code g · colᵀ} of the block's output gradient (O, cn·L) and column matrix (C·kh·kw, cn·L), without
   * building the column matrix.
   *
   * @param g dense (N, O, Ho, Wo) output gradient at {@code gOff}
   */
  void weightGradBlock(float[] x, int xOff, float[] g, int gOff, ConvolutionGeometry geo, int n0, int cn, float[] dw,
                       int dwOff);
}
