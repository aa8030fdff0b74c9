package org.sgd4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The provider picks the Vector API kernels exactly when the JVM has {@code jdk.incubator.vector}: the
 * normal surefire run (no module) must get {@code scalar}, the SIMD run ({@code --add-modules
 * jdk.incubator.vector}) must get {@code vector}.
 */
class KernelProviderTest {

  @Test
  void choosesVectorKernelsExactlyWhenTheModuleIsPresent() {
    boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    assertThat(Kernels.get().name()).isEqualTo(module ? "vector" : "scalar");
  }

  @Test
  void surefireExecutionGetsTheKernelsItExpects() {
    // Set by the pom for each surefire execution, so a SIMD run that silently fell back fails here.
    String expected = System.getProperty("sgd4j.test.expectKernels");
    if (expected != null) {
      assertThat(Kernels.get().name()).isEqualTo(expected);
    }
  }
}
