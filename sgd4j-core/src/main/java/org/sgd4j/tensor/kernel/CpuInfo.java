package org.sgd4j.tensor.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the kernels need to know about the CPU they run on: its model (the key under which a measured
 * choice is remembered), the sizes of its data caches (from Linux's
 * {@code /sys/devices/system/cpu/cpu0/cache/index*}, safe defaults elsewhere) and whether it has 32
 * vector registers (AVX-512 or AArch64) or 16 (AVX2, SSE).
 *
 * @param model the CPU model as {@code /proc/cpuinfo} names it, with family, model and stepping where given
 *     (else the OS architecture)
 * @param l1d bytes of level-1 data cache per core
 * @param l2 bytes of level-2 cache per core
 * @param l3 bytes of level-3 cache per core: its size divided by the cores sharing it (0 when there is none)
 * @param vectorRegisters architectural vector registers, 16 or 32
 */
public record CpuInfo(String model, int l1d, int l2, long l3, int vectorRegisters) {
  /** Caches assumed when the system does not describe them: small enough for any current x86 or ARM core. */
  static final int DEFAULT_L1D = 32 << 10;
  static final int DEFAULT_L2 = 256 << 10;
  static final long DEFAULT_L3 = 1L << 20;

  private static final Path CPUINFO = Path.of("/proc/cpuinfo");
  private static final Path CACHES = Path.of("/sys/devices/system/cpu/cpu0/cache");

  /** This machine's, read once. */
  public static CpuInfo get() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final CpuInfo INSTANCE = read(CPUINFO, CACHES, System.getProperty("os.arch", "unknown"));
  }

  /**
   * Reads the description from a {@code cpuinfo} file and a {@code cache} directory laid out as Linux's;
   * missing or unreadable files give the defaults.
   */
  static CpuInfo read(Path cpuinfo, Path caches, String arch) {
    List<String> info = lines(cpuinfo);
    String name = field(info, "model name");
    String family = field(info, "cpu family");
    String model = field(info, "model");
    String stepping = field(info, "stepping");
    String id = name == null ? arch : name + (family == null ? "" : " (family " + family + " model " + model
        + " stepping " + stepping + ")");
    String flags = field(info, "flags");
    boolean wide = arch.equals("aarch64") || (flags != null && (" " + flags + " ").contains(" avx512f "));
    long l1d = 0;
    long l2 = 0;
    long l3 = 0;
    for (int i = 0; i < 8; i++) {
      Path dir = caches.resolve("index" + i);
      String level = first(dir.resolve("level"));
      String type = first(dir.resolve("type"));
      long size = bytes(first(dir.resolve("size")));
      if (level == null || type == null || size <= 0 || type.equals("Instruction")) {
        continue;
      }
      int sharers = Math.max(1, cpus(first(dir.resolve("shared_cpu_list"))));
      switch (level) {
        case "1" -> l1d = size;
        case "2" -> l2 = size / sharers;
        case "3" -> l3 = size / sharers;
        default -> { }
      }
    }
    return new CpuInfo(id, (int) (l1d > 0 ? l1d : DEFAULT_L1D), (int) (l2 > 0 ? l2 : DEFAULT_L2),
        l3 > 0 ? l3 : DEFAULT_L3, wide ? 32 : 16);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private static String first(Path file) {
    List<String> l = lines(file);
    return l.isEmpty() ? null : l.get(0).trim();
  }

  /** The value of the first {@code key : value} line of {@code /proc/cpuinfo} with this key, or null. */
  private static String field(List<String> info, String key) {
    for (String line : info) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /** {@code "48K"}, {@code "1024K"}, {@code "32M"} in bytes; 0 when unreadable. */
  static long bytes(String size) {
    if (size == null || size.isEmpty()) {
      return 0;
    }
    String s = size.toUpperCase(Locale.ROOT);
    long unit = s.endsWith("K") ? 1L << 10 : s.endsWith("M") ? 1L << 20 : s.endsWith("G") ? 1L << 30 : 1;
    try {
      return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The number of CPUs in a list such as {@code "0-3,8"}; 1 when unreadable. */
  static int cpus(String list) {
    if (list == null || list.isEmpty()) {
      return 1;
    }
    int n = 0;
    try {
      for (String part : list.split(",")) {
        int dash = part.indexOf('-');
        n += dash < 0 ? 1 : Integer.parseInt(part.substring(dash + 1).trim()) - Integer.parseInt(part.substring(0, dash).trim()) + 1;
      }
    } catch (NumberFormatException e) {
      return 1;
    }
    return Math.max(1, n);
  }
}
