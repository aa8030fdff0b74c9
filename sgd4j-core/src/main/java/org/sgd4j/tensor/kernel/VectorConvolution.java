package org.sgd4j.tensor.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DirectConvolution} on the Vector API, for stride 1, no dilation, one group, at most
 * {@link #MAX_CHANNELS} output channels and rows at least a vector wide (LeNet's first layer).
 *
 * <p>Each sample is first copied into a zero-padded buffer: C planes of Hp = H + pt + pb rows of
 * Wq = X + kw − 1 columns, where X is the output width rounded up to a block of {@code XW} = two
 * vectors. Then every output element is a sum over the taps t = (c, i, j) of w[o, t] times the padded
 * input at (y + i, x + j): a block of six output channels by {@code XW} columns of one output row is
 * twelve vector accumulators, updated per tap by two loads of the input row, six broadcasts of weights
 * and twelve fused multiply-adds (eight channels and sixteen accumulators for layers of a multiple of
 * eight channels, where there are 32 vector registers). The weight gradient swaps the roles: per tap,
 * twelve accumulators gather g[o, y, x0..] · input[y+i, x0+j..] over the rows of a chunk of samples, four
 * taps at a time for one of the two vectors of columns, so that each gradient vector loaded serves four
 * taps ({@link #tapQuad}; the last taps two or one at a time), and their lanes are added up in a fixed order
 * (not by {@code reduceLanes}, whose order is unspecified).
 *
 * <p>Only {@link PanamaVectorizationProvider}, itself loaded reflectively, makes one.
 */
final class VectorConvolution implements DirectConvolution {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Columns of an output row computed together: two vectors. */
  private static final int XW = 2 * L;
  /** Output channels computed together. */
  private static final int OB = 6;
  /** The per-lane sums of one block of six channels for one tap. */
  private static final int TILE = OB * XW;
  /** The most output channels this kernel takes (four blocks); wider layers suit SGEMM. */
  static final int MAX_CHANNELS = 4 * OB;
  /**
   * Whether the forward takes layers whose channels are a multiple of eight eight at a time ({@link #rowBlock8}):
   * its sixteen accumulators, two inputs and a weight fit only where there are 32 vector registers (AVX-512).
   */
  private static final boolean EIGHTS = L >= 16;

  /**
   * Per-thread scratch: padded input, padded output gradient, the blocked weights of the kept taps
   * ({@link KeptRows}), a store tile, lane sums.
   */
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[5][0]);
  /** Per-thread scratch: the kept taps of each range of kernel rows ({@link KeptRows}). */
  private static final ThreadLocal<int[][]> TAP_SCRATCH = ThreadLocal.withInitial(() -> new int[0][]);

  @Override
  public boolean suits(ConvolutionGeometry g) {
    return g.groups() == 1 && g.sh() == 1 && g.sw() == 1 && g.dh() == 1 && g.dw() == 1 && g.o() <= MAX_CHANNELS
        && g.wo() >= L / 2;
  }

  /**
   * Rows wider than a vector. Rows of at most one vector (computed in pairs) leave the weight gradient
   * too little work per tap to beat im2col and SGEMM (LeNet's second layer; the commit log of 45d4052
   * has the figures).
   */
  @Override
  public boolean suitsWeightGrad(ConvolutionGeometry g) {
    return suits(g) && g.wo() > L;
  }

  @Override
  public boolean suitsWeightGradBlock(ConvolutionGeometry g, int cn) {
    return VectorImplicitWeightGrad.suits(g) && VectorGemm.narrowSwapped(g.o(), g.k(), cn * g.l());
  }

  @Override
  public void weightGradBlock(float[] x, int xOff, float[] g, int gOff, ConvolutionGeometry geo, int n0, int cn,
                              float[] dw, int dwOff) {
    VectorImplicitWeightGrad.block(x, xOff, g, gOff, geo, n0, cn, dw, dwOff);
  }

  /**
   * The padded layout of one sample's input, and the output rows the weight gradient walks (Hg rows of X
   * columns; its gradient buffer is laid out by position, see {@link #weightGrad}).
   */
  private record Layout(int c, int hp, int wq, int x, int op, int ho, int hg, int k) {
    /**
     * @param rowPairs rows at most one vector wide, computed two at a time: X is one vector, and an odd
     *     number of rows gets one more zero row to read (Hg, the rows of a padded gradient plane, is even)
     */
    static Layout of(ConvolutionGeometry g, boolean rowPairs) {
      int x = rowPairs ? L : (g.wo() + XW - 1) / XW * XW;
      int op = (g.o() + OB - 1) / OB * OB;
      int hp = g.ho() + g.kh() - 1 + (rowPairs ? g.ho() % 2 : 0);
      int hg = g.ho() + (rowPairs ? g.ho() % 2 : 0);
      return new Layout(g.c(), hp, x + g.kw() - 1, x, op, g.ho(), hg, g.c() * g.kh() * g.kw());
    }

    int plane() {
      return hp * wq;
    }

    int input() {
      return c * plane();
    }
  }

  private static float[] scratch(int slot, int size) {
    float[][] s = SCRATCH.get();
    if (s[slot].length < size) {
      s[slot] = new float[size];
    }
    return s[slot];
  }

  /**
   * Copies sample n of x into the zero-padded layout at {@code dst[dstOff]}, writing the zeros too when
   * {@code zero} (a sample copied over another leaves the other's zeros in place).
   */
  private static void pad(float[] x, int xOff, ConvolutionGeometry g, Layout lay, int n, float[] dst, int dstOff,
                          boolean zero) {
    if (zero) {
      Arrays.fill(dst, dstOff, dstOff + lay.input(), 0f);
    }
    int hw = g.h() * g.w();
    for (int c = 0; c < g.c(); c++) {
      int src = xOff + (n * g.c() + c) * hw;
      int to = dstOff + c * lay.plane() + g.pt() * lay.wq() + g.pl();
      for (int y = 0; y < g.h(); y++) {
        System.arraycopy(x, src + y * g.w(), dst, to + y * lay.wq(), g.w());
      }
    }
  }

  /** The offset of tap (c, i, j) in the padded input, relative to its output position, in weight order. */
  private static int[] taps(ConvolutionGeometry g, Layout lay) {
    int[] taps = new int[lay.k];
    int t = 0;
    for (int c = 0; c < g.c(); c++) {
      for (int i = 0; i < g.kh(); i++) {
        for (int j = 0; j < g.kw(); j++) {
          taps[t++] = c * lay.plane() + i * lay.wq + j;
        }
      }
    }
    return taps;
  }

  @Override
  public void forward(float[] x, int xOff, float[] w, int wOff, float[] bias, ConvolutionGeometry g, int n0, int n1,
                      float[] out) {
    // Rows no wider than a vector go two at a time (the two vectors of a block are rows y and y+1),
    // wider rows in blocks of two vectors (columns x0 .. x0+XW−1).
    boolean rowPairs = g.wo() <= L;
    Layout lay = Layout.of(g, rowPairs);
    // Blocks of eight channels where they fit the registers and the layer, else of six.
    int bs = EIGHTS && g.o() % 8 == 0 ? 8 : OB;
    int op = (g.o() + bs - 1) / bs * bs;
    float[] in = scratch(0, lay.input());
    float[] tmp = scratch(3, 8 * XW);
    float[] b = new float[op];
    if (bias != null) {
      System.arraycopy(bias, 0, b, 0, g.o());
    }
    int planeOut = g.ho() * g.wo();
    KeptRows kept = new KeptRows(g, lay, taps(g, lay), w, wOff, bs, op, rowPairs ? 2 : 1);
    float[] keptWb = kept.wb;
    for (int n = n0; n < n1; n++) {
      pad(x, xOff, g, lay, n, in, 0, n == n0);
      for (int ob = 0; ob < g.o(); ob += bs) {
        int nb = Math.min(bs, g.o() - ob);
        int outBase = (n * g.o() + ob) * planeOut;
        if (rowPairs) {
          for (int y = 0; y < g.ho(); y += 2) {
            int p = kept.forRows(y);
            int k = kept.k(p);
            int width2 = y + 1 < g.ho() ? g.wo() : 0;
            if (bs == 8) {
              rowBlock8(in, y * lay.wq, lay.wq, kept.taps(p), k, keptWb, kept.wOff(p) + ob * k, b, ob, out,
                  outBase + y * g.wo(), g.wo(), planeOut, g.wo(), width2, y + 2 < g.ho(), tmp);
            } else {
              rowBlock(in, y * lay.wq, lay.wq, kept.taps(p), k, keptWb, kept.wOff(p) + ob * k, b, ob, out,
                  outBase + y * g.wo(), g.wo(), planeOut, nb, g.wo(), width2, y + 2 < g.ho(), tmp);
            }
          }
        } else {
          for (int y = 0; y < g.ho(); y++) {
            int p = kept.forRows(y);
            int k = kept.k(p);
            for (int x0 = 0; x0 < g.wo(); x0 += XW) {
              int width = Math.min(XW, g.wo() - x0);
              if (bs == 8) {
                rowBlock8(in, y * lay.wq + x0, L, kept.taps(p), k, keptWb, kept.wOff(p) + ob * k, b, ob, out,
                    outBase + y * g.wo() + x0, L, planeOut, Math.min(L, width), Math.max(0, width - L), y + 1 < g.ho(),
                    tmp);
              } else {
                rowBlock(in, y * lay.wq + x0, L, kept.taps(p), k, keptWb, kept.wOff(p) + ob * k, b, ob, out,
                    outBase + y * g.wo() + x0, L, planeOut, nb, Math.min(L, width), Math.max(0, width - L),
                    y + 1 < g.ho(), tmp);
              }
            }
          }
        }
      }
    }
  }

  /**
   * The taps a block of output rows needs. Above and below the input's rows the padded input holds zero
   * rows, so for a block of r output rows from y, kernel row i meets data only for i in [i0, i1), i0 =
   * max(0, pt − y − r + 1), i1 = min(kh, pt + h − y): the taps of the other kernel rows are left out
   * (LeNet's second layer's input gradient, a convolution of the output gradient padded by four, leaves
   * out 8 of every 35 kernel rows of its row pairs). What stays is in the same order, so each output's
   * chain is the whole one without the fused multiply-adds of zero inputs, and those change nothing: a
   * chain from +0 never holds −0, and s + (+0 · w) = s for finite w. (An infinite or NaN weight that meets
   * only padding, which would have made the output NaN, is left out with its tap.)
   *
   * <p>Each distinct range of kernel rows gets its list of taps (offsets in the padded input, in weight
   * order; an array of its own, indexed from 0, as the loop reads it fastest) and their weights in blocks of
   * bs output channels (six, or eight for {@link #rowBlock8}; op, the channels rounded up to blocks, in all),
   * tap-major within a block: the weight of channel {@code ob + j} at the range's kept tap t is at
   * {@code ob * k + t * bs + j} from the range's start, missing channels zero. So a tap's weights lie side by
   * side, and the forward's loop reads them at constant offsets from one index instead of keeping six
   * offsets (which C2 spills to the stack). The ranges lie one after another, all in per-thread scratch
   * arrays, so that a call allocates only this small index.
   */
  private static final class KeptRows {
    private final ConvolutionGeometry g;
    private final int r;
    /** The kept taps of each range. */
    private final int[][] taps;
    /** Their weights, a range's blocks of bs channels one after another. */
    final float[] wb;
    /** By i0 · (kh + 1) + i1: the range's index into {@link #starts}, or −1 if no block needs it. */
    private final int[] range;
    /** Per range: its first weight in {@link #wb}, its tap count. */
    private final int[] starts;

    KeptRows(ConvolutionGeometry g, Layout lay, int[] allTaps, float[] w, int wOff, int bs, int op, int r) {
      this.g = g;
      this.r = r;
      int kh = g.kh();
      range = new int[(kh + 1) * (kh + 1)];
      java.util.Arrays.fill(range, -1);
      int ranges = 0;
      int tapCount = 0;
      for (int y = 0; y < g.ho(); y += r) {
        int key = key(y);
        if (range[key] < 0) {
          range[key] = ranges++;
          tapCount += g.c() * (key % (kh + 1) - key / (kh + 1)) * g.kw();
        }
      }
      starts = new int[2 * ranges];
      int[][] lists = TAP_SCRATCH.get();
      if (lists.length < ranges) {
        lists = java.util.Arrays.copyOf(lists, ranges);
        TAP_SCRATCH.set(lists);
      }
      taps = lists;
      wb = scratch(2, op * tapCount);
      int tapAt = 0;
      for (int key = 0; key < range.length; key++) {
        if (range[key] < 0) {
          continue;
        }
        int i0 = key / (kh + 1);
        int i1 = key % (kh + 1);
        int k = g.c() * (i1 - i0) * g.kw();
        int p = range[key];
        starts[2 * p] = op * tapAt;
        starts[2 * p + 1] = k;
        if (taps[p] == null || taps[p].length < k) {
          taps[p] = new int[k];
        }
        int kept = 0;
        for (int c = 0; c < g.c(); c++) {
          for (int i = i0; i < i1; i++) {
            for (int j = 0; j < g.kw(); j++, kept++) {
              int t = (c * kh + i) * g.kw() + j;
              taps[p][kept] = allTaps[t];
              for (int o = 0; o < op; o++) {
                wb[op * tapAt + o / bs * bs * k + kept * bs + o % bs] = o < g.o() ? w[wOff + o * lay.k + t] : 0f;
              }
            }
          }
        }
        tapAt += k;
      }
    }

    /** The range of kernel rows, i0 · (kh + 1) + i1, that the block of output rows from y needs. */
    private int key(int y) {
      int i0 = Math.max(0, g.pt() - y - r + 1);
      int i1 = Math.max(i0, Math.min(g.kh(), g.pt() + g.h() - y));
      return i0 * (g.kh() + 1) + i1;
    }

    /** The range that the block of output rows from y uses. */
    int forRows(int y) {
      return range[key(y)];
    }

    int[] taps(int p) {
      return taps[p];
    }

    int wOff(int p) {
      return starts[2 * p];
    }

    int k(int p) {
      return starts[2 * p + 1];
    }
  }

  /**
   * Six output channels by two vectors of outputs (the input of the second at {@code inSecond} after
   * the first, its output at {@code outSecond}): each a chain of fused multiply-adds over the k taps of
   * {@code taps} (those of {@link KeptRows}, in (c, i, j) order) from zero, then plus the bias; stored for
   * the {@code nb} real channels and the first {@code width1} and {@code width2} lanes of the two vectors.
   *
   * <p>When {@code rewritten} (the plane has an output row after the block's last one, written after it),
   * a block of six channels stores its vectors whole even where they run past the row: the lanes past
   * it fall on the start of the next row of the same plane (the second vector's store rewrites those of
   * the first), which a later block stores again. A row ends at most {@code XW} − 1 columns into its last
   * block and rows are wider than a vector, or pairs of rows at most a vector wide, so those lanes never
   * reach past the next row. Otherwise the lanes go through {@code tmp} and are copied out one row at a
   * time: a copy loaded straight after the store that wrote it waits for that store to retire.
   */
  private static void rowBlock(float[] in, int base, int inSecond, int[] taps, int k, float[] wb, int wOff, float[] b,
                               int ob, float[] out, int outOff, int outSecond, int planeOut, int nb, int width1,
                               int width2, boolean rewritten, float[] tmp) {
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a01 = a00;
    FloatVector a10 = a00;
    FloatVector a11 = a00;
    FloatVector a20 = a00;
    FloatVector a21 = a00;
    FloatVector a30 = a00;
    FloatVector a31 = a00;
    FloatVector a40 = a00;
    FloatVector a41 = a00;
    FloatVector a50 = a00;
    FloatVector a51 = a00;
    // One flat loop over the taps: C2 on JDK 17 boxes vector accumulators carried through nested loops,
    // allocating every vector.
    for (int tp = 0, t = wOff; tp < k; tp++, t += OB) {
      int at = base + taps[tp];
      FloatVector x0 = FloatVector.fromArray(S, in, at);
      FloatVector x1 = FloatVector.fromArray(S, in, at + inSecond);
      FloatVector w = FloatVector.broadcast(S, wb[t]);
      a00 = x0.fma(w, a00);
      a01 = x1.fma(w, a01);
      w = FloatVector.broadcast(S, wb[t + 1]);
      a10 = x0.fma(w, a10);
      a11 = x1.fma(w, a11);
      w = FloatVector.broadcast(S, wb[t + 2]);
      a20 = x0.fma(w, a20);
      a21 = x1.fma(w, a21);
      w = FloatVector.broadcast(S, wb[t + 3]);
      a30 = x0.fma(w, a30);
      a31 = x1.fma(w, a31);
      w = FloatVector.broadcast(S, wb[t + 4]);
      a40 = x0.fma(w, a40);
      a41 = x1.fma(w, a41);
      w = FloatVector.broadcast(S, wb[t + 5]);
      a50 = x0.fma(w, a50);
      a51 = x1.fma(w, a51);
    }
    // Stores written out here: vectors passed to a helper that C2 does not inline go through the slow
    // Java fallback (see VectorGemm4x2).
    boolean direct = nb == OB && (width1 == L && width2 == L || rewritten);
    float[] dst = direct ? out : tmp;
    int d0 = direct ? outOff : 0;
    int step = direct ? planeOut : XW;
    int second = direct ? outSecond : L;
    a00.add(b[ob]).intoArray(dst, d0);
    a01.add(b[ob]).intoArray(dst, d0 + second);
    a10.add(b[ob + 1]).intoArray(dst, d0 + step);
    a11.add(b[ob + 1]).intoArray(dst, d0 + step + second);
    a20.add(b[ob + 2]).intoArray(dst, d0 + 2 * step);
    a21.add(b[ob + 2]).intoArray(dst, d0 + 2 * step + second);
    a30.add(b[ob + 3]).intoArray(dst, d0 + 3 * step);
    a31.add(b[ob + 3]).intoArray(dst, d0 + 3 * step + second);
    a40.add(b[ob + 4]).intoArray(dst, d0 + 4 * step);
    a41.add(b[ob + 4]).intoArray(dst, d0 + 4 * step + second);
    a50.add(b[ob + 5]).intoArray(dst, d0 + 5 * step);
    a51.add(b[ob + 5]).intoArray(dst, d0 + 5 * step + second);
    if (!direct) {
      copyOut(tmp, nb, out, outOff, outSecond, planeOut, width1, width2);
    }
  }

  /**
   * The first {@code width1} and {@code width2} lanes of each of {@code nb} channels' two vectors, stored
   * in {@code tmp} at {@code o · XW} and {@code o · XW + L}, to their rows of the output.
   */
  private static void copyOut(float[] tmp, int nb, float[] out, int outOff, int outSecond, int planeOut, int width1,
                              int width2) {
    for (int o = 0; o < nb; o++) {
      System.arraycopy(tmp, o * XW, out, outOff + o * planeOut, width1);
      if (width2 > 0) {
        System.arraycopy(tmp, o * XW + L, out, outOff + o * planeOut + outSecond, width2);
      }
    }
  }

  /**
   * {@link #rowBlock} for eight output channels (layers whose channels are a multiple of eight, where there
   * are 32 vector registers): sixteen accumulators, per tap two loads and eight broadcasts for sixteen fused
   * multiply-adds, and no block of channels half empty (LeNet's second layer: 16 channels, two blocks, not
   * 6 + 6 + 4). The same chains as {@link #rowBlock}, so the same bits.
   */
  private static void rowBlock8(float[] in, int base, int inSecond, int[] taps, int k, float[] wb, int wOff, float[] b,
                                int ob, float[] out, int outOff, int outSecond, int planeOut, int width1, int width2,
                                boolean rewritten, float[] tmp) {
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a01 = a00;
    FloatVector a10 = a00;
    FloatVector a11 = a00;
    FloatVector a20 = a00;
    FloatVector a21 = a00;
    FloatVector a30 = a00;
    FloatVector a31 = a00;
    FloatVector a40 = a00;
    FloatVector a41 = a00;
    FloatVector a50 = a00;
    FloatVector a51 = a00;
    FloatVector a60 = a00;
    FloatVector a61 = a00;
    FloatVector a70 = a00;
    FloatVector a71 = a00;
    for (int tp = 0, t = wOff; tp < k; tp++, t += 8) {
      int at = base + taps[tp];
      FloatVector x0 = FloatVector.fromArray(S, in, at);
      FloatVector x1 = FloatVector.fromArray(S, in, at + inSecond);
      FloatVector w = FloatVector.broadcast(S, wb[t]);
      a00 = x0.fma(w, a00);
      a01 = x1.fma(w, a01);
      w = FloatVector.broadcast(S, wb[t + 1]);
      a10 = x0.fma(w, a10);
      a11 = x1.fma(w, a11);
      w = FloatVector.broadcast(S, wb[t + 2]);
      a20 = x0.fma(w, a20);
      a21 = x1.fma(w, a21);
      w = FloatVector.broadcast(S, wb[t + 3]);
      a30 = x0.fma(w, a30);
      a31 = x1.fma(w, a31);
      w = FloatVector.broadcast(S, wb[t + 4]);
      a40 = x0.fma(w, a40);
      a41 = x1.fma(w, a41);
      w = FloatVector.broadcast(S, wb[t + 5]);
      a50 = x0.fma(w, a50);
      a51 = x1.fma(w, a51);
      w = FloatVector.broadcast(S, wb[t + 6]);
      a60 = x0.fma(w, a60);
      a61 = x1.fma(w, a61);
      w = FloatVector.broadcast(S, wb[t + 7]);
      a70 = x0.fma(w, a70);
      a71 = x1.fma(w, a71);
    }
    boolean direct = width1 == L && width2 == L || rewritten;
    float[] dst = direct ? out : tmp;
    int d0 = direct ? outOff : 0;
    int step = direct ? planeOut : XW;
    int second = direct ? outSecond : L;
    a00.add(b[ob]).intoArray(dst, d0);
    a01.add(b[ob]).intoArray(dst, d0 + second);
    a10.add(b[ob + 1]).intoArray(dst, d0 + step);
    a11.add(b[ob + 1]).intoArray(dst, d0 + step + second);
    a20.add(b[ob + 2]).intoArray(dst, d0 + 2 * step);
    a21.add(b[ob + 2]).intoArray(dst, d0 + 2 * step + second);
    a30.add(b[ob + 3]).intoArray(dst, d0 + 3 * step);
    a31.add(b[ob + 3]).intoArray(dst, d0 + 3 * step + second);
    a40.add(b[ob + 4]).intoArray(dst, d0 + 4 * step);
    a41.add(b[ob + 4]).intoArray(dst, d0 + 4 * step + second);
    a50.add(b[ob + 5]).intoArray(dst, d0 + 5 * step);
    a51.add(b[ob + 5]).intoArray(dst, d0 + 5 * step + second);
    a60.add(b[ob + 6]).intoArray(dst, d0 + 6 * step);
    a61.add(b[ob + 6]).intoArray(dst, d0 + 6 * step + second);
    a70.add(b[ob + 7]).intoArray(dst, d0 + 7 * step);
    a71.add(b[ob + 7]).intoArray(dst, d0 + 7 * step + second);
    if (!direct) {
      copyOut(tmp, 8, out, outOff, outSecond, planeOut, width1, width2);
    }
  }

  @Override
  public void weightGrad(float[] x, int xOff, float[] g, int gOff, ConvolutionGeometry geo, int n0, int n1, int t0,
                         int t1, float[] dw, int dwOff) {
    boolean rowPairs = geo.wo() <= L;
    Layout lay = Layout.of(geo, rowPairs);
    // One sample at a time: its padded input and position-major gradient are laid out just before its
    // taps run, in buffers that stay in the first-level cache (a whole chunk's would not fit the second).
    float[] in = scratch(0, lay.input());
    // The (row, column block) or (row pair) positions of a sample, flattened for the same reason as the
    // taps.
    int perSample = rowPairs ? lay.hg / 2 : lay.ho * (lay.x / XW);
    int blocks = lay.op / OB;
    // The output gradient position-major: per block of six channels and position, the TILE floats
    // g[o, position's two vectors] of its six channels side by side (channel o's two vectors at o * XW
    // and o * XW + L), zero past the last row, column and channel. So a position's twelve gradient
    // vectors lie at constant offsets from one index. Every sample writes the same floats, so the
    // zeros are written once.
    float[] gp = scratch(1, blocks * perSample * TILE);
    Arrays.fill(gp, 0, blocks * perSample * TILE, 0f);
    int[] inRow = new int[perSample];
    int[] gRow = new int[perSample];
    for (int y = 0, r = 0; y < lay.ho; y += rowPairs ? 2 : 1) {
      for (int x0 = 0; x0 < lay.x; x0 += XW, r++) {
        inRow[r] = y * lay.wq + x0;
        gRow[r] = r * TILE;
      }
    }
    int[] taps = taps(geo, lay);
    int inSecond = rowPairs ? lay.wq : L;
    int planeOut = geo.ho() * geo.wo();
    // Per lane, the sums run over the samples and rows in order, with the lanes kept in memory between
    // samples.
    float[] lanes = scratch(4, lay.op / OB * lay.k * TILE);
    Arrays.fill(lanes, 0, lay.op / OB * lay.k * TILE, 0f);
    for (int n = n0; n < n1; n++) {
      pad(x, xOff, geo, lay, n, in, 0, n == n0);
      for (int o = 0; o < geo.o(); o++) {
        int channel = (o / OB * perSample) * TILE + o % OB * XW;
        for (int y = 0; y < geo.ho(); y++) {
          int src = gOff + (n * geo.o() + o) * planeOut + y * geo.wo();
          if (rowPairs) {
            System.arraycopy(g, src, gp, channel + y / 2 * TILE + y % 2 * L, geo.wo());
          } else {
            for (int x0 = 0; x0 < geo.wo(); x0 += XW) {
              System.arraycopy(g, src + x0, gp, channel + (y * (lay.x / XW) + x0 / XW) * TILE,
                  Math.min(XW, geo.wo() - x0));
            }
          }
        }
      }
      for (int ob = 0; ob < geo.o(); ob += OB) {
        // The block's positions in the gradient, relative to gRow.
        int gShift = ob / OB * perSample * TILE;
        // Quads from t0, a multiple of four, as from 0: a tap goes through the same routine in every range.
        int t = t0;
        for (; t + 3 < t1; t += 4) {
          for (int h = 0; h < 2; h++) {
            int xh = h * inSecond;
            tapQuad(in, gp, inRow, gRow, 0, perSample, taps[t] + xh, taps[t + 1] + xh,
                taps[t + 2] + xh, taps[t + 3] + xh, gShift + h * L, lanes, (ob / OB * lay.k + t) * TILE + h * L);
          }
        }
        for (; t + 1 < t1; t += 2) {
          tapPair(in, gp, inRow, gRow, 0, perSample, taps[t], taps[t + 1], gShift, inSecond, lanes,
              (ob / OB * lay.k + t) * TILE);
        }
        if (t < t1) {
          tap(in, gp, inRow, gRow, 0, perSample, taps[t], gShift, inSecond, lanes, (ob / OB * lay.k + t) * TILE);
        }
      }
    }
    for (int ob = 0; ob < geo.o(); ob += OB) {
      int nb = Math.min(OB, geo.o() - ob);
      for (int t = t0; t < t1; t++) {
        int at = (ob / OB * lay.k + t) * TILE;
        for (int o = 0; o < nb; o++) {
          dw[dwOff + (ob + o) * lay.k + t] = laneSum(lanes, at + o * XW);
        }
      }
    }
  }

  /**
   * The sum of the XW lanes from {@code at}, in a fixed order with four independent partial sums (lane
   * l goes to partial l mod 4; then (p0 + p1) + (p2 + p3)), so that it is not one long dependency chain.
   */
  private static float laneSum(float[] lanes, int at) {
    float p0 = 0f;
    float p1 = 0f;
    float p2 = 0f;
    float p3 = 0f;
    for (int l = at; l < at + XW; l += 4) {
      p0 += lanes[l];
      p1 += lanes[l + 1];
      p2 += lanes[l + 2];
      p3 += lanes[l + 3];
    }
    return (p0 + p1) + (p2 + p3);
  }

  /**
   * One tap of the weight gradient for six output channels: adds to the per-lane sums at
   * {@code lanes[at]} (XW per channel) g[o, y, x0 + lane] · input[y + i, x0 + j + lane] over the row
   * positions {@code from .. to-1} (inputs offset by {@code shift} = c·plane + i·Wq + j).
   */
  private static void tap(float[] in, float[] gp, int[] inRow, int[] gRow, int from, int to, int shift, int gShift,
                          int inSecond, float[] lanes, int at) {
    FloatVector a00 = FloatVector.fromArray(S, lanes, at);
    FloatVector a01 = FloatVector.fromArray(S, lanes, at + L);
    FloatVector a10 = FloatVector.fromArray(S, lanes, at + XW);
    FloatVector a11 = FloatVector.fromArray(S, lanes, at + XW + L);
    FloatVector a20 = FloatVector.fromArray(S, lanes, at + 2 * XW);
    FloatVector a21 = FloatVector.fromArray(S, lanes, at + 2 * XW + L);
    FloatVector a30 = FloatVector.fromArray(S, lanes, at + 3 * XW);
    FloatVector a31 = FloatVector.fromArray(S, lanes, at + 3 * XW + L);
    FloatVector a40 = FloatVector.fromArray(S, lanes, at + 4 * XW);
    FloatVector a41 = FloatVector.fromArray(S, lanes, at + 4 * XW + L);
    FloatVector a50 = FloatVector.fromArray(S, lanes, at + 5 * XW);
    FloatVector a51 = FloatVector.fromArray(S, lanes, at + 5 * XW + L);
    for (int r = from; r < to; r++) {
      int ip = inRow[r] + shift;
      int gq = gRow[r] + gShift;
      FloatVector x0v = FloatVector.fromArray(S, in, ip);
      FloatVector x1v = FloatVector.fromArray(S, in, ip + inSecond);
      a00 = FloatVector.fromArray(S, gp, gq).fma(x0v, a00);
      a01 = FloatVector.fromArray(S, gp, gq + L).fma(x1v, a01);
      a10 = FloatVector.fromArray(S, gp, gq + 2 * L).fma(x0v, a10);
      a11 = FloatVector.fromArray(S, gp, gq + 3 * L).fma(x1v, a11);
      a20 = FloatVector.fromArray(S, gp, gq + 4 * L).fma(x0v, a20);
      a21 = FloatVector.fromArray(S, gp, gq + 5 * L).fma(x1v, a21);
      a30 = FloatVector.fromArray(S, gp, gq + 6 * L).fma(x0v, a30);
      a31 = FloatVector.fromArray(S, gp, gq + 7 * L).fma(x1v, a31);
      a40 = FloatVector.fromArray(S, gp, gq + 8 * L).fma(x0v, a40);
      a41 = FloatVector.fromArray(S, gp, gq + 9 * L).fma(x1v, a41);
      a50 = FloatVector.fromArray(S, gp, gq + 10 * L).fma(x0v, a50);
      a51 = FloatVector.fromArray(S, gp, gq + 11 * L).fma(x1v, a51);
    }
    a00.intoArray(lanes, at);
    a01.intoArray(lanes, at + L);
    a10.intoArray(lanes, at + XW);
    a11.intoArray(lanes, at + XW + L);
    a20.intoArray(lanes, at + 2 * XW);
    a21.intoArray(lanes, at + 2 * XW + L);
    a30.intoArray(lanes, at + 3 * XW);
    a31.intoArray(lanes, at + 3 * XW + L);
    a40.intoArray(lanes, at + 4 * XW);
    a41.intoArray(lanes, at + 4 * XW + L);
    a50.intoArray(lanes, at + 5 * XW);
    a51.intoArray(lanes, at + 5 * XW + L);
  }

  /**
   * Four taps at once for one of a block's two vectors of columns (the first or the second: the caller
   * gives {@code shift}s, {@code gShift} and {@code at} for it): per row position four input loads and
   * six gradient loads feed 24 fused multiply-adds, where {@link #tapPair} needs sixteen loads for as
   * many, half of them input loads that straddle two cache lines. Each lane's chain of operations is the
   * one {@link #tap} makes (the two vectors of columns are separate chains there too), so the bits are
   * the same.
   */
  private static void tapQuad(float[] in, float[] gp, int[] inRow, int[] gRow, int from, int to, int shift0,
                              int shift1, int shift2, int shift3, int gShift, float[] lanes, int at) {
    FloatVector a00 = FloatVector.fromArray(S, lanes, at);
    FloatVector a01 = FloatVector.fromArray(S, lanes, at + XW);
    FloatVector a02 = FloatVector.fromArray(S, lanes, at + 2 * XW);
    FloatVector a03 = FloatVector.fromArray(S, lanes, at + 3 * XW);
    FloatVector a04 = FloatVector.fromArray(S, lanes, at + 4 * XW);
    FloatVector a05 = FloatVector.fromArray(S, lanes, at + 5 * XW);
    FloatVector a10 = FloatVector.fromArray(S, lanes, at + TILE);
    FloatVector a11 = FloatVector.fromArray(S, lanes, at + TILE + XW);
    FloatVector a12 = FloatVector.fromArray(S, lanes, at + TILE + 2 * XW);
    FloatVector a13 = FloatVector.fromArray(S, lanes, at + TILE + 3 * XW);
    FloatVector a14 = FloatVector.fromArray(S, lanes, at + TILE + 4 * XW);
    FloatVector a15 = FloatVector.fromArray(S, lanes, at + TILE + 5 * XW);
    FloatVector a20 = FloatVector.fromArray(S, lanes, at + 2 * TILE);
    FloatVector a21 = FloatVector.fromArray(S, lanes, at + 2 * TILE + XW);
    FloatVector a22 = FloatVector.fromArray(S, lanes, at + 2 * TILE + 2 * XW);
    FloatVector a23 = FloatVector.fromArray(S, lanes, at + 2 * TILE + 3 * XW);
    FloatVector a24 = FloatVector.fromArray(S, lanes, at + 2 * TILE + 4 * XW);
    FloatVector a25 = FloatVector.fromArray(S, lanes, at + 2 * TILE + 5 * XW);
    FloatVector a30 = FloatVector.fromArray(S, lanes, at + 3 * TILE);
    FloatVector a31 = FloatVector.fromArray(S, lanes, at + 3 * TILE + XW);
    FloatVector a32 = FloatVector.fromArray(S, lanes, at + 3 * TILE + 2 * XW);
    FloatVector a33 = FloatVector.fromArray(S, lanes, at + 3 * TILE + 3 * XW);
    FloatVector a34 = FloatVector.fromArray(S, lanes, at + 3 * TILE + 4 * XW);
    FloatVector a35 = FloatVector.fromArray(S, lanes, at + 3 * TILE + 5 * XW);
    for (int r = from; r < to; r++) {
      int ip = inRow[r];
      int gq = gRow[r] + gShift;
      FloatVector x0 = FloatVector.fromArray(S, in, ip + shift0);
      FloatVector x1 = FloatVector.fromArray(S, in, ip + shift1);
      FloatVector x2 = FloatVector.fromArray(S, in, ip + shift2);
      FloatVector x3 = FloatVector.fromArray(S, in, ip + shift3);
      FloatVector g = FloatVector.fromArray(S, gp, gq);
      a00 = g.fma(x0, a00);
      a10 = g.fma(x1, a10);
      a20 = g.fma(x2, a20);
      a30 = g.fma(x3, a30);
      g = FloatVector.fromArray(S, gp, gq + 2 * L);
      a01 = g.fma(x0, a01);
      a11 = g.fma(x1, a11);
      a21 = g.fma(x2, a21);
      a31 = g.fma(x3, a31);
      g = FloatVector.fromArray(S, gp, gq + 4 * L);
      a02 = g.fma(x0, a02);
      a12 = g.fma(x1, a12);
      a22 = g.fma(x2, a22);
      a32 = g.fma(x3, a32);
      g = FloatVector.fromArray(S, gp, gq + 6 * L);
      a03 = g.fma(x0, a03);
      a13 = g.fma(x1, a13);
      a23 = g.fma(x2, a23);
      a33 = g.fma(x3, a33);
      g = FloatVector.fromArray(S, gp, gq + 8 * L);
      a04 = g.fma(x0, a04);
      a14 = g.fma(x1, a14);
      a24 = g.fma(x2, a24);
      a34 = g.fma(x3, a34);
      g = FloatVector.fromArray(S, gp, gq + 10 * L);
      a05 = g.fma(x0, a05);
      a15 = g.fma(x1, a15);
      a25 = g.fma(x2, a25);
      a35 = g.fma(x3, a35);
    }
    a00.intoArray(lanes, at);
    a01.intoArray(lanes, at + XW);
    a02.intoArray(lanes, at + 2 * XW);
    a03.intoArray(lanes, at + 3 * XW);
    a04.intoArray(lanes, at + 4 * XW);
    a05.intoArray(lanes, at + 5 * XW);
    a10.intoArray(lanes, at + TILE);
    a11.intoArray(lanes, at + TILE + XW);
    a12.intoArray(lanes, at + TILE + 2 * XW);
    a13.intoArray(lanes, at + TILE + 3 * XW);
    a14.intoArray(lanes, at + TILE + 4 * XW);
    a15.intoArray(lanes, at + TILE + 5 * XW);
    a20.intoArray(lanes, at + 2 * TILE);
    a21.intoArray(lanes, at + 2 * TILE + XW);
    a22.intoArray(lanes, at + 2 * TILE + 2 * XW);
    a23.intoArray(lanes, at + 2 * TILE + 3 * XW);
    a24.intoArray(lanes, at + 2 * TILE + 4 * XW);
    a25.intoArray(lanes, at + 2 * TILE + 5 * XW);
    a30.intoArray(lanes, at + 3 * TILE);
    a31.intoArray(lanes, at + 3 * TILE + XW);
    a32.intoArray(lanes, at + 3 * TILE + 2 * XW);
    a33.intoArray(lanes, at + 3 * TILE + 3 * XW);
    a34.intoArray(lanes, at + 3 * TILE + 4 * XW);
    a35.intoArray(lanes, at + 3 * TILE + 5 * XW);
  }

  /**
   * Two taps at once, {@link #tap} for taps {@code t} and {@code t + 1} (inputs offset by {@code shift0}
   * and {@code shift1}, per-lane sums at {@code lanes[at]} and {@code lanes[at + TILE]}): each gradient
   * vector loaded serves both taps, so a row position costs 16 loads for 24 fused multiply-adds, not 28
   * for 24. Every lane's chain of operations is the one {@link #tap} makes, so the bits are the same.
   */
  private static void tapPair(float[] in, float[] gp, int[] inRow, int[] gRow, int from, int to, int shift0,
                              int shift1, int gShift, int inSecond, float[] lanes, int at) {
    FloatVector a000 = FloatVector.fromArray(S, lanes, at);
    FloatVector a001 = FloatVector.fromArray(S, lanes, at + L);
    FloatVector a010 = FloatVector.fromArray(S, lanes, at + XW);
    FloatVector a011 = FloatVector.fromArray(S, lanes, at + XW + L);
    FloatVector a020 = FloatVector.fromArray(S, lanes, at + 2 * XW);
    FloatVector a021 = FloatVector.fromArray(S, lanes, at + 2 * XW + L);
    FloatVector a030 = FloatVector.fromArray(S, lanes, at + 3 * XW);
    FloatVector a031 = FloatVector.fromArray(S, lanes, at + 3 * XW + L);
    FloatVector a040 = FloatVector.fromArray(S, lanes, at + 4 * XW);
    FloatVector a041 = FloatVector.fromArray(S, lanes, at + 4 * XW + L);
    FloatVector a050 = FloatVector.fromArray(S, lanes, at + 5 * XW);
    FloatVector a051 = FloatVector.fromArray(S, lanes, at + 5 * XW + L);
    FloatVector a100 = FloatVector.fromArray(S, lanes, at + TILE);
    FloatVector a101 = FloatVector.fromArray(S, lanes, at + TILE + L);
    FloatVector a110 = FloatVector.fromArray(S, lanes, at + TILE + XW);
    FloatVector a111 = FloatVector.fromArray(S, lanes, at + TILE + XW + L);
    FloatVector a120 = FloatVector.fromArray(S, lanes, at + TILE + 2 * XW);
    FloatVector a121 = FloatVector.fromArray(S, lanes, at + TILE + 2 * XW + L);
    FloatVector a130 = FloatVector.fromArray(S, lanes, at + TILE + 3 * XW);
    FloatVector a131 = FloatVector.fromArray(S, lanes, at + TILE + 3 * XW + L);
    FloatVector a140 = FloatVector.fromArray(S, lanes, at + TILE + 4 * XW);
    FloatVector a141 = FloatVector.fromArray(S, lanes, at + TILE + 4 * XW + L);
    FloatVector a150 = FloatVector.fromArray(S, lanes, at + TILE + 5 * XW);
    FloatVector a151 = FloatVector.fromArray(S, lanes, at + TILE + 5 * XW + L);
    for (int r = from; r < to; r++) {
      int ip = inRow[r];
      int gq = gRow[r] + gShift;
      FloatVector x00 = FloatVector.fromArray(S, in, ip + shift0);
      FloatVector x01 = FloatVector.fromArray(S, in, ip + shift0 + inSecond);
      FloatVector x10 = FloatVector.fromArray(S, in, ip + shift1);
      FloatVector x11 = FloatVector.fromArray(S, in, ip + shift1 + inSecond);
      FloatVector g = FloatVector.fromArray(S, gp, gq);
      a000 = g.fma(x00, a000);
      a100 = g.fma(x10, a100);
      g = FloatVector.fromArray(S, gp, gq + L);
      a001 = g.fma(x01, a001);
      a101 = g.fma(x11, a101);
      g = FloatVector.fromArray(S, gp, gq + 2 * L);
      a010 = g.fma(x00, a010);
      a110 = g.fma(x10, a110);
      g = FloatVector.fromArray(S, gp, gq + 3 * L);
      a011 = g.fma(x01, a011);
      a111 = g.fma(x11, a111);
      g = FloatVector.fromArray(S, gp, gq + 4 * L);
      a020 = g.fma(x00, a020);
      a120 = g.fma(x10, a120);
      g = FloatVector.fromArray(S, gp, gq + 5 * L);
      a021 = g.fma(x01, a021);
      a121 = g.fma(x11, a121);
      g = FloatVector.fromArray(S, gp, gq + 6 * L);
      a030 = g.fma(x00, a030);
      a130 = g.fma(x10, a130);
      g = FloatVector.fromArray(S, gp, gq + 7 * L);
      a031 = g.fma(x01, a031);
      a131 = g.fma(x11, a131);
      g = FloatVector.fromArray(S, gp, gq + 8 * L);
      a040 = g.fma(x00, a040);
      a140 = g.fma(x10, a140);
      g = FloatVector.fromArray(S, gp, gq + 9 * L);
      a041 = g.fma(x01, a041);
      a141 = g.fma(x11, a141);
      g = FloatVector.fromArray(S, gp, gq + 10 * L);
      a050 = g.fma(x00, a050);
      a150 = g.fma(x10, a150);
      g = FloatVector.fromArray(S, gp, gq + 11 * L);
      a051 = g.fma(x01, a051);
      a151 = g.fma(x11, a151);
    }
    a000.intoArray(lanes, at);
    a001.intoArray(lanes, at + L);
    a010.intoArray(lanes, at + XW);
    a011.intoArray(lanes, at + XW + L);
    a020.intoArray(lanes, at + 2 * XW);
    a021.intoArray(lanes, at + 2 * XW + L);
    a030.intoArray(lanes, at + 3 * XW);
    a031.intoArray(lanes, at + 3 * XW + L);
    a040.intoArray(lanes, at + 4 * XW);
    a041.intoArray(lanes, at + 4 * XW + L);
    a050.intoArray(lanes, at + 5 * XW);
    a051.intoArray(lanes, at + 5 * XW + L);
    a100.intoArray(lanes, at + TILE);
    a101.intoArray(lanes, at + TILE + L);
    a110.intoArray(lanes, at + TILE + XW);
    a111.intoArray(lanes, at + TILE + XW + L);
    a120.intoArray(lanes, at + TILE + 2 * XW);
    a121.intoArray(lanes, at + TILE + 2 * XW + L);
    a130.intoArray(lanes, at + TILE + 3 * XW);
    a131.intoArray(lanes, at + TILE + 3 * XW + L);
    a140.intoArray(lanes, at + TILE + 4 * XW);
    a141.intoArray(lanes, at + TILE + 4 * XW + L);
    a150.intoArray(lanes, at + TILE + 5 * XW);
    a151.intoArray(lanes, at + TILE + 5 * XW + L);
  }
}
