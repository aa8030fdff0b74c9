package org.sgd4j.tensor.kernel;

import java.lang.System.Logger.Level;

/**
 * The one owner of the SIMD code, chosen once per JVM as Lucene's {@code VectorizationProvider} does:
 * the Vector API implementation ({@link PanamaVectorizationProvider}) when the JVM has the
 * {@code jdk.incubator.vector} module (started with {@code --add-modules jdk.incubator.vector}), loaded
 * reflectively so that the scalar path never touches the incubator classes; otherwise the portable scalar
 * one ({@link DefaultVectorizationProvider}), with one INFO line telling how to get the fast path.
 *
 * <p>It hands out every facility whose speed depends on the vector width: the SGEMM {@link #kernels()}
 * (whose register tile the SIMD provider picks by measuring, see {@link PanamaVectorizationProvider}) and
 * the {@link #convolution() direct convolution}, and the loops that C2 leaves scalar or slow
 * ({@link #reluMask}, {@link #columnSums}, {@link #sumBlocks}, {@link #addLanes}, {@link #copyRows},
 * {@link #maxPoolRows}). It knows the vector width ({@link #lanes()}) and the CPU's caches ({@link #cpu()}).
 *
 * <p>System properties: {@code sgd4j.kernels=scalar} forces the scalar implementation (for comparisons);
 * {@code sgd4j.gemm.tile} forces a SIMD register tile (see {@link PanamaVectorizationProvider}).
 */
public abstract class VectorizationProvider {
  /** The system property that can force {@code scalar} kernels. */
  public static final String KERNELS_PROPERTY = "sgd4j.kernels";
  /** The system property that forces a SIMD register tile, such as {@code 8x2} (see {@link PanamaVectorizationProvider}). */
  public static final String TILE_PROPERTY = "sgd4j.gemm.tile";
  static final String VECTOR_MODULE = "jdk.incubator.vector";

  VectorizationProvider() {}

  /** The provider of this JVM. */
  public static VectorizationProvider get() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final VectorizationProvider INSTANCE = lookup(System.getProperty(KERNELS_PROPERTY),
        ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent());
  }

  /** {@code "scalar"} or {@code "vector"}. */
  public abstract String name();

  /** Floats per vector register the kernels use: 1 for the scalar provider. */
  public abstract int lanes();

  /** The SGEMM and fully connected layer kernels. */
  public abstract Kernels kernels();

  /** The direct convolution kernels, or null where there are none (convolution then uses im2col and SGEMM). */
  public abstract DirectConvolution convolution();

  /**
   * The backward of relu over {@code [from, to)}, PyTorch's {@code threshold_backward(g, out, 0)}:
   * {@code masked[i] = out[i] <= 0 ? +0 : g[i]}, for {@code out} relu's output (+0, positive or NaN). The
   * same bits from every provider ({@link ReluMask}).
   */
  public abstract void reluMask(float[] g, float[] out, float[] masked, int from, int to);

  /**
   * Columns {@code [c0, c1)} of the column sums of a row-major {@code rows x cols} block at {@code x[off]}:
   * {@code out[outOff + j] = Σ_r x[off + r·cols + j]}, or that sum divided by {@code rows} when {@code mean},
   * summed in row order in double and rounded to float once. The same bits from every provider
   * ({@link ColumnSums}).
   */
  public abstract void columnSums(float[] x, int off, int rows, int cols, int c0, int c1, boolean mean, float[] out,
                                  int outOff);

  /**
   * Elements {@code [from, to)} of the total of {@code blocks ≥ 1} blocks of {@code size} floats laid one after
   * another in {@code partial}: {@code total[i] = ((p_0[i] + p_1[i]) + p_2[i]) + …}, in block order, in float.
   * The same bits from every provider ({@link BlockSums}).
   */
  public abstract void sumBlocks(float[] partial, int blocks, int size, int from, int to, float[] total);

  /** The lanes of {@link #addLanes}, and the floats of each of its blocks: 16. */
  public static final int ADD_LANES = LaneSums.LANES;

  /**
   * Sixteen ({@link #ADD_LANES}) running sums over {@code blocks} consecutive blocks of sixteen floats from
   * {@code x[from]}: {@code lanes[j] += x[from + 16 b + j]}, block by block in order (a convolution's bias
   * gradient). The same bits from every provider ({@link LaneSums}).
   */
  public abstract void addLanes(float[] x, int from, int blocks, float[] lanes);

  /**
   * Copies {@code rows} runs of {@code len} floats, run r from {@code src[srcOff + r·srcStride]}, one after
   * another to {@code dst[dstOff + r·len]} (im2col's rows at unit stride); {@code src} and {@code dst} are
   * different arrays, and nothing else of {@code dst} is written ({@link RowCopy}).
   */
  public abstract void copyRows(float[] src, int srcOff, int srcStride, int rows, int len, float[] dst, int dstOff);

  /**
   * Output rows of one plane of 2x2 max pooling with stride 2, {@code wo} windows each, output row oy's
   * input rows starting at {@code in[rowOff + oy·rowStep]} and {@code w} further: {@code out[outOff + oy·wo +
   * ox]} the window's maximum and {@code arg[outOff + oy·wo + ox]} its first maximal element's index,
   * {@code q + oy·rowStep + 2·ox} plus 0, 1, {@code w} or {@code w + 1}. Returns how many of the rows
   * {@code 0 .. ho-1} it computed, from the first: the caller computes the others itself (rows with no
   * SIMD path, from a window holding a NaN on). {@code scratch}: at least {@code 2 · lanes()} floats.
   */
  public abstract int maxPoolRows(float[] in, int rowOff, int rowStep, int w, int ho, int wo, int q, int[] arg,
                                  float[] out, int outOff, float[] scratch);

  /** One line for logs and benchmark reports: the kernels, the vector width, the tile and how it was chosen. */
  public abstract String description();

  /** The CPU the choices were made for. */
  public CpuInfo cpu() {
    return CpuInfo.get();
  }

  /**
   * The provider for a JVM where the system property {@code sgd4j.kernels} is {@code forced} (or null)
   * and the Vector API module is present or not.
   */
  static VectorizationProvider lookup(String forced, boolean vectorModule) {
    System.Logger log = System.getLogger(VectorizationProvider.class.getName());
    if (forced != null && !forced.equals("scalar") && !forced.equals("vector")) {
      throw new IllegalArgumentException("Invalid value of system property " + KERNELS_PROPERTY + ": '" + forced
          + "' (expected 'scalar' or 'vector')");
    }
    if ("scalar".equals(forced)) {
      return new DefaultVectorizationProvider();
    }
    if (!vectorModule) {
      log.log(Level.INFO, "sgd4j: using scalar kernels; start the JVM with --add-modules " + VECTOR_MODULE
          + " for the SIMD (Vector API) fast path");
      return new DefaultVectorizationProvider();
    }
    try {
      return (VectorizationProvider) Class.forName(VectorizationProvider.class.getPackageName()
          + ".PanamaVectorizationProvider").getDeclaredConstructor().newInstance();
    } catch (java.lang.reflect.InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException bad) {
        throw bad; // a bad sgd4j.gemm.tile: refused, not replaced by a guess
      }
      log.log(Level.WARNING, "sgd4j: the Vector API kernels failed to load (" + e.getCause() + "); using scalar kernels");
      return new DefaultVectorizationProvider();
    } catch (ReflectiveOperationException | LinkageError e) {
      log.log(Level.WARNING, "sgd4j: the Vector API kernels failed to load (" + e + "); using scalar kernels");
      return new DefaultVectorizationProvider();
    }
  }
}
