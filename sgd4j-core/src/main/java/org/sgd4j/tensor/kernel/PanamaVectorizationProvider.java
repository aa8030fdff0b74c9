package org.sgd4j.tensor.kernel;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The provider on the Vector API: SGEMM with a register tile picked for this CPU, the direct
 * convolution, relu's backward mask ({@link VectorReluMask}) and the bias gradient's lane sums
 * ({@link VectorLaneSums}). Only {@link VectorizationProvider} refers to this class, by name and reflectively, when the
 * JVM has {@code jdk.incubator.vector}.
 *
 * <p>The tile comes from a small family of micro-kernels, rows by vectors of the preferred width W
 * ({@code 8x2} is 8 rows by 2W columns): {@value #FAMILY_32} where the CPU has 32 vector registers (AVX-512,
 * AArch64), {@value #FAMILY_16} where it has 16 (AVX2), each keeping its accumulators, its row of B and one
 * broadcast in registers. Tiles of more than 16 accumulators (12x2, 6x4, 8x3 on AVX-512) are left out: C1
 * gives up on their micro-kernels ("out of virtual registers"), and until C2 compiles them, which on a
 * loaded machine may take minutes, they run in the Vector API's Java fallback, which boxes every vector.
 * The choice is, in order:
 * <ol>
 *   <li>the system property {@value VectorizationProvider#TILE_PROPERTY} when it is set (any tile of
 *       {@link #TILES}; another value is refused);
 *   <li>the choice remembered for this CPU model, JVM and vector width in the user's cache directory
 *       ({@link TileCache});
 *   <li>otherwise the fastest candidate of a start-up probe ({@link GemmProbe}), then remembered there.
 * </ol>
 * The choice is logged once (INFO). The blocking follows the caches ({@link CpuInfo}): a packed
 * {@code MC x KC} block of A fills at most half of L2, a {@code KC x NC} block of B half of this core's
 * share of L3. KC is the same for every tile, so the tile and the blocking change the speed, never the
 * bits (see {@link VectorGemm}).
 */
final class PanamaVectorizationProvider extends VectorizationProvider {
  /** Every tile that can be forced. */
  static final List<String> TILES = List.of("4x2", "6x2", "8x2", "4x3", "4x4");
  static final String FAMILY_32 = "4x2, 8x2, 4x3, 4x4";
  static final String FAMILY_16 = "4x2, 6x2, 4x3";
  /** Largest blocks: beyond them a bigger cache no longer helps and the buffers only grow. */
  static final int MAX_MC = 1024;
  static final int MAX_NC = 4096;

  private final CpuInfo cpu;
  private final VectorGemm kernels;
  private final String choice;
  private final DirectConvolution convolution = new VectorConvolution();

  PanamaVectorizationProvider() {
    this(CpuInfo.get(), System.getProperty(TILE_PROPERTY), TileCache.user());
    System.getLogger(VectorizationProvider.class.getName()).log(Level.INFO, "sgd4j: " + description());
  }

  /**
   * The provider for {@code cpu}, with the tile {@code forced} by the system property (or null), else the one
   * remembered in {@code cache}, else the probe's.
   */
  PanamaVectorizationProvider(CpuInfo cpu, String forced, TileCache cache) {
    this.cpu = cpu;
    String tile;
    String how;
    if (forced != null) {
      tile = forced.trim().toLowerCase(Locale.ROOT);
      if (!TILES.contains(tile)) {
        throw new IllegalArgumentException("Invalid value of system property " + TILE_PROPERTY + ": '" + forced
            + "' (expected one of " + String.join(", ", TILES) + ")");
      }
      how = "forced by -D" + TILE_PROPERTY;
    } else {
      List<String> family = family(cpu.vectorRegisters());
      String key = TileCache.key(cpu.model(), VectorGemm.W);
      String remembered = cache.lookup(key);
      if (remembered != null && family.contains(remembered)) {
        tile = remembered;
        how = "remembered in " + cache.file();
      } else {
        long t0 = System.nanoTime();
        long cpu0 = GemmProbe.now();
        Map<String, Double> speeds = probe(cpu, family);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long cpuMs = (GemmProbe.now() - cpu0) / 1_000_000;
        tile = fastest(speeds);
        String measured = format(speeds);
        how = "probed in " + ms + " ms, " + cpuMs + " ms of this thread's CPU (" + measured
            + " GFLOPS per CPU-second)";
        try {
          cache.store(key, tile, measured);
          how += ", remembered in " + cache.file();
        } catch (IOException | RuntimeException e) {
          how += "; could not remember it in " + cache.file() + ": " + e;
        }
      }
    }
    this.kernels = make(tile, cpu);
    this.choice = how;
  }

  /** The tiles tried on a CPU with this many vector registers. */
  static List<String> family(int registers) {
    return List.of((registers >= 32 ? FAMILY_32 : FAMILY_16).split(", "));
  }

  /** Each candidate's speed on one packed product whose sides are multiples of every tile. */
  static Map<String, Double> probe(CpuInfo cpu, List<String> family) {
    Map<String, Kernels> candidates = new LinkedHashMap<>();
    for (String t : family) {
      candidates.put(t, make(t, cpu));
    }
    return GemmProbe.measure(candidates, 96, 12 * VectorGemm.W, VectorGemm.KC);
  }

  private static String fastest(Map<String, Double> speeds) {
    return speeds.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private static String format(Map<String, Double> speeds) {
    StringBuilder s = new StringBuilder();
    speeds.forEach((t, g) -> s.append(s.length() == 0 ? "" : ", ").append(t).append(' ')
        .append(String.format(Locale.ROOT, "%.1f", g)));
    return s.toString();
  }

  /** The SGEMM with tile {@code tile} (one of {@link #TILES}), blocked for {@code cpu}'s caches. */
  static VectorGemm make(String tile, CpuInfo cpu) {
    int w = VectorGemm.W;
    VectorGemm g = switch (tile) {
      case "4x2" -> new VectorGemm4x2(mc(cpu, 4), nc(cpu, 2 * w));
      case "6x2" -> new VectorGemm6x2(mc(cpu, 6), nc(cpu, 2 * w));
      case "8x2" -> new VectorGemm8x2(mc(cpu, 8), nc(cpu, 2 * w));
      case "4x3" -> new VectorGemm4x3(mc(cpu, 4), nc(cpu, 3 * w));
      case "4x4" -> new VectorGemm4x4(mc(cpu, 4), nc(cpu, 4 * w));
      default -> throw new IllegalArgumentException("Unknown SGEMM tile '" + tile + "' (expected one of "
          + String.join(", ", TILES) + ")");
    };
    return g.withNarrow(new VectorGemm8x1(mc(cpu, 8), nc(cpu, w)));
  }

  /** Rows of a packed block of A: {@code MC x KC} floats in half of L2, a multiple of {@code mr}. */
  static int mc(CpuInfo cpu, int mr) {
    long rows = cpu.l2() / 2 / (VectorGemm.KC * Float.BYTES);
    return (int) Math.max(mr, Math.min(MAX_MC, rows) / mr * mr);
  }

  /** Columns of a packed block of B: {@code KC x NC} floats in half of this core's L3, a multiple of {@code nr}. */
  static int nc(CpuInfo cpu, int nr) {
    long cols = cpu.l3() / 2 / (VectorGemm.KC * Float.BYTES);
    return (int) Math.max(nr, Math.min(MAX_NC, cols) / nr * nr);
  }

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public int lanes() {
    return VectorGemm.W;
  }

  @Override
  public Kernels kernels() {
    return kernels;
  }

  @Override
  public DirectConvolution convolution() {
    return convolution;
  }

  @Override
  public void reluMask(float[] g, float[] out, float[] masked, int from, int to) {
    VectorReluMask.mask(g, out, masked, from, to);
  }

  @Override
  public void columnSums(float[] x, int off, int rows, int cols, int c0, int c1, boolean mean, float[] out,
                         int outOff) {
    VectorColumnSums.sums(x, off, rows, cols, c0, c1, mean, out, outOff);
  }

  @Override
  public void sumBlocks(float[] partial, int blocks, int size, int from, int to, float[] total) {
    VectorBlockSums.sum(partial, blocks, size, from, to, total);
  }

  @Override
  public void addLanes(float[] x, int from, int blocks, float[] lanes) {
    VectorLaneSums.add(x, from, blocks, lanes);
  }

  @Override
  public void copyRows(float[] src, int srcOff, int srcStride, int rows, int len, float[] dst, int dstOff) {
    VectorRowCopy.copy(src, srcOff, srcStride, rows, len, dst, dstOff);
  }

  @Override
  public CpuInfo cpu() {
    return cpu;
  }

  @Override
  public String description() {
    return "SIMD kernels, " + VectorGemm.W + " float lanes, SGEMM tile " + kernels.tile() + " ("
        + kernels.mr() + " x " + kernels.nr() + " floats, MC " + kernels.mc() + ", KC " + VectorGemm.KC + ", NC "
        + kernels.nc() + ") on " + cpu.model() + ": " + choice;
  }

  /**
   * Rows of whole vectors of windows, and rows of at most half a vector, by {@link VectorMaxPool}; others
   * left to the caller.
   */
  @Override
  public int maxPoolRows(float[] in, int rowOff, int rowStep, int w, int ho, int wo, int q, int[] arg, float[] out,
                         int outOff, float[] scratch) {
    if (wo % VectorGemm.W == 0) {
      return VectorMaxPool.rows(in, rowOff, rowStep, w, ho, wo, q, arg, out, outOff, scratch);
    }
    return 2 * wo <= VectorGemm.W ? VectorMaxPool.narrowRows(in, rowOff, rowStep, w, ho, wo, q, arg, out, outOff,
        scratch) : 0;
  }
}
