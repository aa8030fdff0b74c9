package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The provider picks the Vector API kernels exactly when the JVM has {@code jdk.incubator.vector}: the
 * normal surefire run (no module) must get {@code scalar}, the SIMD run ({@code --add-modules
 * jdk.incubator.vector}) must get {@code vector}. The SIMD run forces the tile (pom), so it neither probes
 * nor writes to the user's cache; {@link TileChoiceTest} exercises the probe.
 */
class VectorizationProviderTest {
  private static final boolean MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  @Test
  void choosesVectorKernelsExactlyWhenTheModuleIsPresent() {
    assertThat(Kernels.get().name()).isEqualTo(MODULE ? "vector" : "scalar");
    assertThat(VectorizationProvider.get().name()).isEqualTo(Kernels.get().name());
    assertThat(VectorizationProvider.get().convolution() != null).isEqualTo(MODULE);
    assertThat(VectorizationProvider.get().lanes()).isEqualTo(MODULE ? VectorGemm.W : 1);
  }

  @Test
  void surefireExecutionGetsTheKernelsItExpects() {
    // Set by the pom for each surefire execution, so a SIMD run that silently fell back fails here;
    // under another runner the JVM's modules say which kernels it must have chosen.
    String expected = System.getProperty("sgd4j.test.expectKernels", MODULE ? "vector" : "scalar");
    assertThat(Kernels.get().name()).isEqualTo(expected);
    String lanes = System.getProperty("sgd4j.test.expectLanes");
    if (lanes != null) {
      // The 8-lane execution caps the vector size (-XX:MaxVectorSize=32): it must really run 8 lanes.
      assertThat(VectorizationProvider.get().lanes()).isEqualTo(Integer.parseInt(lanes));
    }
    String tile = System.getProperty(VectorizationProvider.TILE_PROPERTY);
    if (MODULE && tile != null) {
      assertThat(Kernels.get().tile()).isEqualTo(tile);
      assertThat(VectorizationProvider.get().description()).contains("tile " + tile).contains("forced by -Dsgd4j.gemm.tile");
    }
  }

  @Test
  void scalarCanBeForcedAndABadChoiceIsNamed() {
    assertThat(VectorizationProvider.lookup("scalar", true).kernels().name()).isEqualTo("scalar");
    assertThat(VectorizationProvider.lookup(null, false).kernels().name()).isEqualTo("scalar");
    assertThat(VectorizationProvider.lookup(null, false).convolution()).isNull();
    assertThatThrownBy(() -> VectorizationProvider.lookup("fast", true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sgd4j.kernels").hasMessageContaining("'fast'");
  }

  @Test
  void fallsBackCleanlyWhenTheVectorClassesCannotLoad() {
    // Claiming the module is there when it is not makes loading the Vector API classes fail: the provider
    // must still hand out working scalar kernels. With the module, it loads the Vector API kernels.
    Kernels k = VectorizationProvider.lookup(null, true).kernels();
    assertThat(k.name()).isEqualTo(MODULE ? "vector" : "scalar");
    float[] c = new float[1];
    k.sgemm(false, false, 1, 1, 2, 1f, new float[] {2f, 3f}, 0, 2, new float[] {5f, 7f}, 0, 1, 0f, c, 0, 1);
    assertThat(c[0]).isEqualTo(31f);
  }
}
