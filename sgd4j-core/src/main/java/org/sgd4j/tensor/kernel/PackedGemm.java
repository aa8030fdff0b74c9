package org.sgd4j.tensor.kernel;

/**
 * The cache-blocked, packed SGEMM driver shared by the kernel implementations, after Goto and van de
 * Geijn, "Anatomy of High-Performance Matrix Multiplication" (ACM TOMS 34(3), 2008) and the BLIS loop
 * nest: {@code C = alpha * op(A) * op(B) + beta * C}.
 *
 * <pre>
 * for jc in 0..n step NC                      split n for L3
 *   for pc in 0..k step KC                    split k: one KC x NC block of op(B) is packed
 *     pack op(B)[pc:pc+kc, jc:jc+nc] into NR-column panels (zero-padded)
 *     for ic in 0..m step MC                  split m for L2: one MC x KC block of alpha*op(A) is packed
 *       pack alpha * op(A)[ic:ic+mc, pc:pc+kc] into MR-row panels (zero-padded)
 *       for jr in 0..nc step NR               one KC x NR panel of B stays in L1
 *         for ir in 0..mc step MR
 *           micro-kernel: MR x NR tile of C (+)= panel of A * panel of B
 * </pre>
 *
 * <p>The micro-kernel is a method of its own ({@link #microKernel}); subclasses give it and its tile
 * size {@code MR x NR}. It sums the {@code kc} products of its block into register accumulators
 * starting from zero, in order {@code p = 0, 1, ..., kc-1}, then stores {@code acc} (when
 * {@code beta == 0}, so C is not read) or {@code c * beta + acc}; later k-blocks use
 * {@code beta = 1}. Tiles at the right and bottom edges run the same micro-kernel on zero-padded
 * panels into a scratch tile and are merged with the same scalar operations, so each element of C
 * gets the same bits whichever tile it falls in.
 *
 * <p>Threads: when the product is large enough, C is split over two dimensions as BLIS's jc and ic loops
 * split it: the {@link Parallel#threads()} threads form a grid of row ways by column ways (the split whose
 * parts are closest to square, {@link #colWays}), each block of B is packed once and shared, and each part
 * packs its own rows of A; rows are cut into up to {@value #PARTS_PER_THREAD} ranges per row way, each
 * thread running its own block of them first and then helping with what is left ({@link SpinPool}). A
 * wide C with many columns per thread ({@link #columnsOnly}) is split by columns alone, each part an
 * independent product that packs all of A itself. A weight gradient {@code gᵀ x} whose {@code g} such a
 * split wrote is split by rows alone ({@link #rowsOnly}), so that each thread reads the columns of g it
 * wrote and writes the rows of the gradient that it updates next; a layer's input gradient {@code g W} is
 * split by whole k-blocks ({@link #depthSplit}), so that each thread reads the rows of W it updates. A
 * layer's bias ({@link #linear}) is copied into C by the part that computes those elements. The partition
 * depends only on the shape and the thread count, and the k-blocking does not depend on it, so every
 * element of C is the same sum in the same order whatever the thread count: results are bit-identical
 * across thread counts.
 */
abstract class PackedGemm implements Kernels {
  /** Products with fewer multiply-adds than this skip packing. */
  static final long SMALL = 4096;
  /**
   * Products are split into parts of at least this many multiply-adds, about 5 µs of work on one core.
   * A part handed to another thread costs a few µs whatever its size (waking or signalling the thread,
   * the barrier, and A, B and C's cache lines crossing between the cores, which is several times dearer
   * between cores that share no last-level cache), so a smaller part makes the product slower, not faster:
   * LeNet's layers at batch 4 ran slower on two threads than on one with parts of 2^17
   * (bench/results/2026-12-05-small-products.md).
   */
  static final long PARALLEL_MIN_PER_THREAD = 1L << 19;
  /** Fewest columns per part for a columns-only split ({@link #columnsOnly}). */
  static final int COLUMN_PART_MIN = 256;
  /** Parts per thread when a product is split by rows. */
  static final int PARTS_PER_THREAD = 4;
  /** {@code A Bᵀ} with at most this many rows (and more columns) is computed as {@code (B Aᵀ)ᵀ}. */
  static final int SWAP_MAX_M = 64;
  /** Products with at most this many columns read a row-major A in place instead of packing it. */
  static final int DIRECT_A_MAX_N = 64;
  /** Products with at most this many rows read a row-major B in place instead of packing it. */
  static final int DIRECT_B_MAX_M = 32;
  /** The most floats of packed B that a grid packs for all k-blocks at once ({@link #onePass}; 1 MiB). */
  static final long ONE_PASS_MAX_B = 1L << 18;
  /** Elements per part below which {@link #swapped}'s transposes stay on one thread. */
  static final long TRANSPOSE_MIN_PER_PART = 1L << 13;
  /** Fewest rows of a packed panel per packing part ({@link #packSlices}). */
  static final int PACK_SLICE_MIN = 64;

  private final int mr;
  private final int nr;
  private final int kc;
  private final int mc;
  private final int nc;
  private final ThreadLocal<Buffers> buffers;

  /**
   * @param mr rows of the micro-kernel's tile
   * @param nr columns of the micro-kernel's tile
   * @param kc depth of a packed block (the k-blocking): a {@code kc x nr} panel of B should stay in L1
   * @param mc rows of a packed block of A (a multiple of mr): {@code mc x kc} should stay in L2
   * @param nc columns of a packed block of B (a multiple of nr)
   */
  PackedGemm(int mr, int nr, int kc, int mc, int nc) {
    if (mc % mr != 0 || nc % nr != 0) {
      throw new IllegalArgumentException("block sizes " + mc + "x" + nc + " must be multiples of the tile " + mr + "x" + nr);
    }
    this.mr = mr;
    this.nr = nr;
    this.kc = kc;
    this.mc = mc;
    this.nc = nc;
    this.buffers = ThreadLocal.withInitial(() -> new Buffers(mr * nr));
  }

  /** Rows of the micro-kernel's tile. */
  final int mr() {
    return mr;
  }

  /** Columns of the micro-kernel's tile. */
  final int nr() {
    return nr;
  }

  /** Rows of a packed block of A. */
  final int mc() {
    return mc;
  }

  /** Columns of a packed block of B. */
  final int nc() {
    return nc;
  }

  /**
   * The register-blocked micro-kernel: with {@code acc[i][j] = sum_{p<kc} a[aOff + i*aRow + p*aStep] *
   * b[bOff + p*bRow + j]} (summed in order of p from zero), stores {@code acc} into the MR x NR tile of
   * {@code c} at {@code cOff} with leading dimension {@code ldc} when {@code beta == 0}, else
   * {@code c + acc}: {@code beta} is 0 or 1 here, {@link #sgemm} having scaled C by any other β first. A
   * packed panel of A has {@code aRow = 1, aStep = MR}; rows of a row-major A read in place have
   * {@code aRow = lda, aStep = 1}. A packed panel of B has {@code bRow = NR}; a row-major B read in place
   * has {@code bRow = ldb}.
   */
  abstract void microKernel(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bRow, float[] c,
                            int cOff, int ldc, float beta);

  /**
   * An edge tile, whose rows or columns run past C's: the micro-kernel's sums for (at least) the first
   * {@code nw} columns, stored as with {@code beta == 0} into the scratch tile {@code tile} (leading
   * dimension NR), which the caller merges into C. A SIMD driver may skip the vectors of columns past
   * {@code nw}, with the same operations for the rest.
   */
  void edgeKernel(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bRow, int nw,
                  float[] tile) {
    microKernel(kc, a, aOff, aRow, aStep, b, bOff, bRow, tile, 0, nr, 0f);
  }

  /**
   * Packs {@code op(B)[pc:pc+kc, jc:jc+ncb]} into panels of NR columns from {@code bpOff}, as
   * {@link Packing#packB} lays them out; a SIMD driver may move the same floats with vectors.
   */
  void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kc, int ncb, float[] bp, int bpOff) {
    Packing.packB(transB, b, bOff, ldb, pc, jc, kc, ncb, nr, bp, bpOff);
  }

  /**
   * Packs {@code alpha * op(A)[ic:ic+mcb, pc:pc+kc]} into panels of MR rows from {@code apOff}, as
   * {@link Packing#packA} lays them out; a SIMD driver may move the same floats with vectors.
   */
  void packA(boolean transA, float[] a, int aOff, int lda, int ic, int pc, int mcb, int kc, float alpha, float[] ap,
             int apOff) {
    Packing.packA(transA, a, aOff, lda, ic, pc, mcb, kc, mr, alpha, ap, apOff);
  }

  /**
   * A driver with a tile better suited to products with {@code n} columns, or null to use this one.
   * It must use the same k-blocking, so that the bits do not change.
   */
  PackedGemm narrow(int n) {
    return null;
  }

  @Override
  public final void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc) {
    GemmArguments.check(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    product(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, null, 0, c, cOff, ldc);
  }

  /**
   * {@code C = alpha op(A) op(B) + beta C}, or with {@code bias} (then {@code beta = 1}) C's rows first set to
   * the bias by whichever thread computes them (through {@link #swapped}, the rows of {@code Cᵀ}): the bits
   * of a bias copied into C before the product, without one thread writing all of C for the others to read
   * back (on two cores without a shared cache that handover costs more than the copy).
   */
  private void product(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] bias, int biasOff, float[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0 || alpha == 0f) {
      fillBias(bias, biasOff, c, cOff, ldc, 0, m, 0, n);
      scale(m, n, beta, c, cOff, ldc);
      return;
    }
    long work = (long) m * n * k;
    if (work < SMALL) {
      fillBias(bias, biasOff, c, cOff, ldc, 0, m, 0, n);
      small(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    if (beta != 0f && beta != 1f) {
      // The micro-kernels only add C or ignore it (β = 1 or 0), which keeps their stores free of a branch
      // whose vector code C2 might compile cold (see VectorGemm). C·β rounded first, then added, is
      // what they would have computed: the same bits.
      scale(m, n, beta, c, cOff, ldc);
    }
    float betaKernel = beta == 0f ? 0f : 1f;
    if (swaps(transA, transB, m, n, alpha)) {
      swapped(m, n, k, a, aOff, lda, b, bOff, ldb, betaKernel, bias, biasOff, c, cOff, ldc);
      return;
    }
    PackedGemm narrow = narrow(n);
    if (narrow != null) {
      fillBias(bias, biasOff, c, cOff, ldc, 0, m, 0, n);
      narrow.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, betaKernel, c, cOff, ldc);
      return;
    }
    int rowTiles = (m + mr - 1) / mr;
    int colTiles = (n + nr - 1) / nr;
    int threads = threadsFor(work, Parallel.threads());
    if (threads <= 1) {
      blocked(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, betaKernel, bias, biasOff, c, cOff, ldc);
      return;
    }
    if (rowsOnly(threads, transA, m, k)) {
      // Rows only: each part is an independent product over its own rows, packing all of B itself.
      int ways = Math.min(threads, rowTiles);
      Parallel.run(ways, part -> {
        int from = (int) ((long) rowTiles * part / ways) * mr;
        int to = Math.min((int) ((long) rowTiles * (part + 1) / ways) * mr, m);
        blocked(transA, transB, to - from, n, k, alpha, a, aOff + from, lda, b, bOff, ldb, betaKernel, bias, biasOff,
            c, cOff + from * ldc, ldc);
      });
      return;
    }
    if (depthSplit(threads, transA, transB, m, k)) {
      depthParallel(threads, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, betaKernel, c, cOff, ldc);
      return;
    }
    boolean columnsOnly = columnsOnly(threads, m, n);
    int colWays = columnsOnly ? Math.min(threads, colTiles) : colWays(threads, m, n, rowTiles, colTiles);
    int rowWays = columnsOnly ? 1 : Math.min(threads / colWays, rowTiles);
    if (rowWays <= 1) {
      // Columns only: each part is an independent product over its own columns, packing its own panels of
      // B (no part needs another's), so there is no barrier per block of B. Every part packs all of A
      // itself: A packed once by all the threads together and shared cost more than the copies it saved
      // on cores without a shared cache, where each thread then read the other's panels, and saved nothing
      // measurable on cores with one (bench/results/2026-12-05-handovers.md).
      Parallel.run(colWays, part -> {
        int from = (int) ((long) colTiles * part / colWays) * nr;
        int to = Math.min((int) ((long) colTiles * (part + 1) / colWays) * nr, n);
        blocked(transA, transB, m, to - from, k, alpha, a, aOff, lda, b, bOff + (transB ? from * ldb : from), ldb,
            betaKernel, bias, biasOff + from, c, cOff + from, ldc);
      });
      return;
    }
    // Rows, and columns too when C is wide: a few row parts per thread, so that a thread that starts late
    // does not leave the others waiting (they take what is left of its block). The split does not change
    // any element's bits.
    int rowParts = balanced(Parallel.threads(), rowWays, colWays, (int) Math.min(Math.min(rowTiles,
        (long) rowWays * PARTS_PER_THREAD), Math.max(rowWays, work / PARALLEL_MIN_PER_THREAD / colWays)));
    gridParallel(rowParts, colWays, rowTiles, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, betaKernel,
        bias, biasOff, c, cOff, ldc);
  }

  /**
   * The most row parts, at most {@code rowParts} and at least {@code rowWays}, whose grid with {@code colWays}
   * column ways deals every one of the pool's threads the same number of parts: a grid of P parts runs on
   * {@code min(P, threads)} threads, thread t its block {@code [P·t/T, P·(t+1)/T)} ({@link SpinPool}), so P at
   * most {@code threads} or a multiple of it. With 49 parts on 16 threads, one thread's block held 4 parts and
   * the others' 3: the product took 4/49 of its work on one thread instead of 1/16.
   */
  static int balanced(int threads, int rowWays, int colWays, int rowParts) {
    for (int rp = rowParts; rp > rowWays; rp--) {
      int parts = rp * colWays;
      if (parts <= threads || parts % threads == 0) {
        return rp;
      }
    }
    return rowWays;
  }

  /**
   * The threads a product of {@code work} multiply-adds runs on when {@code threads} are available: one per
   * {@link #PARALLEL_MIN_PER_THREAD} multiply-adds, at least one, at most {@code threads}.
   */
  static int threadsFor(long work, int threads) {
    return (int) Math.min(threads, Math.max(1, work / PARALLEL_MIN_PER_THREAD));
  }

  /**
   * Whether {@code C = Aᵀ op(B)} is split by rows alone, one independent part per thread: when A, stored
   * {@code k x m}, has the shape of a C that {@link #columnsOnly} splits by columns. That is a layer's
   * weight gradient {@code gᵀ x} (out x in), its g (batch x out) written column block by column block by
   * the layer's forward product and the next layer's input gradient: part t then reads the columns of g
   * that thread t wrote, and writes the rows of the gradient that thread t reads in the optimizer's update
   * ({@link ElementSplit} gives each thread a block of a parameter's rows). Split by columns, half of g and
   * half of the gradient crossed between the cores every step.
   */
  static boolean rowsOnly(int threads, boolean transA, int m, int k) {
    return transA && columnsOnly(threads, k, m);
  }

  /**
   * Whether {@code C = A B} is split over its depth k, by whole k-blocks ({@link #depthParallel}): when B,
   * stored {@code k x n}, is a weight whose rows the layer's forward product split among the threads, that
   * is, when {@code A} ({@code m x k}) has the shape of a C that {@link #columnsOnly} splits by columns, and k
   * spans more than one k-block. That is a layer's input gradient {@code g W}: split by the columns of C, each
   * thread read every row of W for its columns, half of them (at two threads) rows that the other thread had
   * just updated, and its copies then made the other thread's next update wait for their invalidation.
   */
  final boolean depthSplit(int threads, boolean transA, boolean transB, int m, int k) {
    return threads > 1 && !transA && !transB && k > kc && columnsOnly(threads, m, k)
        && (long) m * ((k - 1) / kc) <= k;
  }

  /**
   * {@code C = A B} split over k by whole k-blocks, then over columns where there are more threads than
   * k-ways: part (w, j) computes k-blocks {@code [blocks·w/ways, blocks·(w+1)/ways)} for its columns, the
   * first k-block into C (with {@code beta}), every later one into a slab of its own, each a product of one
   * k-block from zero; then the slabs are added into C in k-block order, by ranges of columns. Each element
   * is then {@code ((c0 + s1) + s2) + …}: the sums the blocked loop adds into C one k-block after another,
   * so the bits are those of every other split.
   */
  private void depthParallel(int threads, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    int blocks = (k + kc - 1) / kc;
    int ways = Math.min(threads, blocks);
    int colTiles = (n + nr - 1) / nr;
    int colWays = Math.max(1, Math.min(threads / ways, colTiles));
    float[] slabs = buffers.get().slabs((blocks - 1) * m * n);
    Parallel.run(ways * colWays, part -> {
      int w = part / colWays;
      int j = part % colWays;
      int from = (int) ((long) colTiles * j / colWays) * nr;
      int to = Math.min((int) ((long) colTiles * (j + 1) / colWays) * nr, n);
      for (int q = blocks * w / ways; q < blocks * (w + 1) / ways; q++) {
        int pc = q * kc;
        int kcb = Math.min(kc, k - pc);
        if (q == 0) {
          blocked(false, false, m, to - from, kcb, alpha, a, aOff, lda, b, bOff + from, ldb, beta, null, 0, c,
              cOff + from, ldc);
        } else {
          blocked(false, false, m, to - from, kcb, alpha, a, aOff + pc, lda, b, bOff + pc * ldb + from, ldb, 0f, null,
              0, slabs, (q - 1) * m * n + from, n);
        }
      }
    });
    Parallel.runRanges(n, Math.min(threads, colTiles), (j0, j1) -> {
      for (int q = 1; q < blocks; q++) {
        int so = (q - 1) * m * n;
        for (int i = 0; i < m; i++) {
          int ci = cOff + i * ldc;
          int si = so + i * n;
          for (int j = j0; j < j1; j++) {
            c[ci + j] += slabs[si + j];
          }
        }
      }
    });
  }

  /**
   * Whether a product is split by columns alone, one independent part per thread: when C is at least as
   * wide as tall and each part keeps at least {@value #COLUMN_PART_MIN} columns. Every part packs all of
   * A itself, a cost of about one copy per {@code n / threads} multiply-adds, small at that width; in return
   * there are one or two barriers per product instead of one per block of B, which matters whenever a
   * thread is descheduled mid-part, as on a loaded machine (bench/results/2026-12-04-sgemm-kernels.md).
   */
  static boolean columnsOnly(int threads, int m, int n) {
    return n >= m && n / threads >= COLUMN_PART_MIN;
  }

  /**
   * How many ways the columns of C are split when {@code threads} threads share a product: the divisor of
   * {@code threads} whose parts, {@code m / (threads / colWays)} rows by {@code n / colWays} columns, are
   * closest to square (so each part reads about as much of A as of B), preferring rows on a tie (a column
   * split has every part pack the rows of A it uses). At most one way per tile each way.
   */
  static int colWays(int threads, int m, int n, int rowTiles, int colTiles) {
    int best = 0;
    double bestScore = Double.MAX_VALUE;
    for (int cw = 1; cw <= threads; cw++) {
      int rw = threads / cw;
      if (threads % cw != 0 || cw > colTiles || rw > rowTiles) {
        continue;
      }
      double score = Math.abs(Math.log(((double) m / rw) / ((double) n / cw)));
      if (score < bestScore - 1e-9) {
        best = cw;
        bestScore = score;
      }
    }
    if (best > 0) {
      return best;
    }
    // Too few tiles for every thread in one grid: split the longer side only.
    return n >= m ? Math.min(threads, colTiles) : 1;
  }

  /**
   * The product split over a grid of {@code rowParts x colWays} parts of C, rows in ranges of whole tiles
   * ({@code tiles} row tiles in all), columns of each block of B in ranges of whole panels: for each block
   * of B, its panels are packed once, shared, by the threads (each packing a range of panels), then the
   * parts run, each packing its own rows of A (BLIS's parallel jc and ic loops: shared packed B, packed A
   * per thread); a small B's k-blocks all in one pass ({@link #onePass}). The k-blocking does not depend on
   * the grid, so neither do the bits; with one part it is the plain blocked loop on the calling thread.
   */
  private void gridParallel(int rowParts, int colWays, int tiles, boolean transA, boolean transB, int m, int n,
                            int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                            float[] bias, int biasOff, float[] c, int cOff, int ldc) {
    int parts = rowParts * colWays;
    int kcMax = Math.min(kc, k);
    int blocks = (k + kc - 1) / kc;
    // With few columns, each row of A is used by few tiles, so copying A into panels costs about as
    // much as the products: read full row panels of a row-major A in place (alpha = 1, so the packed
    // values would be the same floats) and pack only a ragged last panel.
    boolean direct = !transA && alpha == 1f && n <= DIRECT_A_MAX_N;
    // Likewise with few rows, each panel of B is used by few tiles: read full column panels of a
    // row-major B in place and pack only a ragged last panel.
    boolean directB = !transB && m <= DIRECT_B_MAX_M;
    for (int jc = 0; jc < n; jc += nc) {
      int ncb = Math.min(nc, n - jc);
      int fullB = directB ? ncb / nr * nr : 0;
      int panels = (ncb - fullB + nr - 1) / nr;
      // The k-blocks of one pass: all of them where their packed panels are small (onePass), else one.
      int perPass = onePass(parts, ncb - fullB, k) ? blocks : 1;
      // k-block q of a pass has its panels from (q − q0) · blockStride, panel p of it p · nr · kcb further on.
      int blockStride = kcMax * panels * nr;
      float[] bp = buffers.get().b(perPass * blockStride);
      int blockPanels = (ncb + nr - 1) / nr;
      int jcb = jc;
      for (int q0 = 0; q0 < blocks; q0 += perPass) {
        int first = q0;
        int last = Math.min(blocks, q0 + perPass);
        int units = (last - first) * panels;
        if (units > 0) {
          int packThreads = Math.min(parts, Parallel.threads());
          int slices = packSlices(packThreads, units, kcMax);
          int pieces = units * slices;
          int packParts = Math.min(packThreads, pieces);
          Parallel.run(packParts, q -> {
            for (int v = pieces * q / packParts; v < pieces * (q + 1) / packParts; v++) {
              int u = v / slices;
              int pc = (first + u / panels) * kc;
              int col = fullB + u % panels * nr;
              int kcb = Math.min(kc, k - pc);
              int k0 = sliceStart(kcb, v % slices, slices);
              int k1 = sliceStart(kcb, v % slices + 1, slices);
              if (k1 > k0) {
                // A panel's row p lies at p · nr from its start, so a slice of rows packs alone where the
                // whole panel would have put them.
                packB(transB, b, bOff, ldb, pc + k0, jcb + col, k1 - k0, Math.min(ncb, col + nr) - col, bp,
                    u / panels * blockStride + (col - fullB) * kcb + k0 * nr);
              }
            }
          });
        }
        Parallel.run(parts, part -> {
          int rowPart = part / colWays;
          int colPart = part % colWays;
          int from = (int) ((long) tiles * rowPart / rowParts) * mr;
          int to = Math.min((int) ((long) tiles * (rowPart + 1) / rowParts) * mr, m);
          int jr0 = blockPanels * colPart / colWays * nr;
          int jr1 = Math.min(blockPanels * (colPart + 1) / colWays * nr, ncb);
          float[] ap = buffers.get().a(kcMax * Math.min(mc, roundUp(to - from, mr)));
          float[] tile = buffers.get().tile;
          if (first == 0) {
            fillBias(bias, biasOff, c, cOff, ldc, from, to, jcb + jr0, jcb + jr1);
          }
          for (int q = first; q < last; q++) {
            int pc = q * kc;
            int kcb = Math.min(kc, k - pc);
            float betaBlock = pc == 0 ? beta : 1f;
            for (int ic = from; ic < to; ic += mc) {
              int mcb = Math.min(mc, to - ic);
              int full = direct ? mcb / mr * mr : 0;
              if (full < mcb) {
                packA(transA, a, aOff, lda, ic + full, pc, mcb - full, kcb, alpha, ap, 0);
              }
              macroKernel(mcb, jr0, jr1, kcb, full, a, aOff + ic * lda + pc, lda, ap, 0, fullB, b,
                  bOff + pc * ldb + jcb, ldb, bp, (q - first) * blockStride, c, cOff + ic * ldc + jcb, ldc,
                  betaBlock, tile);
            }
          }
        });
      }
    }
  }

  /**
   * Into how many slices of rows each of a pass's {@code units} (k-block, panel) pairs is packed on
   * {@code threads} threads: one where the pairs are enough for the threads; else as many as fill them, each
   * at least {@value #PACK_SLICE_MIN} rows of a {@code kc}-row block. On 16 threads, a batch of 64 through the
   * swapped product (one panel, four k-blocks) packed on four threads while the others waited.
   */
  static int packSlices(int threads, int units, int kc) {
    return units >= threads ? 1 : Math.max(1, Math.min((threads + units - 1) / units, kc / PACK_SLICE_MIN));
  }

  /**
   * The first row of slice {@code s} of {@code slices} of a {@code kcb}-row panel ({@code kcb} for
   * {@code s = slices}): at a multiple of 16 rows, the vector packing's blocks.
   */
  static int sliceStart(int kcb, int s, int slices) {
    return s >= slices ? kcb : kcb * s / slices / 16 * 16;
  }

  /**
   * Whether a grid of {@code parts} parts runs all k-blocks in one pass: when there are several parts and B's
   * packed panels for every k-block ({@code k} rows of {@code packed} columns) fit in {@value #ONE_PASS_MAX_B}
   * floats (a layer's forward at a small batch through {@link #swapped}, whose B is the batch). Then the
   * (k-block, panel) pairs are packed in one job, shared among the threads, and each part runs all its
   * k-blocks, in order, in a second. Each element gets the same k-blocks in the same order, so the same bits.
   * Block by block, the grid took a packing (on one thread, where B is one panel) and a barrier per k-block:
   * four of each for a layer of 784 inputs, and on many cores each costs more than a part's share of a
   * small product.
   */
  final boolean onePass(int parts, int packed, int k) {
    return parts > 1 && (long) k * roundUp(packed, nr) <= ONE_PASS_MAX_B;
  }

  /** Rows {@code [r0, r1)} of C, columns {@code [c0, c1)}, set to the bias's columns; nothing without a bias. */
  private static void fillBias(float[] bias, int biasOff, float[] c, int cOff, int ldc, int r0, int r1, int c0,
                               int c1) {
    if (bias == null) {
      return;
    }
    for (int i = r0; i < r1; i++) {
      System.arraycopy(bias, biasOff + c0, c, cOff + i * ldc + c0, c1 - c0);
    }
  }

  /** Whether {@code A Bᵀ} goes through {@link #swapped}: a short A and a wide C. */
  static boolean swaps(boolean transA, boolean transB, int m, int n, float alpha) {
    return transB && !transA && alpha == 1f && m <= SWAP_MAX_M && n > m;
  }

  /**
   * The layer's forward without copying the bias into C on the calling thread first: {@link #product}
   * has each part copy it into the block of C it computes, or, when the product goes through
   * {@link #swapped}, fill the rows of {@code Cᵀ} with it. The same values land in C before the same sums
   * are added, so the bits are those of the default.
   */
  @Override
  public final void linear(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff,
                           float[] c, int cOff) {
    // Leading dimensions of at least 1, as sgemm asks, for empty rows (k = 0 or n = 0).
    int ld = Math.max(1, k);
    int ldc = Math.max(1, n);
    GemmArguments.check(false, true, m, n, k, 1f, a, aOff, ld, b, bOff, ld, c, cOff, ldc);
    if (bias != null && (bias.length - biasOff < n || biasOff < 0)) {
      throw new IndexOutOfBoundsException("linear: bias of " + n + " values at offset " + biasOff
          + " does not fit in an array of " + bias.length);
    }
    product(false, true, m, n, k, 1f, a, aOff, ld, b, bOff, ld, bias == null ? 0f : 1f, bias, biasOff, c, cOff, ldc);
  }

  /**
   * {@code C = A Bᵀ} for a short A (a layer's forward, {@code x Wᵀ}, at a small batch) computed as
   * {@code Cᵀ = B Aᵀ}: B is then read in place as the left operand and only the short A is packed,
   * instead of transposing all of B into panels. Each element is the same sum of the same products
   * ({@code a·b = b·a}) in the same order, so the bits do not change. {@code Cᵀ} starts as the
   * transpose of C when {@code beta != 0}, or, with {@code bias}, as rows of the bias (C's rows all
   * being the bias, as {@link #linear} specifies). The transposes are split over the kernel threads.
   */
  private void swapped(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] bias, int biasOff, float[] c, int cOff, int ldc) {
    float[] ct = buffers.get().transposed(n * m);
    int parts = Parallel.parts((long) m * n, TRANSPOSE_MIN_PER_PART);
    if (bias != null) {
      Parallel.runRanges(n, parts, (j0, j1) -> {
        for (int j = j0; j < j1; j++) {
          java.util.Arrays.fill(ct, j * m, (j + 1) * m, bias[biasOff + j]);
        }
      });
    } else if (beta != 0f) {
      Parallel.runRanges(n, parts, (j0, j1) -> transpose(c, cOff + j0, ldc, m, j1 - j0, ct, j0 * m, m));
    }
    sgemm(false, true, n, m, k, 1f, b, bOff, ldb, a, aOff, lda, beta, ct, 0, m);
    Parallel.runRanges(m, parts, (i0, i1) -> transpose(ct, i0, m, n, i1 - i0, c, cOff + i0 * ldc, ldc));
  }

  /**
   * {@code dst[d + j*ldd + i] = src[s + i*lds + j]} for {@code i < rows}, {@code j < cols}; a SIMD driver may
   * move the same floats with vectors.
   */
  void transpose(float[] src, int s, int lds, int rows, int cols, float[] dst, int d, int ldd) {
    for (int j = 0; j < cols; j++) {
      for (int i = 0; i < rows; i++) {
        dst[d + j * ldd + i] = src[s + i * lds + j];
      }
    }
  }

  /**
   * The packed, blocked product on the calling thread: {@link #gridParallel} in one part, which copies the
   * bias (if any) into each block of C before its first k-block.
   */
  private void blocked(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] bias, int biasOff, float[] c, int cOff, int ldc) {
    gridParallel(1, 1, (m + mr - 1) / mr, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, bias,
        biasOff, c, cOff, ldc);
  }

  /**
   * The MR x NR tiles of one MC x KC block of A times columns {@code jr0 .. jr1-1} of one KC x NC block of
   * B ({@code jr0} a multiple of NR). Rows below {@code full} are read in place from the row-major A at
   * {@code aOff} (leading dimension {@code lda}); rows from {@code full} on are packed in {@code ap} from
   * {@code apOff}. Columns below {@code fullB} are read in place from the row-major B at {@code bOff}
   * (leading dimension {@code ldb}); columns from {@code fullB} on are packed in {@code bp}, starting at
   * its beginning.
   */
  private void macroKernel(int mcb, int jr0, int jr1, int kc, int full, float[] a, int aOff, int lda, float[] ap,
                           int apOff, int fullB, float[] b, int bOff, int ldb, float[] bp, int bpOff, float[] c,
                           int cOff, int ldc, float beta, float[] tile) {
    for (int jr = jr0; jr < jr1; jr += nr) {
      int nw = Math.min(nr, jr1 - jr);
      float[] bs = jr < fullB ? b : bp;
      int bo = jr < fullB ? bOff + jr : bpOff + (jr - fullB) * kc;
      int bRow = jr < fullB ? ldb : nr;
      for (int ir = 0; ir < mcb; ir += mr) {
        int mh = Math.min(mr, mcb - ir);
        int co = cOff + ir * ldc + jr;
        float[] src = ir < full ? a : ap;
        int so = ir < full ? aOff + ir * lda : apOff + (ir - full) * kc;
        int row = ir < full ? lda : 1;
        int step = ir < full ? 1 : mr;
        if (mh == mr && nw == nr) {
          microKernel(kc, src, so, row, step, bs, bo, bRow, c, co, ldc, beta);
        } else {
          edgeKernel(kc, src, so, row, step, bs, bo, bRow, nw, tile);
          mergeTile(tile, mh, nw, c, co, ldc, beta);
        }
      }
    }
  }

  /** Stores the top-left {@code mh x nw} of an edge tile as the micro-kernel would ({@code beta} 0 or 1). */
  private void mergeTile(float[] tile, int mh, int nw, float[] c, int cOff, int ldc, float beta) {
    for (int i = 0; i < mh; i++) {
      int ci = cOff + i * ldc;
      int ti = i * nr;
      if (beta == 0f) {
        System.arraycopy(tile, ti, c, ci, nw);
      } else {
        for (int j = 0; j < nw; j++) {
          c[ci + j] += tile[ti + j];
        }
      }
    }
  }

  /** {@code C = beta * C}, without reading C when {@code beta == 0}. */
  private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      if (beta == 0f) {
        java.util.Arrays.fill(c, ci, ci + n, 0f);
      } else if (beta != 1f) {
        for (int j = 0; j < n; j++) {
          c[ci + j] *= beta;
        }
      }
    }
  }

  /** Tiny products: a direct loop, summing each element over p in order, without packing. */
  private static void small(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
    int sai = transA ? 1 : lda;
    int sap = transA ? lda : 1;
    int sbp = transB ? 1 : ldb;
    int sbj = transB ? ldb : 1;
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * sai;
      int ci = cOff + i * ldc;
      for (int j = 0; j < n; j++) {
        int bj = bOff + j * sbj;
        float acc = 0f;
        for (int p = 0; p < k; p++) {
          acc += a[ai + p * sap] * b[bj + p * sbp];
        }
        acc *= alpha;
        c[ci + j] = beta == 0f ? acc : c[ci + j] * beta + acc;
      }
    }
  }

  private static int roundUp(int x, int multiple) {
    return (x + multiple - 1) / multiple * multiple;
  }

  /** Per-thread packing buffers, grown on demand and kept, so large products do not allocate per call. */
  private static final class Buffers {
    final float[] tile;
    private float[] a = new float[0];
    private float[] b = new float[0];
    private float[] transposed = new float[0];

    Buffers(int tileSize) {
      tile = new float[tileSize];
    }

    float[] a(int size) {
      if (a.length < size) {
        a = new float[size];
      }
      return a;
    }

    float[] b(int size) {
      if (b.length < size) {
        b = new float[size];
      }
      return b;
    }

    private float[] slabs = new float[0];

    /** The later k-blocks' products of {@code depthParallel}, shared by its parts. */
    float[] slabs(int size) {
      if (slabs.length < size) {
        slabs = new float[size];
      }
      return slabs;
    }

    /** The transposed product of {@code swapped}; separate from the packing buffers its inner call uses. */
    float[] transposed(int size) {
      if (transposed.length < size) {
        transposed = new float[size];
      }
      return transposed;
    }
  }
}
