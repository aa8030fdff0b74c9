package org.sgd4j.tensor.kernel;

/** The portable provider: scalar Java kernels, no direct convolution (see {@link VectorizationProvider}). */
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
}
