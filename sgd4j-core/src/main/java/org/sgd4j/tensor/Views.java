package org.sgd4j.tensor;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Shape and view operations, each with its backward rule beside it. Views share storage with their
 * base; the backward of a view that selects part of its base scatters the gradient into zeros.
 */
final class Views {
  private Views() {}

  static Tensor view(Tensor t, int[] shape, int[] strides, int offset, String name, UnaryOperator<Tensor> backward) {
    Tensor out = new Tensor(t.storage, offset, shape, strides);
    return Graph.record(out, name, Graph.of(t), g -> new Tensor[] {backward.apply(g)});
  }

  static int[] inferShape(int[] newShape, int numel, String op, int[] oldShape) {
    int[] s = newShape.clone();
    int infer = -1;
    long known = 1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException(op + ": only one dimension can be inferred in " + Shape.format(newShape));
        }
        infer = i;
      } else if (s[i] < 0) {
        throw new IllegalArgumentException(op + ": invalid shape dimension " + s[i] + " in " + Shape.format(newShape));
      } else {
        known *= s[i];
      }
    }
    if (infer >= 0) {
      if (known == 0 || numel % known != 0) {
        throw new IllegalArgumentException(
            op + ": shape " + Shape.format(newShape) + " is invalid for input of size " + numel + " (shape " + Shape.format(oldShape) + ")");
      }
      s[infer] = (int) (numel / known);
    } else if (known != numel) {
      throw new IllegalArgumentException(
          op + ": shape " + Shape.format(newShape) + " is invalid for input of size " + numel + " (shape " + Shape.format(oldShape) + ")");
    }
    return s;
  }

  static Tensor reshape(Tensor t, int[] newShape, boolean viewOnly) {
    String op = viewOnly ? "view" : "reshape";
    int[] shape = inferShape(newShape, t.numel(), op, t.shape);
    int[] oldShape = t.shape;
    int[] strides = viewStrides(t.shape, t.strides, shape);
    if (strides == null) {
      if (viewOnly) {
        throw new IllegalArgumentException(
            "view size is not compatible with input tensor's size and stride (shape " + Shape.format(t.shape)
                + ", strides " + Shape.format(t.strides) + " cannot be viewed as " + Shape.format(shape)
                + "): at least one dimension spans across two contiguous subspaces. Use reshape() instead.");
      }
      return reshape(copy(t, "CloneBackward"), shape, true);
    }
    return view(t, shape, strides, t.offset, viewOnly ? "ViewBackward" : "ReshapeAliasBackward", g -> g.reshape(oldShape));
  }

  /** Strides for viewing (shape, strides) as newShape without copying, or null (PyTorch's computeStride). */
  static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] newShape) {
    int[] newStrides = new int[newShape.length];
    int numel = Shape.numel(oldShape);
    if (numel == 0) {
      return Shape.contiguousStrides(newShape);
    }
    int viewD = newShape.length - 1;
    long chunkBase = oldStrides.length == 0 ? 1 : oldStrides[oldStrides.length - 1];
    long tensorNumel = 1;
    long viewNumel = 1;
    for (int d = oldShape.length - 1; d >= 0; d--) {
      tensorNumel *= oldShape[d];
      if (d == 0 || (oldShape[d - 1] != 1 && oldStrides[d - 1] != tensorNumel * chunkBase)) {
        while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
          newStrides[viewD] = (int) (viewNumel * chunkBase);
          viewNumel *= newShape[viewD];
          viewD--;
        }
        if (viewNumel != tensorNumel) {
          return null;
        }
        if (d > 0) {
          chunkBase = oldStrides[d - 1];
          tensorNumel = 1;
          viewNumel = 1;
        }
      }
    }
    if (viewD != -1) {
      // Remaining leading size-1 dimensions.
      for (; viewD >= 0; viewD--) {
        if (newShape[viewD] != 1) {
          return null;
        }
        newStrides[viewD] = 1;
      }
    }
    return newStrides;
  }

  static Tensor flatten(Tensor t, int startDim, int endDim) {
    if (t.dim() == 0) {
      return t.reshape(1);
    }
    int s = Shape.dim(startDim, t.dim());
    int e = Shape.dim(endDim, t.dim());
    if (s > e) {
      throw new IllegalArgumentException("flatten: startDim " + startDim + " comes after endDim " + endDim
          + " for shape " + Shape.format(t.shape));
    }
    int[] shape = new int[t.dim() - (e - s)];
    int k = 0;
    for (int i = 0; i < s; i++) {
      shape[k++] = t.shape[i];
    }
    int prod = 1;
    for (int i = s; i <= e; i++) {
      prod *= t.shape[i];
    }
    shape[k++] = prod;
    for (int i = e + 1; i < t.dim(); i++) {
      shape[k++] = t.shape[i];
    }
    return t.reshape(shape);
  }

  static Tensor transpose(Tensor t, int dim0, int dim1) {
    int n = t.dim();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    if (n == 0) {
      return permute(t, perm);
    }
    int a = Shape.dim(dim0, n);
    int b = Shape.dim(dim1, n);
    perm[a] = b;
    perm[b] = a;
    return permute(t, perm);
  }

  static Tensor permute(Tensor t, int[] dims) {
    int n = t.dim();
    if (dims.length != n) {
      throw new IllegalArgumentException("permute: number of dims " + Arrays.toString(dims)
          + " does not match the tensor's " + n + " dimensions (shape " + Shape.format(t.shape) + ")");
    }
    int[] shape = new int[n];
    int[] strides = new int[n];
    int[] inverse = new int[n];
    boolean[] seen = new boolean[n];
    for (int i = 0; i < n; i++) {
      int d = Shape.dim(dims[i], n);
      if (seen[d]) {
        throw new IllegalArgumentException("permute: repeated dim " + dims[i] + " in " + Arrays.toString(dims));
      }
      seen[d] = true;
      shape[i] = t.shape[d];
      strides[i] = t.strides[d];
      inverse[d] = i;
    }
    return view(t, shape, strides, t.offset, "PermuteBackward", g -> g.permute(inverse));
  }

  static Tensor squeeze(Tensor t) {
    int count = 0;
    for (int s : t.shape) {
      if (s != 1) {
        count++;
      }
    }
    int[] shape = new int[count];
    int[] strides = new int[count];
    for (int i = 0, k = 0; i < t.dim(); i++) {
      if (t.shape[i] != 1) {
        shape[k] = t.shape[i];
        strides[k++] = t.strides[i];
      }
    }
    int[] old = t.shape;
    return view(t, shape, strides, t.offset, "SqueezeBackward", g -> g.reshape(old));
  }

  static Tensor squeeze(Tensor t, int dim) {
    if (t.dim() == 0) {
      return t;
    }
    int d = Shape.dim(dim, t.dim());
    if (t.shape[d] != 1) {
      return t;
    }
    int[] old = t.shape;
    return view(t, Shape.remove(t.shape, d), Shape.remove(t.strides, d), t.offset, "SqueezeBackward",
        g -> g.reshape(old));
  }

  static Tensor unsqueeze(Tensor t, int dim) {
    int d = Shape.dim(dim, t.dim() + 1);
    int stride = d < t.dim() ? t.shape[d] * t.strides[d] : 1;
    return view(t, Shape.insert(t.shape, d, 1), Shape.insert(t.strides, d, stride), t.offset, "UnsqueezeBackward",
        g -> g.squeeze(d));
  }

  static Tensor expand(Tensor t, int[] newShape) {
    if (newShape.length < t.dim()) {
      throw new IllegalArgumentException("expand: the number of sizes provided (" + newShape.length
          + ") must be greater or equal to the number of dimensions in the tensor (" + t.dim() + ", shape "
          + Shape.format(t.shape) + ")");
    }
    int lead = newShape.length - t.dim();
    int[] shape = new int[newShape.length];
    int[] strides = new int[newShape.length];
    for (int i = 0; i < newShape.length; i++) {
      int want = newShape[i];
      if (i < lead) {
        if (want < 0) {
          throw new IllegalArgumentException("expand: -1 is not allowed in a leading, non-existing dimension " + i);
        }
        shape[i] = want;
        strides[i] = 0;
      } else {
        int have = t.shape[i - lead];
        if (want == -1) {
          want = have;
        }
        if (have == want) {
          shape[i] = have;
          strides[i] = t.strides[i - lead];
        } else if (have == 1) {
          shape[i] = want;
          strides[i] = 0;
        } else {
          throw new IllegalArgumentException("expand: the expanded size of the tensor (" + want
              + ") must match the existing size (" + have + ") at non-singleton dimension " + i
              + ". Target sizes: " + Shape.format(newShape) + ". Tensor sizes: " + Shape.format(t.shape));
        }
      }
    }
    // The engine sums the gradient back to the input's shape.
    return view(t, shape, strides, t.offset, "ExpandBackward", g -> g);
  }

  static Tensor slice(Tensor t, int dim, int start, int end, int step) {
    int d = Shape.dim(dim, t.dim());
    int size = t.shape[d];
    if (step <= 0) {
      throw new IllegalArgumentException("slice step must be positive, got " + step);
    }
    int s = start < 0 ? Math.max(start + size, 0) : Math.min(start, size);
    int e = end < 0 ? Math.max(end + size, 0) : Math.min(end, size);
    int len = e > s ? (e - s + step - 1) / step : 0;
    int[] shape = t.shape.clone();
    int[] strides = t.strides.clone();
    shape[d] = len;
    strides[d] = t.strides[d] * step;
    int[] base = t.shape;
    final int from = s;
    return view(t, shape, strides, t.offset + s * t.strides[d], "SliceBackward",
        g -> scatterIntoZeros(g, base, z -> z.slice(d, from, from + (len - 1) * step + 1, step)));
  }

  static Tensor select(Tensor t, int dim, int index) {
    if (t.dim() == 0) {
      throw new IndexOutOfBoundsException("select() cannot be applied to a 0-dim tensor");
    }
    int d = Shape.dim(dim, t.dim());
    int size = t.shape[d];
    if (index < -size || index >= size) {
      throw new IndexOutOfBoundsException(
          "select(): index " + index + " out of range for tensor of size " + Shape.format(t.shape) + " at dimension " + d);
    }
    int i = index < 0 ? index + size : index;
    int[] base = t.shape;
    return view(t, Shape.remove(t.shape, d), Shape.remove(t.strides, d), t.offset + i * t.strides[d], "SelectBackward",
        g -> scatterIntoZeros(g, base, z -> z.select(d, i)));
  }

  static Tensor diagonal(Tensor t, int dim1, int dim2) {
    int a = Shape.dim(dim1, t.dim());
    int b = Shape.dim(dim2, t.dim());
    if (a == b) {
      throw new IllegalArgumentException("diagonal dimensions cannot be identical " + dim1 + ", " + dim2);
    }
    int len = Math.min(t.shape[a], t.shape[b]);
    int[] shape = new int[t.dim() - 1];
    int[] strides = new int[t.dim() - 1];
    for (int i = 0, k = 0; i < t.dim(); i++) {
      if (i != a && i != b) {
        shape[k] = t.shape[i];
        strides[k++] = t.strides[i];
      }
    }
    shape[shape.length - 1] = len;
    strides[strides.length - 1] = t.strides[a] + t.strides[b];
    int[] base = t.shape;
    return view(t, shape, strides, t.offset, "DiagonalBackward",
        g -> scatterIntoZeros(g, base, z -> z.diagonal(a, b)));
  }

  /**
   * A tensor of zeros of {@code baseShape} with {@code g} written into the view {@code viewOf}; the
   * backward of a selecting view. Recorded itself (its backward applies the same view), so that
   * gradients of gradients work.
   */
  static Tensor scatterIntoZeros(Tensor g, int[] baseShape, UnaryOperator<Tensor> viewOf) {
    Tensor z = Tensor.zeros(baseShape);
    Tensor target = viewOf.apply(z.detach());
    float[] src = Strided.materialize(g, target.shape);
    Tensor srcT = Tensor.wrap(src, target.shape);
    InPlace.write(target, srcT);
    return Graph.record(z, "ViewScatterBackward", Graph.of(g), gg -> new Tensor[] {viewOf.apply(gg)});
  }

  static Tensor indexSelect(Tensor t, int dim, int[] indices) {
    int d = Shape.dim(dim, Math.max(t.dim(), 1));
    if (t.dim() == 0) {
      return indexSelect(t.reshape(1), 0, indices).reshape(indices.length == 1 ? new int[0] : new int[] {indices.length});
    }
    int size = t.shape[d];
    int[] idx = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int v = indices[i];
      if (v < -size || v >= size) {
        throw new IndexOutOfBoundsException(
            "index_select: index " + v + " at position " + i + " is out of range for dimension " + d + " with size " + size);
      }
      idx[i] = v < 0 ? v + size : v;
    }
    int[] shape = t.shape.clone();
    shape[d] = idx.length;
    Tensor out = Tensor.zeros(shape);
    for (int i = 0; i < idx.length; i++) {
      InPlace.write(out.select(d, i), t.detach().select(d, idx[i]));
    }
    int[] base = t.shape;
    return Graph.record(out, "IndexSelectBackward", Graph.of(t), g -> new Tensor[] {indexAdd(g, base, d, idx)});
  }

  /** Zeros of {@code baseShape} with slices of {@code g} added at {@code idx} along {@code d}. */
  private static Tensor indexAdd(Tensor g, int[] baseShape, int d, int[] idx) {
    Tensor z = Tensor.zeros(baseShape);
    Tensor gd = g.detach();
    for (int i = 0; i < idx.length; i++) {
      Tensor slot = z.select(d, idx[i]);
      InPlace.accumulate(slot, gd.select(d, i));
    }
    return Graph.record(z, "IndexAddBackward", Graph.of(g), gg -> new Tensor[] {gg.indexSelect(d, idx)});
  }

  static Tensor copy(Tensor t, String name) {
    float[] data = t.toArray();
    Tensor out = Tensor.wrap(data, t.shape.clone());
    return Graph.record(out, name, Graph.of(t), g -> new Tensor[] {g});
  }
}
