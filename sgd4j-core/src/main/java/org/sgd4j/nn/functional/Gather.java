package org.sgd4j.nn.functional;

import org.sgd4j.tensor.BackwardFunction;
import org.sgd4j.tensor.Graph;
import org.sgd4j.tensor.kernel.ArrayPool;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Tensor;

/**
 * The selection y[r] = x[idx[r]] of entries of a tensor by flat (row-major) index, where a negative
 * index selects nothing (a zero), and its adjoint, the scatter-add x̄[idx[r]] += ȳ[r]; each is the
 * other's backward, so double backward works. Max pooling records its arg-max this way.
 *
 * <p>The rows come in blocks of {@code blockRows}, and the indices of block b point into block b of
 * the source ({@code blockCols} entries from {@code b · blockCols}), as the windows of one pooled plane
 * point into that plane. Blocks are independent, so they are split over threads; within a block the
 * scatter adds in increasing r, so the bits do not depend on the split.
 */
final class Gather {
  /**
   * Elements per part below which a pass stays on one thread, counting the source's entries as well as the
   * rows (the scatter zeroes the first and adds the second): max pooling's own ({@code Pooling}), so the
   * backward of a 2x2 pooling cuts its planes where the forward did.
   */
  private static final long MIN_PER_PART = 1 << 14;

  private final int[] idx;
  private final int blockRows;
  private final int blockCols;
  /** Recorded nodes whose rules read {@link #idx}. */
  private int nodes;
  /** {@link #idx} came from {@link ArrayPool#takeInts} and goes back when its only reader is freed. */
  private boolean pooled;

  /**
   * @param idx flat source index of every row (absolute within the source), negative for none
   * @param blockRows rows per block (divides {@code idx.length})
   * @param blockCols source entries per block
   */
  Gather(int[] idx, int blockRows, int blockCols) {
    this.idx = idx;
    this.blockRows = blockRows;
    this.blockCols = blockCols;
  }

  private int blocks() {
    return blockRows == 0 ? 0 : idx.length / blockRows;
  }

  /** The ranges of blocks a pass is cut into: by the rows and the source's entries of the blocks. */
  private int parts() {
    return Parallel.parts(Math.max(idx.length, (long) blocks() * blockCols), MIN_PER_PART);
  }

  /** y = x[idx], of shape {@code outShape}. */
  Tensor apply(Tensor x, int[] outShape, String name) {
    Tensor xc = x.detach().contiguous();
    float[] in = xc.data();
    int inOff = xc.storageOffset();
    float[] out = new float[idx.length];
    int[] ix = idx;
    int blocks = blocks();
    Parallel.runRanges(blocks, parts(), (b0, b1) -> {
      for (int r = b0 * blockRows; r < b1 * blockRows; r++) {
        int s = ix[r];
        out[r] = s < 0 ? 0f : in[inOff + s];
      }
    });
    return record(x, Tensor.wrap(out, outShape), name);
  }

  /** Records {@code y}, already computed as x[idx], as this gather of {@code x}; returns {@code y}. */
  Tensor record(Tensor x, Tensor y, String name) {
    int[] inShape = x.shape();
    return counted(Graph.record(y, name, Graph.of(x), new BackwardFunction() {
      @Override
      public Tensor[] apply(Tensor g) {
        return new Tensor[] {applyTranspose(g, inShape, name + "Backward")};
      }

      @Override
      public void release() {
        // Freed after a pass that recorded no graph: the indices go back if this was their only reader.
        if (pooled && nodes == 1) {
          ArrayPool.giveInts(idx);
        }
      }
    }));
  }

  /** Counts {@code t}'s node, if it got one: a node whose rule reads the indices. */
  private Tensor counted(Tensor t) {
    if (t.gradFn() != null) {
      nodes++;
    }
    return t;
  }

  /**
   * For indices taken from {@link ArrayPool#takeInts}: hands them back now if no node reads them (no
   * graph was recorded), else when the engine frees {@code out}'s node ({@link BackwardFunction#release}),
   * provided that no other node (one a backward pass with a graph recorded for this gather) reads them
   * by then.
   */
  Tensor recycleIndicesWith(Tensor out) {
    if (nodes == 0) {
      ArrayPool.giveInts(idx);
    } else {
      pooled = true;
    }
    return out;
  }

  /** The scatter-add x̄[idx[r]] += y[r] into zeros of shape {@code outShape}. */
  Tensor applyTranspose(Tensor y, int[] outShape, String name) {
    Tensor yc = y.detach().contiguous();
    float[] in = yc.data();
    int inOff = yc.storageOffset();
    int blocks = blocks();
    Tensor result = Tensor.empty(outShape);
    float[] out = result.data();
    // Each part zeroes its own blocks just before adding into them (while they are in cache, and not in a
    // serial phase); entries past the last block, if any, here.
    long blocked = (long) blocks * blockCols;
    java.util.Arrays.fill(out, (int) Math.min(blocked, result.numel()), result.numel(), 0f);
    int[] ix = idx;
    Parallel.runRanges(blocks, parts(), (b0, b1) -> {
      java.util.Arrays.fill(out, b0 * blockCols, b1 * blockCols, 0f);
      for (int r = b0 * blockRows; r < b1 * blockRows; r++) {
        int s = ix[r];
        if (s >= 0) {
          out[s] += in[inOff + r];
        }
      }
    });
    int[] yShape = y.shape();
    return counted(Graph.record(result, name, Graph.of(y), g -> new Tensor[] {apply(g, yShape, name + "Backward")}));
  }
}
