package org.sgd4j.tensor;

/** Picks the {@link Kernels} implementation once per JVM. */
final class KernelProvider {
  static final Kernels INSTANCE = new ScalarKernels();

  private KernelProvider() {}
}
