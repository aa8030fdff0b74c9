package org.sgd4j.tensor.kernel;

import java.lang.System.Logger.Level;

/**
 * Picks the {@link Kernels} implementation once per JVM, as Lucene's {@code VectorizationProvider}
 * does: the Vector API kernels when the JVM has the {@code jdk.incubator.vector} module (started with
 * {@code --add-modules jdk.incubator.vector}), loaded reflectively so that the scalar path never touches
 * the incubator classes; otherwise the scalar kernels, with one INFO line telling how to get the fast
 * path. The system property {@code sgd4j.kernels=scalar} forces the scalar kernels (for comparisons).
 */
final class KernelProvider {
  /** The system property that can force {@code scalar} kernels. */
  static final String KERNELS_PROPERTY = "sgd4j.kernels";
  static final String VECTOR_MODULE = "jdk.incubator.vector";

  static final Kernels INSTANCE = choose(System.getProperty(KERNELS_PROPERTY),
      ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent());

  private KernelProvider() {}

  /**
   * The kernels for a JVM where the system property {@code sgd4j.kernels} is {@code forced} (or null)
   * and the Vector API module is present or not.
   */
  static Kernels choose(String forced, boolean vectorModule) {
    System.Logger log = System.getLogger(Kernels.class.getName());
    if (forced != null && !forced.equals("scalar") && !forced.equals("vector")) {
      throw new IllegalArgumentException("Invalid value of system property " + KERNELS_PROPERTY + ": '" + forced
          + "' (expected 'scalar' or 'vector')");
    }
    if ("scalar".equals(forced)) {
      return new ScalarKernels();
    }
    if (!vectorModule) {
      log.log(Level.INFO, "sgd4j: using scalar kernels; start the JVM with --add-modules " + VECTOR_MODULE
          + " for the SIMD (Vector API) fast path");
      return new ScalarKernels();
    }
    try {
      return (Kernels) Class.forName(KernelProvider.class.getPackageName() + ".VectorKernels")
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      log.log(Level.WARNING, "sgd4j: the Vector API kernels failed to load (" + e + "); using scalar kernels");
      return new ScalarKernels();
    }
  }
}
