package org.sgd4j.tensor.kernel;

/** The portable provider: scalar Java kernels and loops, no direct convolution (see {@link VectorizationProvider}). */
final class DefaultVectorizationProvider extends VectorizationProvider {
  private final Kernels kernels = new ScalarKernels();

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public int lanes() {
    return 1;
  }

  @Override
  public Kernels kernels() {
    return kernels;
  }

  @Override
  public String description() {
    return "scalar kernels, SGEMM tile " + kernels.tile() + " on " + cpu().model();
  }

  @Override
  public DirectConvolution convolution() {
    return null;
  }

  @Override
  public void reluMask(float[] g, float[] out, float[] masked, int from, int to) {
    ReluMask.scalar(g, out, masked, from, to);
  }

  @Override
  public void columnSums(float[] x, int off, int rows, int cols, int c0, int c1, boolean mean, float[] out,
                         int outOff) {
    ColumnSums.scalar(x, off, rows, cols, c0, c1, mean, out, outOff);
  }

  @Override
  public void sumBlocks(float[] partial, int blocks, int size, int from, int to, float[] total) {
    BlockSums.scalar(partial, blocks, size, from, to, total);
  }

  @Override
  public void addLanes(float[] x, int from, int blocks, float[] lanes) {
    LaneSums.scalar(x, from, blocks, lanes);
  }

  @Override
  public void copyRows(float[] src, int srcOff, int srcStride, int rows, int len, float[] dst, int dstOff) {
    RowCopy.scalar(src, srcOff, srcStride, rows, len, dst, dstOff);
  }

  @Override
  public int maxPoolRows(float[] in, int rowOff, int rowStep, int w, int ho, int wo, int q, int[] arg, float[] out,
                         int outOff, float[] scratch) {
    return 0;
  }
}
