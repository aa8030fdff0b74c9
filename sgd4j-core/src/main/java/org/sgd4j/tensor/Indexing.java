package org.sgd4j.tensor;

import java.util.Arrays;

/** Joining and index-driven copies: {@code cat}, {@code stack}, {@code gather}, {@code flip}. */
final class Indexing {
  private Indexing() {}

  static Tensor cat(int dim, Tensor... ts) {
    if (ts.length == 0) {
      throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
    }
    int rank = ts[0].dim();
    if (rank == 0) {
      throw new IllegalArgumentException("cat: zero-dimensional tensor (at position 0) cannot be concatenated");
    }
    int d = Shape.dim(dim, rank);
    int[] shape = ts[0].shape.clone();
    int total = 0;
    for (int i = 0; i < ts.length; i++) {
      Tensor t = ts[i];
      if (t.dim() != rank) {
        throw new IllegalArgumentException("cat: tensors must have the same number of dimensions: got " + rank
            + " (position 0, shape " + Shape.format(ts[0].shape) + ") and " + t.dim() + " (position " + i + ", shape "
            + Shape.format(t.shape) + ")");
      }
      for (int k = 0; k < rank; k++) {
        if (k != d && t.shape[k] != shape[k]) {
          throw new IllegalArgumentException("cat: sizes of tensors must match except in dimension " + d + ": expected size "
              + shape[k] + " but got size " + t.shape[k] + " for tensor number " + i + " in the list (shape "
              + Shape.format(t.shape) + ")");
        }
      }
      total += t.shape[d];
    }
    shape[d] = total;
    Tensor out = Tensor.zeros(shape);
    int[] starts = new int[ts.length];
    int at = 0;
    for (int i = 0; i < ts.length; i++) {
      starts[i] = at;
      if (ts[i].shape[d] > 0) {
        InPlace.write(out.detach().narrow(d, at, ts[i].shape[d]), ts[i]);
      }
      at += ts[i].shape[d];
    }
    return Graph.record(out, "CatBackward", ts.clone(), g -> {
      Tensor[] grads = new Tensor[ts.length];
      for (int i = 0; i < ts.length; i++) {
        grads[i] = g.narrow(d, starts[i], ts[i].shape[d]);
      }
      return grads;
    });
  }

  static Tensor stack(int dim, Tensor... ts) {
    if (ts.length == 0) {
      throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
    }
    int d = Shape.dim(dim, ts[0].dim() + 1);
    Tensor[] expanded = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      if (!Arrays.equals(ts[i].shape, ts[0].shape)) {
        throw new IllegalArgumentException("stack: expects each tensor to be equal size, but got " + Shape.format(ts[0].shape)
            + " at entry 0 and " + Shape.format(ts[i].shape) + " at entry " + i);
      }
      expanded[i] = ts[i].unsqueeze(d);
    }
    return cat(d, expanded);
  }

  /** {@code out[i][j][k] = in[i][index[i][j][k]][k]} for {@code dim = 1}, and so on, as {@code torch.gather}. */
  static Tensor gather(Tensor in, int dim, Tensor index) {
    int d = Shape.dim(dim, Math.max(in.dim(), 1));
    if (index.dim() != in.dim()) {
      throw new IllegalArgumentException("gather: index tensor must have the same number of dimensions as input, got "
          + Shape.format(index.shape) + " and " + Shape.format(in.shape));
    }
    for (int k = 0; k < in.dim(); k++) {
      if (k != d && index.shape[k] > in.shape[k]) {
        throw new IllegalArgumentException("gather: size of index " + Shape.format(index.shape) + " does not fit input "
            + Shape.format(in.shape) + " at dimension " + k);
      }
    }
    int[] idx = index.toIntArray();
    float[] out = new float[idx.length];
    int[] offsets = sourceOffsets(in, d, index.shape, idx);
    for (int i = 0; i < idx.length; i++) {
      out[i] = in.storage.data[offsets[i]];
    }
    Tensor result = Tensor.wrap(out, index.shape.clone());
    int[] inShape = in.shape;
    return Graph.record(result, "GatherBackward", Graph.of(in), g -> new Tensor[] {scatterAdd(g, inShape, d, index)});
  }

  /** Zeros of {@code shape} with {@code src} added at {@code index} along {@code d}: gather's adjoint. */
  static Tensor scatterAdd(Tensor src, int[] shape, int d, Tensor index) {
    Tensor z = Tensor.zeros(shape);
    int[] idx = index.toIntArray();
    int[] offsets = sourceOffsets(z, d, index.shape, idx);
    float[] s = src.toArray();
    for (int i = 0; i < idx.length; i++) {
      z.storage.data[offsets[i]] += s[i];
    }
    return Graph.record(z, "ScatterAddBackward", Graph.of(src), g -> new Tensor[] {gather(g, d, index)});
  }

  /** Storage offsets in {@code t} of the elements an index tensor of {@code indexShape} selects along {@code d}. */
  private static int[] sourceOffsets(Tensor t, int d, int[] indexShape, int[] idx) {
    int n = idx.length;
    int[] offsets = new int[n];
    int rank = indexShape.length;
    int[] pos = new int[rank];
    int size = t.dim() == 0 ? 1 : t.shape[d];
    for (int i = 0; i < n; i++) {
      int v = idx[i];
      if (v < -size || v >= size) {
        throw new IndexOutOfBoundsException("gather: index " + v + " at position " + Arrays.toString(pos)
            + " is out of bounds for dimension " + d + " with size " + size);
      }
      int off = t.offset;
      for (int k = 0; k < rank; k++) {
        off += (k == d ? (v < 0 ? v + size : v) : pos[k]) * t.strides[k];
      }
      offsets[i] = off;
      for (int k = rank - 1; k >= 0; k--) {
        if (++pos[k] < indexShape[k]) {
          break;
        }
        pos[k] = 0;
      }
    }
    return offsets;
  }

  static Tensor flip(Tensor t, int... dims) {
    int[] strides = t.strides.clone();
    int offset = t.offset;
    boolean[] seen = new boolean[t.dim()];
    for (int dim : dims) {
      int d = Shape.dim(dim, t.dim());
      if (seen[d]) {
        throw new IllegalArgumentException("flip: dim " + d + " appears multiple times in the list of dims " + Arrays.toString(dims));
      }
      seen[d] = true;
      if (t.shape[d] > 0) {
        offset += (t.shape[d] - 1) * strides[d];
      }
      strides[d] = -strides[d];
    }
    float[] out = new float[t.numel()];
    Strided.copy(new Tensor(t.storage, offset, t.shape, strides), out, 0);
    Tensor result = Tensor.wrap(out, t.shape.clone());
    return Graph.record(result, "FlipBackward", Graph.of(t), g -> new Tensor[] {g.flip(dims)});
  }
}
