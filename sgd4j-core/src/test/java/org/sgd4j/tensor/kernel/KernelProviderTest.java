package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void scalarCanBeForcedAndABadChoiceIsNamed() {
    assertThat(KernelProvider.choose("scalar", true).name()).isEqualTo("scalar");
    assertThat(KernelProvider.choose(null, false).name()).isEqualTo("scalar");
    assertThatThrownBy(() -> KernelProvider.choose("fast", true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sgd4j.kernels").hasMessageContaining("'fast'");
  }

  @Test
  void fallsBackCleanlyWhenTheVectorClassesCannotLoad() {
    // Claiming the module is there when it is not makes loading VectorKernels fail: the provider must
    // still hand out working scalar kernels. With the module, it loads the Vector API kernels.
    boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    Kernels k = KernelProvider.choose(null, true);
    assertThat(k.name()).isEqualTo(module ? "vector" : "scalar");
    float[] c = new float[1];
    k.sgemm(false, false, 1, 1, 2, 1f, new float[] {2f, 3f}, 0, 2, new float[] {5f, 7f}, 0, 1, 0f, c, 0, 1);
    assertThat(c[0]).isEqualTo(31f);
  }
}
