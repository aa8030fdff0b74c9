package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the SIMD provider chooses its tile: a forced tile is honoured or refused by name; otherwise the probe
 * picks one of the family, remembers it under this CPU and JVM, and a later start takes it from the cache
 * without probing. Runs in the SIMD surefire execution (skipped without the Vector API module).
 */
class TileChoiceTest {
  private static final CpuInfo CPU = CpuInfo.get();

  @Test
  void forcedTileIsHonouredAndABadOneRefusedByName(@TempDir Path dir) {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    TileCache cache = new TileCache(dir.resolve("tiles.properties"));
    for (String tile : PanamaVectorizationProvider.TILES) {
      PanamaVectorizationProvider p = new PanamaVectorizationProvider(CPU, tile, cache);
      assertThat(p.kernels().tile()).isEqualTo(tile);
      assertThat(p.description()).contains("forced by -Dsgd4j.gemm.tile");
    }
    assertThatThrownBy(() -> new PanamaVectorizationProvider(CPU, "5x5", cache))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sgd4j.gemm.tile")
        .hasMessageContaining("'5x5'").hasMessageContaining("8x2");
    assertThat(Files.exists(cache.file())).as("a forced tile is not written to the cache").isFalse();
  }

  @Test
  void probesOnceThenRemembersPerCpuAndJvm(@TempDir Path dir) throws Exception {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    TileCache cache = new TileCache(dir.resolve("sgd4j").resolve(TileCache.FILE_NAME));
    PanamaVectorizationProvider first = new PanamaVectorizationProvider(CPU, null, cache);
    String tile = first.kernels().tile();
    assertThat(PanamaVectorizationProvider.family(CPU.vectorRegisters())).contains(tile);
    assertThat(first.description()).contains("probed in").contains("remembered in " + cache.file());
    String key = TileCache.key(CPU.model(), VectorGemm.W);
    assertThat(cache.lookup(key)).isEqualTo(tile);
    assertThat(Files.readString(cache.file())).contains("measured");

    PanamaVectorizationProvider second = new PanamaVectorizationProvider(CPU, null, cache);
    assertThat(second.kernels().tile()).isEqualTo(tile);
    assertThat(second.description()).contains("remembered in").doesNotContain("probed");

    // An entry naming a tile outside this CPU's family (a hand-edited or stale file) is measured again.
    cache.store(key, "no-such-tile", "");
    PanamaVectorizationProvider third = new PanamaVectorizationProvider(CPU, null, cache);
    assertThat(third.description()).contains("probed in");
    assertThat(cache.lookup(key)).isEqualTo(third.kernels().tile());
  }

  @Test
  void blockingFollowsTheCaches() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    CpuInfo big = new CpuInfo("test", 48 << 10, 1 << 20, 16L << 20, 32);
    // MC x KC floats in half of L2: 512 rows, rounded down to a multiple of the tile's rows.
    assertThat(PanamaVectorizationProvider.mc(big, 8)).isEqualTo(512);
    assertThat(PanamaVectorizationProvider.mc(big, 12)).isEqualTo(504);
    assertThat(PanamaVectorizationProvider.nc(big, 32)).isEqualTo(PanamaVectorizationProvider.MAX_NC);
    CpuInfo tiny = new CpuInfo("test", 1 << 10, 1 << 10, 1 << 10, 16);
    assertThat(PanamaVectorizationProvider.mc(tiny, 6)).isEqualTo(6);
    assertThat(PanamaVectorizationProvider.nc(tiny, 48)).isEqualTo(48);
  }
}
