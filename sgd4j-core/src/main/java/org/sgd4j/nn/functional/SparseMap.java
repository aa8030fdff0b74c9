package org.sgd4j.nn.functional;

import org.sgd4j.tensor.Graph;
import org.sgd4j.tensor.Tensor;

/**
 * A fixed sparse linear map y = A x applied to each of the planes of a tensor (A in compressed rows:
 * row r has entries {@code cols[rowPtr[r] .. rowPtr[r+1]-1]} with weights {@code vals}, or weight 1
 * when {@code vals} is null). Padding, pooling windows and max-pool selections are all such maps, so
 * they share one forward and one adjoint, each the other's backward (which makes double backward work).
 */
final class SparseMap {
  final int rows;
  final int cols;
  final int[] rowPtr;
  final int[] colIdx;
  final float[] vals;

  SparseMap(int rows, int cols, int[] rowPtr, int[] colIdx, float[] vals) {
    this.rows = rows;
    this.cols = cols;
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
    this.vals = vals;
  }

  /** A map with at most one entry of weight 1 per row: row r reads column {@code src[r]}, or nothing when it is negative. */
  static SparseMap gather(int cols, int[] src) {
    int[] ptr = new int[src.length + 1];
    int nnz = 0;
    for (int r = 0; r < src.length; r++) {
      if (src[r] >= 0) {
        nnz++;
      }
      ptr[r + 1] = nnz;
    }
    int[] idx = new int[nnz];
    for (int r = 0, k = 0; r < src.length; r++) {
      if (src[r] >= 0) {
        idx[k++] = src[r];
      }
    }
    return new SparseMap(src.length, cols, ptr, idx, null);
  }

  /** A x for each plane: {@code x} holds planes of {@code cols} values; the result has shape {@code outShape}. */
  Tensor apply(Tensor x, int[] outShape, String name) {
    float[] in = x.detach().contiguous().toArray();
    int planes = in.length / cols;
    float[] out = new float[planes * rows];
    for (int p = 0; p < planes; p++) {
      int ib = p * cols;
      int ob = p * rows;
      for (int r = 0; r < rows; r++) {
        float acc = 0f;
        for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
          acc += vals == null ? in[ib + colIdx[k]] : vals[k] * in[ib + colIdx[k]];
        }
        out[ob + r] = acc;
      }
    }
    int[] inShape = x.shape();
    return Graph.record(Tensor.wrap(out, outShape), name, Graph.of(x),
        g -> new Tensor[] {applyTranspose(g, inShape, name + "Backward")});
  }

  /** Aᵀ y for each plane: {@code y} holds planes of {@code rows} values; the result has shape {@code outShape}. */
  Tensor applyTranspose(Tensor y, int[] outShape, String name) {
    float[] in = y.detach().contiguous().toArray();
    int planes = in.length / rows;
    float[] out = new float[planes * cols];
    for (int p = 0; p < planes; p++) {
      int ib = p * rows;
      int ob = p * cols;
      for (int r = 0; r < rows; r++) {
        float g = in[ib + r];
        for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
          out[ob + colIdx[k]] += vals == null ? g : vals[k] * g;
        }
      }
    }
    int[] yShape = y.shape();
    return Graph.record(Tensor.wrap(out, outShape), name, Graph.of(y), g -> new Tensor[] {apply(g, yShape, name + "Backward")});
  }
}
