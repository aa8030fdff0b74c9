package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CPU description from Linux's files, and the safe defaults where they are missing. */
class CpuInfoTest {

  @Test
  void readsModelCachesAndRegistersFromLinuxFiles(@TempDir Path dir) throws IOException {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\n"
        + "model name\t: AMD EPYC\nstepping\t: 1\nflags\t\t: fpu sse avx2 avx512f avx512bw\n\nprocessor\t: 1\n");
    Path caches = dir.resolve("cache");
    cache(caches, 0, "1", "Data", "48K", "0");
    cache(caches, 1, "1", "Instruction", "32K", "0");
    cache(caches, 2, "2", "Unified", "1024K", "0");
    cache(caches, 3, "3", "Unified", "32768K", "0-1");
    CpuInfo cpu = CpuInfo.read(cpuinfo, caches, "amd64");
    assertThat(cpu.model()).isEqualTo("AMD EPYC (family 26 model 2 stepping 1)");
    assertThat(cpu.l1d()).isEqualTo(48 << 10);
    assertThat(cpu.l2()).isEqualTo(1 << 20);
    assertThat(cpu.l3()).isEqualTo(16L << 20);
    assertThat(cpu.vectorRegisters()).isEqualTo(32);
  }

  @Test
  void missingFilesGiveTheDefaults(@TempDir Path dir) {
    CpuInfo cpu = CpuInfo.read(dir.resolve("none"), dir.resolve("none"), "amd64");
    assertThat(cpu).isEqualTo(new CpuInfo("amd64", CpuInfo.DEFAULT_L1D, CpuInfo.DEFAULT_L2, CpuInfo.DEFAULT_L3, 16));
    assertThat(CpuInfo.read(dir.resolve("none"), dir.resolve("none"), "aarch64").vectorRegisters()).isEqualTo(32);
  }

  @Test
  void sizesAndCpuLists() {
    assertThat(CpuInfo.bytes("48K")).isEqualTo(48 << 10);
    assertThat(CpuInfo.bytes("32M")).isEqualTo(32L << 20);
    assertThat(CpuInfo.bytes("512")).isEqualTo(512);
    assertThat(CpuInfo.bytes("lots")).isZero();
    assertThat(CpuInfo.cpus("0-3,8,10-11")).isEqualTo(7);
    assertThat(CpuInfo.cpus("x")).isEqualTo(1);
  }

  private static void cache(Path caches, int index, String level, String type, String size, String shared)
      throws IOException {
    Path d = Files.createDirectories(caches.resolve("index" + index));
    Files.writeString(d.resolve("level"), level + "\n");
    Files.writeString(d.resolve("type"), type + "\n");
    Files.writeString(d.resolve("size"), size + "\n");
    Files.writeString(d.resolve("shared_cpu_list"), shared + "\n");
  }
}
