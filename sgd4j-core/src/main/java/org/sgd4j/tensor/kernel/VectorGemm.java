package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD SGEMM on the Vector API ({@code jdk.incubator.vector}): the packed, cache-blocked driver of
 * {@link PackedGemm} with a register-blocked micro-kernel of fused multiply-adds, {@code MR} rows by a
 * whole number of vectors of the platform's preferred width {@link #W}. Each tile is a subclass with its
 * own explicitly unrolled micro-kernel ({@code VectorGemm8x2} is 8 rows by 2 vectors), because C2 keeps
 * vectors in registers only when they are locals; {@link PanamaVectorizationProvider} picks one.
 *
 * <p>Every tile uses the same k-blocking {@link #KC} and computes each element of C as the chain
 * {@code acc = fma(a_ip, b_pj, acc)} over p from zero in each k-block, then stores {@code acc} or
 * {@code c * beta + acc}. So the bits do not depend on which tile (or which MC, NC blocking) computed a
 * product: the tile the probe picks on one machine changes the speed, not the results.
 *
 * <p>The stores. A tile stores {@code C + acc} in one form for both values of β it sees (1, or 0:
 * {@link PackedGemm#sgemm} scales C by any other β first): with β = 0 its rows are read from
 * {@link #NEG_ZEROS} instead of C, which may then hold anything, NaN included, as in BLAS, and
 * {@code −0 + acc = acc} in every bit. No vector operation sits in a branch, because a branch that is cold
 * when C2 compiles the method may keep its Vector API calls as calls into the API's boxing Java fallback
 * for the rest of the run (with {@code if (β == 0) store acc else store C·β + acc}, the second branch,
 * first reached after the first k-block, did so in some JVM starts: the whole product at half speed).
 * The stores are written out in each tile, not in a helper, for the same reason: an un-inlined helper
 * gets its vectors boxed.
 */
abstract class VectorGemm extends PackedGemm {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** Lanes of the preferred vector. */
  static final int W = S.length();
  /** The k-blocking of every SIMD tile: fixed, so that the choice of tile never changes the bits. */
  static final int KC = 256;
  /**
   * A row of −0.0, the stand-in for C's rows when β = 0: the tiles then store −0 + acc = acc, with the
   * same operations as C + acc (see the stores above). As wide as the widest tile.
   */
  static final float[] NEG_ZEROS = negativeZeros(4 * W);

  private VectorGemm narrow;

  private static float[] negativeZeros(int n) {
    float[] z = new float[n];
    java.util.Arrays.fill(z, -0f);
    return z;
  }

  VectorGemm(int mr, int nr, int mc, int nc) {
    super(mr, nr, KC, mc, nc);
  }

  /**
   * Hands products with at most one vector of columns to {@code narrow} (an {@code 8 x 1} tile), where a
   * tile of several vectors would leave most of its accumulators on zero padding.
   */
  VectorGemm withNarrow(VectorGemm narrow) {
    this.narrow = narrow;
    return this;
  }

  /**
   * A transposed B's whole panels with {@link VectorTranspose}'s in-register transposes (the same floats
   * in the same places), the rest with the scalar packing.
   */
  @Override
  void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kc, int ncb, float[] bp, int bpOff) {
    int nr = nr();
    int full = transB && VectorTranspose.SUPPORTED ? ncb / nr * nr : 0;
    if (full > 0) {
      VectorTranspose.packTransposed(b, bOff + jc * ldb + pc, ldb, full, kc, nr, bp, bpOff);
    }
    if (full < ncb) {
      Packing.packB(transB, b, bOff, ldb, pc, jc + full, kc, ncb - full, nr, bp, bpOff + full * kc);
    }
  }

  /**
   * A row-major A's whole panels with {@link VectorInterleave}'s in-register interleaves, a transposed A's
   * whole vectors of rows with {@link VectorTranspose#packTransposedA} (the same floats in the same places),
   * the rest with the scalar packing.
   */
  @Override
  void packA(boolean transA, float[] a, int aOff, int lda, int ic, int pc, int mcb, int kc, float alpha, float[] ap,
             int apOff) {
    int mr = mr();
    int full;
    if (transA) {
      full = VectorTranspose.supportsTransposedA(mr) ? mcb / W * W : 0;
      if (full > 0) {
        VectorTranspose.packTransposedA(a, aOff + pc * lda + ic, lda, full, kc, mr, alpha, ap, apOff);
      }
    } else {
      full = VectorInterleave.supports(mr) ? mcb / mr * mr : 0;
      if (full > 0) {
        VectorInterleave.packRows(a, aOff + ic * lda + pc, lda, full, kc, mr, alpha, ap, apOff);
      }
    }
    if (full < mcb) {
      Packing.packA(transA, a, aOff, lda, ic + full, pc, mcb - full, kc, mr, alpha, ap, apOff + full * kc);
    }
  }

  /** {@link VectorTranspose#transpose}'s in-register blocks where this width has them (the same floats moved). */
  @Override
  void transpose(float[] src, int s, int lds, int rows, int cols, float[] dst, int d, int ldd) {
    if (VectorTranspose.SUPPORTED) {
      VectorTranspose.transpose(src, s, lds, rows, cols, dst, d, ldd);
    } else {
      super.transpose(src, s, lds, rows, cols, dst, d, ldd);
    }
  }

  /**
   * A last panel with fewer columns than the tile's vectors hold runs {@link VectorGemmColumns}, one vector
   * at a time, for the vectors that hold any of its {@code nw} columns; otherwise the whole tile.
   */
  @Override
  void edgeKernel(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bRow, int nw,
                  float[] tile) {
    int nr = nr();
    int vectors = (nw + W - 1) / W;
    if (vectors * W >= nr || !VectorGemmColumns.supports(mr())) {
      microKernel(kc, a, aOff, aRow, aStep, b, bOff, bRow, tile, 0, nr, 0f);
      return;
    }
    for (int v = 0; v < vectors; v++) {
      VectorGemmColumns.column(mr(), kc, a, aOff, aRow, aStep, b, bOff + v * W, bRow, tile, v * W, nr);
    }
  }

  /**
   * Whether {@code sgemm(false, true, m, n, k, 1, ...)} computes {@code Cᵀ = B Aᵀ} (the swapped product of
   * {@link PackedGemm}) on the narrow tile: not a small product, one that swaps, and C's m rows, the
   * columns of {@code Cᵀ}, at most one vector. A kernel that promises that product's bits without calling
   * it ({@link VectorImplicitWeightGrad}) asks this rather than repeating the conditions.
   */
  static boolean narrowSwapped(int m, int n, int k) {
    return (long) m * n * k >= SMALL && swaps(false, true, m, n, 1f) && m <= W;
  }

  @Override
  PackedGemm narrow(int n) {
    return n <= W && narrow != null ? narrow : null;
  }

  @Override
  public String name() {
    return "vector";
  }
}
