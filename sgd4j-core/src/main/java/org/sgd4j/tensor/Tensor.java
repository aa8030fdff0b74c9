package org.sgd4j.tensor;

import java.util.Arrays;

/**
 * A dense float32 n-dimensional array with reverse-mode autograd, shaped like {@code torch.Tensor}.
 *
 * <p>Storage is a flat {@code float[]} with a shape, strides and an offset, so {@link #reshape},
 * {@link #transpose}, {@link #permute}, {@link #expand}, {@link #narrow} and {@link #select} are views
 * that share memory. Binary operations broadcast as NumPy and PyTorch do (see {@link Shape}).
 *
 * <p>A tensor that {@link #requiresGrad()} records the operation that produced it; {@link #backward()}
 * walks the recorded graph in reverse topological order and accumulates gradients into the
 * {@link #grad()} of the leaves. Operations are recorded only while {@link GradMode} is enabled.
 * In-place operations ({@code add_}, {@code mul_}, ...) are refused on tensors that require grad while
 * recording, and a tensor saved for backward that is modified in place afterwards makes backward fail
 * with a clear message (PyTorch's version counter).
 *
 * <p>Class labels travel as tensors of integral float values.
 */
public final class Tensor {

  final Storage storage;
  final int offset;
  final int[] shape;
  final int[] strides;

  private boolean requiresGrad;
  private boolean retainsGrad;
  /** The recorded operation that produced this tensor (set by {@link Graph#record}), null for a leaf. */
  private Node gradFn;
  private Tensor grad;
  /** {@link #grad}'s storage version right after {@code zeroGrad(false)} zeroed it, else {@link #NOT_ZEROED}. */
  private int gradZeroVersion = NOT_ZEROED;
  private static final int NOT_ZEROED = -1;

  Tensor(Storage storage, int offset, int[] shape, int[] strides) {
    this.storage = storage;
    this.offset = offset;
    this.shape = shape;
    this.strides = strides;
  }

  /**
   * A new contiguous tensor that takes ownership of {@code data} (no copy): for kernels and readers
   * that fill a fresh array. The caller must not keep writing to the array.
   */
  public static Tensor wrap(float[] data, int... shape) {
    if (data.length != Shape.numel(shape)) {
      throw new IllegalArgumentException("Tensor.wrap: " + data.length + " values cannot fill shape "
          + Shape.format(shape) + " (" + Shape.numel(shape) + " elements)");
    }
    return new Tensor(new Storage(data), 0, shape, Shape.contiguousStrides(shape));
  }

  // ---------------------------------------------------------------- factories

  /**
   * A tensor of the given shape over a copy of {@code data} in row-major order.
   *
   * @throws IllegalArgumentException if {@code data.length} differs from the shape's element count
   */
  public static Tensor of(float[] data, int... shape) {
    if (data.length != Shape.numel(shape)) {
      throw new IllegalArgumentException("Tensor.of: " + data.length + " values cannot fill shape "
          + Shape.format(shape) + " (" + Shape.numel(shape) + " elements)");
    }
    return wrap(data.clone(), shape.clone());
  }

  /** A 1-D tensor holding a copy of {@code data}. */
  public static Tensor of(float... data) {
    return wrap(data.clone(), data.length);
  }

  /** A 2-D tensor from rows of equal length. */
  public static Tensor of(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] data = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != cols) {
        throw new IllegalArgumentException(
            "Tensor.of: row " + i + " has " + rows[i].length + " values, row 0 has " + cols);
      }
      System.arraycopy(rows[i], 0, data, i * cols, cols);
    }
    return wrap(data, rows.length, cols);
  }

  /** A 0-dimensional tensor holding {@code value}. */
  public static Tensor scalar(float value) {
    return wrap(new float[] {value});
  }

  /**
   * A contiguous tensor with unspecified contents, as {@code torch.empty}: its buffer may be one the
   * {@link BufferPool} recycled, so every element must be written before it is read. For kernels and
   * layers that fill their whole output.
   */
  public static Tensor empty(int... shape) {
    int[] s = shape.clone();
    return new Tensor(BufferPool.storage(Shape.numel(s)), 0, s, Shape.contiguousStrides(s));
  }

  /** A tensor of zeros. */
  public static Tensor zeros(int... shape) {
    return wrap(new float[Shape.numel(shape)], shape.clone());
  }

  /** A tensor of ones. */
  public static Tensor ones(int... shape) {
    return full(1f, shape);
  }

  /** A tensor filled with {@code value}. */
  public static Tensor full(float value, int... shape) {
    float[] data = new float[Shape.numel(shape)];
    Arrays.fill(data, value);
    return wrap(data, shape.clone());
  }

  /** Zeros with the shape of {@code t}. */
  public static Tensor zerosLike(Tensor t) {
    return zeros(t.shape);
  }

  /** Ones with the shape of {@code t}. */
  public static Tensor onesLike(Tensor t) {
    return ones(t.shape);
  }

  /** {@code [0, 1, ..., end-1]}. */
  public static Tensor arange(int end) {
    return arange(0, end, 1);
  }

  /** {@code start, start+step, ...} up to but excluding {@code end}, as {@code torch.arange}. */
  public static Tensor arange(double start, double end, double step) {
    if (step == 0 || Double.isNaN(step)) {
      throw new IllegalArgumentException("arange: step must be nonzero, got " + step);
    }
    if ((end - start) / step < 0) {
      throw new IllegalArgumentException(
          "arange: upper bound and larger bound inconsistent with step sign (start " + start + ", end " + end
              + ", step " + step + ")");
    }
    int n = (int) Math.ceil((end - start) / step);
    float[] data = new float[n];
    for (int i = 0; i < n; i++) {
      data[i] = (float) (start + i * step);
    }
    return wrap(data, n);
  }

  /** {@code steps} evenly spaced values from {@code start} to {@code end} inclusive, as {@code torch.linspace}. */
  public static Tensor linspace(double start, double end, int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
    }
    float[] data = new float[steps];
    // PyTorch's CPU kernel, in float32: the first half counts up from start, the second half down from
    // end, so both ends are exact.
    float from = (float) start;
    float to = (float) end;
    float step = steps > 1 ? (to - from) / (steps - 1) : 0f;
    int half = steps == 1 ? 1 : steps / 2;
    for (int i = 0; i < steps; i++) {
      data[i] = (float) (i < half ? from + (double) step * i : to - (double) step * (steps - i - 1));
    }
    return wrap(data, steps);
  }

  /** The {@code n x n} identity matrix. */
  public static Tensor eye(int n) {
    Tensor t = zeros(n, n);
    for (int i = 0; i < n; i++) {
      t.storage.data[i * n + i] = 1f;
    }
    return t;
  }

  /** Uniform in {@code [0, 1)}, from {@code rng}. */
  public static Tensor rand(Rng rng, int... shape) {
    float[] data = new float[Shape.numel(shape)];
    for (int i = 0; i < data.length; i++) {
      data[i] = rng.nextFloat();
    }
    return wrap(data, shape.clone());
  }

  /** Standard normal, from {@code rng}. */
  public static Tensor randn(Rng rng, int... shape) {
    float[] data = new float[Shape.numel(shape)];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) rng.nextGaussian();
    }
    return wrap(data, shape.clone());
  }

  /** Integers uniform in {@code [low, high)}, from {@code rng}. */
  public static Tensor randint(Rng rng, int low, int high, int... shape) {
    if (high <= low) {
      throw new IllegalArgumentException("randint: expected low < high, got low=" + low + ", high=" + high);
    }
    float[] data = new float[Shape.numel(shape)];
    for (int i = 0; i < data.length; i++) {
      data[i] = low + rng.nextInt(high - low);
    }
    return wrap(data, shape.clone());
  }

  // ---------------------------------------------------------------- metadata and element access

  /** The shape (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /** The size of dimension {@code dim} (negative counts from the end). */
  public int size(int dim) {
    return shape[Shape.dim(dim, shape.length)];
  }

  /** The strides, in elements (a copy). */
  public int[] strides() {
    return strides.clone();
  }

  /** The number of dimensions. */
  public int dim() {
    return shape.length;
  }

  /** The number of elements. */
  public int numel() {
    return Shape.numel(shape);
  }

  /** The storage this tensor views; shared by all its views. */
  public Storage storage() {
    return storage;
  }

  /**
   * The backing array, for kernel writers: element {@code (i0, i1, ...)} is at
   * {@code storageOffset() + i0*strides()[0] + i1*strides()[1] + ...}. Writing to it bypasses the
   * version counter; prefer the in-place methods.
   */
  public float[] data() {
    if (storage.isReleased()) {
      throw released();
    }
    return storage.data;
  }

  private IllegalStateException released() {
    return new IllegalStateException("tensor of shape " + Shape.format(shape) + " was an intermediate result "
        + "whose buffer has been recycled (see BufferPool): it was freed with its graph after backward; keep "
        + "a copy (clone()) or pin it (BufferPool.pin) before that if it is needed later");
  }

  /**
   * The elements of this contiguous tensor from index 0 of an array, for kernel loops that index every
   * array alike ({@code a[i]}, the form C2 turns into SIMD code on JDK 17; an offset in the index keeps the
   * loop scalar): {@link #data()} itself when the tensor starts at offset 0 (not a copy, and possibly longer
   * than {@link #numel()}), else a copy of its {@link #numel()} elements.
   */
  public float[] dataFromZero() {
    float[] d = data();
    return offset == 0 ? d : Arrays.copyOfRange(d, offset, offset + numel());
  }

  /** The offset of element {@code (0, ..., 0)} in {@link #data()}. */
  public int storageOffset() {
    return offset;
  }

  /** True when the elements are laid out densely in row-major order (size-1 dims ignored). */
  public boolean isContiguous() {
    int expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1) {
        if (strides[i] != expected) {
          return false;
        }
        expected *= shape[i];
      }
    }
    return true;
  }

  /** The value of a one-element tensor. */
  public float item() {
    if (numel() != 1) {
      throw new IllegalStateException(
          "a Tensor with " + numel() + " elements (shape " + Shape.format(shape) + ") cannot be converted to a scalar");
    }
    return data()[offset];
  }

  /** The element at the given indices (negative indices count from the end). */
  public float get(int... index) {
    return data()[offsetOf(index)];
  }

  int offsetOf(int... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "get: " + index.length + " indices for a tensor of shape " + Shape.format(shape));
    }
    int off = offset;
    for (int d = 0; d < index.length; d++) {
      int i = index[d];
      if (i < -shape[d] || i >= shape[d]) {
        throw new IndexOutOfBoundsException(
            "index " + i + " is out of bounds for dimension " + d + " with size " + shape[d]);
      }
      off += (i < 0 ? i + shape[d] : i) * strides[d];
    }
    return off;
  }

  /** The elements in row-major order, as a new array. */
  public float[] toArray() {
    if (isContiguous()) {
      return Arrays.copyOfRange(data(), offset, offset + numel());
    }
    data();
    float[] out = new float[numel()];
    Strided.copy(this, out, 0);
    return out;
  }

  /** The elements rounded to int, row-major: for label tensors. */
  public int[] toIntArray() {
    float[] f = toArray();
    int[] out = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = Math.round(f[i]);
    }
    return out;
  }

  /** The elements as doubles, row-major. */
  public double[] toDoubleArray() {
    float[] f = toArray();
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = f[i];
    }
    return out;
  }

  /** Prints like PyTorch: {@code tensor([[1., 2.], [3., 4.]])}, summarised when large. */
  @Override
  public String toString() {
    return TensorFormat.format(this);
  }

  // ---------------------------------------------------------------- views

  /** A tensor with the same data and a new shape (one size may be -1); a view when possible, else a copy. */
  public Tensor reshape(int... newShape) {
    return Views.reshape(this, newShape, false);
  }

  /** Like {@link #reshape} but never copies: fails with a clear error when a view is impossible. */
  public Tensor view(int... newShape) {
    return Views.reshape(this, newShape, true);
  }

  /** Flattens dimensions {@code startDim..endDim} into one. */
  public Tensor flatten(int startDim, int endDim) {
    return Views.flatten(this, startDim, endDim);
  }

  /** All dimensions flattened into one. */
  public Tensor flatten() {
    return reshape(-1);
  }

  /** Swaps two dimensions (a view). */
  public Tensor transpose(int dim0, int dim1) {
    return Views.transpose(this, dim0, dim1);
  }

  /** Reorders the dimensions (a view): result dimension i is input dimension {@code dims[i]}. */
  public Tensor permute(int... dims) {
    return Views.permute(this, dims);
  }

  /** The transpose of a matrix (or a 0-d/1-d tensor unchanged), as {@code Tensor.t()}. */
  public Tensor t() {
    if (shape.length > 2) {
      throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but it has shape " + Shape.format(shape));
    }
    return shape.length < 2 ? this : transpose(0, 1);
  }

  /** The last two dimensions swapped ({@code Tensor.mT}). */
  public Tensor mT() {
    return transpose(-2, -1);
  }

  /** All size-1 dimensions removed. */
  public Tensor squeeze() {
    return Views.squeeze(this);
  }

  /** Dimension {@code dim} removed if its size is 1 (otherwise unchanged, as in PyTorch). */
  public Tensor squeeze(int dim) {
    return Views.squeeze(this, dim);
  }

  /** A size-1 dimension inserted at {@code dim}. */
  public Tensor unsqueeze(int dim) {
    return Views.unsqueeze(this, dim);
  }

  /** Broadcast to a larger shape without copying (-1 keeps a size); the inverse of broadcasting. */
  public Tensor expand(int... newShape) {
    return Views.expand(this, newShape);
  }

  /** {@link #expand} to exactly {@code newShape} ({@code torch.broadcast_to}). */
  public Tensor broadcastTo(int... newShape) {
    return Views.expand(this, newShape);
  }

  /** Elements {@code start .. start+length-1} of dimension {@code dim} (a view). */
  public Tensor narrow(int dim, int start, int length) {
    return Views.slice(this, dim, start, start + length, 1);
  }

  /** Python's {@code t[..., start:end:step, ...]} on dimension {@code dim} (a view); bounds are clamped. */
  public Tensor slice(int dim, int start, int end, int step) {
    return Views.slice(this, dim, start, end, step);
  }

  /** Index {@code index} of dimension {@code dim}, which is removed (a view). */
  public Tensor select(int dim, int index) {
    return Views.select(this, dim, index);
  }

  /** The diagonal over two dimensions, appended as the last dimension (a view), as {@code torch.diagonal}. */
  public Tensor diagonal(int dim1, int dim2) {
    return Views.diagonal(this, dim1, dim2);
  }

  /** The entries at {@code indices} along {@code dim} (a copy), as {@code torch.index_select}. */
  public Tensor indexSelect(int dim, int... indices) {
    return Views.indexSelect(this, dim, indices);
  }

  /** {@link #indexSelect(int, int...)} with indices held in a tensor of integral values. */
  public Tensor indexSelect(int dim, Tensor indices) {
    return Views.indexSelect(this, dim, indices.toIntArray());
  }

  /** Concatenation along {@code dim}; all other sizes must agree ({@code torch.cat}). */
  public static Tensor cat(int dim, Tensor... tensors) {
    return Indexing.cat(dim, tensors);
  }

  /** Stacks equal-shaped tensors along a new dimension {@code dim} ({@code torch.stack}). */
  public static Tensor stack(int dim, Tensor... tensors) {
    return Indexing.stack(dim, tensors);
  }

  /** Values at {@code index} along {@code dim}: for 2-D and dim 1, {@code out[i][j] = this[i][index[i][j]]} ({@code torch.gather}). */
  public Tensor gather(int dim, Tensor index) {
    return Indexing.gather(this, dim, index);
  }

  /** The elements in reverse order along {@code dims} (a copy, as {@code torch.flip}). */
  public Tensor flip(int... dims) {
    return Indexing.flip(this, dims);
  }

  /** This tensor if contiguous, else a contiguous copy (recorded for autograd). */
  public Tensor contiguous() {
    return isContiguous() ? this : Views.copy(this, "CloneBackward");
  }

  /** A contiguous copy with its own storage (recorded for autograd), as {@code Tensor.clone()}. */
  @Override
  public Tensor clone() {
    return Views.copy(this, "CloneBackward");
  }

  /** The same data, cut from the graph: never requires grad. */
  public Tensor detach() {
    return new Tensor(storage, offset, shape, strides);
  }

  // ---------------------------------------------------------------- in-place

  /** {@code this += other} (broadcast to this shape). */
  public Tensor add_(Tensor other) {
    return InPlace.binary(this, other, ElementwiseLoops.Op.ADD);
  }

  /** {@code this += alpha * other}, as {@code add_(other, alpha=alpha)}. */
  public Tensor add_(Tensor other, float alpha) {
    return InPlace.binary(this, other, "add_", (a, b) -> a + alpha * b);
  }

  /** {@code this += value}. */
  public Tensor add_(float value) {
    return InPlace.scalar(this, ElementwiseLoops.Op.ADD, value);
  }

  /** {@code this -= other}. */
  public Tensor sub_(Tensor other) {
    return InPlace.binary(this, other, ElementwiseLoops.Op.SUB);
  }

  /** {@code this -= value}. */
  public Tensor sub_(float value) {
    return InPlace.scalar(this, ElementwiseLoops.Op.SUB, value);
  }

  /** {@code this *= other}. */
  public Tensor mul_(Tensor other) {
    return InPlace.binary(this, other, ElementwiseLoops.Op.MUL);
  }

  /** {@code this *= value}. */
  public Tensor mul_(float value) {
    return InPlace.scalar(this, ElementwiseLoops.Op.MUL, value);
  }

  /** {@code this /= other}. */
  public Tensor div_(Tensor other) {
    return InPlace.binary(this, other, ElementwiseLoops.Op.DIV);
  }

  /** {@code this /= value}. */
  public Tensor div_(float value) {
    return InPlace.scalar(this, ElementwiseLoops.Op.DIV, value);
  }

  /** {@code this += value * t1 * t2}, as {@code addcmul_}. */
  public Tensor addcmul_(Tensor t1, Tensor t2, float value) {
    return InPlace.ternary(this, t1, t2, "addcmul_", (a, b, c) -> a + value * b * c);
  }

  /** {@code this += value * t1 / t2}, as {@code addcdiv_}. */
  public Tensor addcdiv_(Tensor t1, Tensor t2, float value) {
    return InPlace.ternary(this, t1, t2, "addcdiv_", (a, b, c) -> a + value * b / c);
  }

  /** {@code this += weight * (end - this)}, as {@code lerp_}. */
  public Tensor lerp_(Tensor end, float weight) {
    return InPlace.binary(this, end, "lerp_", (a, b) -> a + weight * (b - a));
  }

  /** Sets every element to 0. */
  public Tensor zero_() {
    return fill_(0f);
  }

  /** Sets every element to {@code value}. */
  public Tensor fill_(float value) {
    return InPlace.fill(this, value);
  }

  /** Copies {@code src} (broadcast to this shape) into this tensor. */
  public Tensor copy_(Tensor src) {
    return InPlace.copy(this, src);
  }

  /** Clamps every element into {@code [min, max]} (NaN stays NaN). */
  public Tensor clamp_(float min, float max) {
    return InPlace.unary(this, "clamp_", a -> a < min ? min : (a > max ? max : a));
  }

  // ---------------------------------------------------------------- elementwise

  /** {@code this + other}, broadcasting. */
  public Tensor add(Tensor other) {
    return ElementwiseFunctions.add(this, other);
  }

  /** {@code this + alpha * other}, broadcasting ({@code torch.add(input, other, alpha=alpha)}). */
  public Tensor add(Tensor other, float alpha) {
    return ElementwiseFunctions.add(this, other.mul(alpha));
  }

  /** {@code this + value}. */
  public Tensor add(float value) {
    return ElementwiseFunctions.addScalar(this, value);
  }

  /** {@code this - other}, broadcasting. */
  public Tensor sub(Tensor other) {
    return ElementwiseFunctions.sub(this, other);
  }

  /** {@code this - value}. */
  public Tensor sub(float value) {
    return ElementwiseFunctions.addScalar(this, -value);
  }

  /** {@code value - this}. */
  public Tensor rsub(float value) {
    return ElementwiseFunctions.addScalar(ElementwiseFunctions.mulScalar(this, -1f), value);
  }

  /** {@code this * other}, broadcasting. */
  public Tensor mul(Tensor other) {
    return ElementwiseFunctions.mul(this, other);
  }

  /** {@code this * value}. */
  public Tensor mul(float value) {
    return ElementwiseFunctions.mulScalar(this, value);
  }

  /** {@code this / other}, broadcasting. */
  public Tensor div(Tensor other) {
    return ElementwiseFunctions.div(this, other);
  }

  /** {@code this / value}. */
  public Tensor div(float value) {
    return ElementwiseFunctions.divScalar(this, value);
  }

  /** {@code this ^ exponent} elementwise. */
  public Tensor pow(float exponent) {
    return ElementwiseFunctions.powScalar(this, exponent);
  }

  /** {@code this ^ exponent} elementwise with a tensor exponent, broadcasting. */
  public Tensor pow(Tensor exponent) {
    return ElementwiseFunctions.pow(this, exponent);
  }

  /** {@code -this}. */
  public Tensor neg() {
    return ElementwiseFunctions.mulScalar(this, -1f);
  }

  /** {@code |this|}; its gradient at 0 is 0, as in PyTorch. */
  public Tensor abs() {
    return ElementwiseFunctions.abs(this);
  }

  /** -1, 0 or 1 by sign; zero gradient. */
  public Tensor sign() {
    return ElementwiseFunctions.sign(this);
  }

  /** {@code e^this}. */
  public Tensor exp() {
    return ElementwiseFunctions.exp(this);
  }

  /** Natural logarithm. */
  public Tensor log() {
    return ElementwiseFunctions.log(this);
  }

  /** {@code log(1 + this)}, accurate near 0. */
  public Tensor log1p() {
    return ElementwiseFunctions.log1p(this);
  }

  /** Square root. */
  public Tensor sqrt() {
    return ElementwiseFunctions.sqrt(this);
  }

  /** {@code 1 / sqrt(this)}. */
  public Tensor rsqrt() {
    return ElementwiseFunctions.rsqrt(this);
  }

  /** {@code this * this}. */
  public Tensor square() {
    return ElementwiseFunctions.mul(this, this);
  }

  /** Sine. */
  public Tensor sin() {
    return ElementwiseFunctions.sin(this);
  }

  /** Cosine. */
  public Tensor cos() {
    return ElementwiseFunctions.cos(this);
  }

  /** Hyperbolic tangent. */
  public Tensor tanh() {
    return ElementwiseFunctions.tanh(this);
  }

  /** Logistic sigmoid {@code 1 / (1 + e^-x)}. */
  public Tensor sigmoid() {
    return ElementwiseFunctions.sigmoid(this);
  }

  /** SiLU (swish) {@code x σ(x) = x / (1 + e^-x)}, as {@code torch.nn.functional.silu}. */
  public Tensor silu() {
    return ElementwiseFunctions.silu(this);
  }

  /** {@code max(x, 0)}; gradient 0 at 0, as in PyTorch. */
  public Tensor relu() {
    return ElementwiseFunctions.relu(this);
  }

  /** Clamps into {@code [min, max]}; gradient 1 inside (bounds included), 0 outside, as in PyTorch. */
  public Tensor clamp(float min, float max) {
    return ElementwiseFunctions.clamp(this, min, max);
  }

  /** Elementwise maximum, broadcasting; ties split the gradient equally, as in PyTorch. */
  public Tensor maximum(Tensor other) {
    return ElementwiseFunctions.maximum(this, other);
  }

  /** Elementwise minimum, broadcasting; ties split the gradient equally, as in PyTorch. */
  public Tensor minimum(Tensor other) {
    return ElementwiseFunctions.minimum(this, other);
  }

  /** 1 where {@code this == other}, else 0. */
  public Tensor eq(Tensor other) {
    return ElementwiseFunctions.compare(ElementwiseLoops.Cmp.EQ, this, other);
  }

  /** 1 where {@code this != other}, else 0. */
  public Tensor ne(Tensor other) {
    return ElementwiseFunctions.compare(ElementwiseLoops.Cmp.NE, this, other);
  }

  /** 1 where {@code this < other}, else 0. */
  public Tensor lt(Tensor other) {
    return ElementwiseFunctions.compare(ElementwiseLoops.Cmp.LT, this, other);
  }

  /** 1 where {@code this <= other}, else 0. */
  public Tensor le(Tensor other) {
    return ElementwiseFunctions.compare(ElementwiseLoops.Cmp.LE, this, other);
  }

  /** 1 where {@code this > other}, else 0. */
  public Tensor gt(Tensor other) {
    return ElementwiseFunctions.compare(ElementwiseLoops.Cmp.GT, this, other);
  }

  /** 1 where {@code this >= other}, else 0. */
  public Tensor ge(Tensor other) {
    return ElementwiseFunctions.compare(ElementwiseLoops.Cmp.GE, this, other);
  }

  /** 1 where {@code this == value}, else 0. */
  public Tensor eq(float value) {
    return eq(scalar(value));
  }

  /** 1 where {@code this > value}, else 0. */
  public Tensor gt(float value) {
    return gt(scalar(value));
  }

  /** 1 where {@code this < value}, else 0. */
  public Tensor lt(float value) {
    return lt(scalar(value));
  }

  /** 1 where {@code this >= value}, else 0. */
  public Tensor ge(float value) {
    return ge(scalar(value));
  }

  /** 1 where {@code this <= value}, else 0. */
  public Tensor le(float value) {
    return le(scalar(value));
  }

  /** {@code condition != 0 ? x : y} elementwise, broadcasting all three, as {@code torch.where}. */
  public static Tensor where(Tensor condition, Tensor x, Tensor y) {
    return ElementwiseFunctions.where(condition, x, y);
  }

  // ---------------------------------------------------------------- reductions

  /** Sum of all elements (a 0-d tensor). */
  public Tensor sum() {
    return Reductions.sum(this, null, false);
  }

  /** Sum over {@code dims}. */
  public Tensor sum(int[] dims, boolean keepdim) {
    return Reductions.sum(this, dims, keepdim);
  }

  /** Sum over one dimension, removing it. */
  public Tensor sum(int dim) {
    return Reductions.sum(this, new int[] {dim}, false);
  }

  /**
   * Sums a broadcast gradient back to {@code target}, a shape this one was broadcast from: leading
   * dimensions are summed away, dimensions of size 1 in {@code target} are summed with keepdim.
   */
  public Tensor sumTo(int... target) {
    return Reductions.sumTo(this, target);
  }

  /** Mean of all elements. */
  public Tensor mean() {
    return Reductions.mean(this, null, false);
  }

  /** Mean over {@code dims}. */
  public Tensor mean(int[] dims, boolean keepdim) {
    return Reductions.mean(this, dims, keepdim);
  }

  /** Mean over one dimension, removing it. */
  public Tensor mean(int dim) {
    return Reductions.mean(this, new int[] {dim}, false);
  }

  /** Product of all elements. */
  public Tensor prod() {
    return Reductions.prod(this, null, false);
  }

  /** Product over {@code dims}. */
  public Tensor prod(int[] dims, boolean keepdim) {
    return Reductions.prod(this, dims, keepdim);
  }

  /** Largest element; the gradient is shared equally among ties, as {@code amax}. */
  public Tensor max() {
    return Reductions.max(this, null, false);
  }

  /** Largest element over {@code dims} ({@code amax}). */
  public Tensor max(int[] dims, boolean keepdim) {
    return Reductions.max(this, dims, keepdim);
  }

  /** Largest element over one dimension, removing it. */
  public Tensor max(int dim) {
    return Reductions.max(this, new int[] {dim}, false);
  }

  /** Smallest element; the gradient is shared equally among ties, as {@code amin}. */
  public Tensor min() {
    return Reductions.min(this, null, false);
  }

  /** Smallest element over {@code dims} ({@code amin}). */
  public Tensor min(int[] dims, boolean keepdim) {
    return Reductions.min(this, dims, keepdim);
  }

  /** Smallest element over one dimension, removing it. */
  public Tensor min(int dim) {
    return Reductions.min(this, new int[] {dim}, false);
  }

  /** Flat row-major index of the (first) largest element, as a 0-d tensor. */
  public Tensor argmax() {
    return Reductions.argExtreme(this.reshape(-1), 0, false, true);
  }

  /** Index of the (first) largest element along {@code dim}. */
  public Tensor argmax(int dim, boolean keepdim) {
    return Reductions.argExtreme(this, dim, keepdim, true);
  }

  /** Flat row-major index of the (first) smallest element. */
  public Tensor argmin() {
    return Reductions.argExtreme(this.reshape(-1), 0, false, false);
  }

  /** Index of the (first) smallest element along {@code dim}. */
  public Tensor argmin(int dim, boolean keepdim) {
    return Reductions.argExtreme(this, dim, keepdim, false);
  }

  /** Variance of all elements; {@code unbiased} divides by {@code n-1} (Bessel). */
  public Tensor var(boolean unbiased) {
    return Reductions.var(this, null, unbiased, false);
  }

  /** Variance over {@code dims}. */
  public Tensor var(int[] dims, boolean unbiased, boolean keepdim) {
    return Reductions.var(this, dims, unbiased, keepdim);
  }

  /** Standard deviation of all elements. */
  public Tensor std(boolean unbiased) {
    return var(unbiased).sqrt();
  }

  /** Standard deviation over {@code dims}. */
  public Tensor std(int[] dims, boolean unbiased, boolean keepdim) {
    return var(dims, unbiased, keepdim).sqrt();
  }

  /** {@code log(sum(exp(x)))} over {@code dims}, computed stably (max subtracted first). */
  public Tensor logsumexp(int[] dims, boolean keepdim) {
    return Reductions.logsumexp(this, dims, keepdim);
  }

  /** {@code exp(x_i) / sum_j exp(x_j)} along {@code dim}, computed stably. */
  public Tensor softmax(int dim) {
    return Reductions.softmax(this, dim, false);
  }

  /** {@code x_i - logsumexp(x)} along {@code dim}, computed stably. */
  public Tensor logSoftmax(int dim) {
    return Reductions.softmax(this, dim, true);
  }

  // ---------------------------------------------------------------- linear algebra

  /** Matrix product with {@code torch.matmul}'s rules (1-D, 2-D, batched with broadcast batch dims). */
  public Tensor matmul(Tensor other) {
    return LinearAlgebra.matmul(this, other);
  }

  /**
   * {@code this = beta * this + mat1 @ mat2} in place, {@code torch.Tensor.addmm_} with alpha 1, for a
   * contiguous (n, p) tensor and (n, k), (k, p) matrices; the product has the bits of
   * {@code mat1.mm(mat2)}. With {@code beta == 0} this tensor is not read, so NaN or inf in it does not
   * propagate. Not recorded by autograd; refused on a tensor that requires grad while grad mode is on.
   */
  public Tensor addmm_(Tensor mat1, Tensor mat2, float beta) {
    return LinearAlgebra.addmmInPlace(this, mat1, mat2, beta);
  }

  /** Product of two matrices. */
  public Tensor mm(Tensor other) {
    return LinearAlgebra.mm(this, other);
  }

  /** Matrix times vector. */
  public Tensor mv(Tensor vector) {
    return LinearAlgebra.mv(this, vector);
  }

  /** Inner product of two vectors. */
  public Tensor dot(Tensor other) {
    return LinearAlgebra.dot(this, other);
  }

  /** Batched matrix product of {@code (b, n, m)} and {@code (b, m, p)}. */
  public Tensor bmm(Tensor other) {
    return LinearAlgebra.bmm(this, other);
  }

  /** Outer product of two vectors. */
  public Tensor outer(Tensor other) {
    return LinearAlgebra.outer(this, other);
  }

  /** Einstein summation with {@code torch.einsum}'s grammar, e.g. {@code "bij,bjk->bik"}. */
  public static Tensor einsum(String equation, Tensor... operands) {
    return Einsum.einsum(equation, operands);
  }

  // ---------------------------------------------------------------- norms

  /** The L2 (Euclidean / Frobenius) norm of all elements. */
  public Tensor norm() {
    return Norms.norm(this, 2, null, false);
  }

  /** The Lp norm of all elements: p ≥ 1, or {@code Double.POSITIVE_INFINITY} for the max norm. */
  public Tensor norm(double p) {
    return Norms.norm(this, p, null, false);
  }

  /** The Lp norm over {@code dims}. */
  public Tensor norm(double p, int[] dims, boolean keepdim) {
    return Norms.norm(this, p, dims, keepdim);
  }

  /** The Frobenius norm over the last two dimensions. */
  public Tensor frobeniusNorm() {
    if (shape.length < 2) {
      throw new IllegalArgumentException("frobeniusNorm expects at least 2 dimensions, got shape " + Shape.format(shape));
    }
    return Norms.norm(this, 2, new int[] {-2, -1}, false);
  }

  // ---------------------------------------------------------------- autograd

  /** Whether gradients are computed for this tensor. */
  public boolean requiresGrad() {
    return requiresGrad || gradFn != null;
  }

  /** Sets whether a leaf tensor requires grad; returns this. */
  public Tensor requiresGrad_(boolean value) {
    if (gradFn != null && !value) {
      throw new IllegalStateException(
          "you can only change requires_grad flags of leaf tensors; use detach() on this non-leaf ("
              + gradFn.name() + ")");
    }
    this.requiresGrad = value;
    return this;
  }

  /** {@code requiresGrad_(true)}. */
  public Tensor requiresGrad_() {
    return requiresGrad_(true);
  }

  /**
   * The accumulated gradient, or null (PyTorch's {@code .grad}). A plain getter, with PyTorch's
   * semantics for the tensor it returns: a backward pass adds into it in place, {@code zeroGrad(false)}
   * zeroes it in place, and once the gradient is cleared ({@code zeroGrad(true)}, {@code setGrad(null)})
   * or replaced, the next backward pass stores a new tensor and never writes the old one again. A loop
   * that must not allocate a gradient per step zeroes in place, or, as the trainer does, writes each
   * step's gradients over the last ones ({@code org.sgd4j.train.Backward.overwriting}).
   */
  public Tensor grad() {
    return grad;
  }

  /** Whether a gradient is present ({@code grad() != null}). */
  public boolean hasGrad() {
    return grad != null;
  }

  /**
   * Replaces the gradient (null clears it), as assigning {@code .grad} in PyTorch; the tensor must have
   * this tensor's shape.
   */
  public void setGrad(Tensor grad) {
    if (grad != null && !Arrays.equals(grad.shape, shape)) {
      throw new IllegalArgumentException(
          "assigned grad has shape " + Shape.format(grad.shape) + " but the tensor has shape " + Shape.format(shape));
    }
    this.grad = grad;
    gradZeroVersion = NOT_ZEROED;
  }

  /**
   * Clears the gradient ({@code setToNone}, PyTorch 2's default) or sets it to zeros in place (PyTorch
   * 1.x's {@code zero_grad()}): one parameter's share of {@code Optimizer.zeroGrad}. A gradient that
   * itself requires grad (made by a backward pass with {@code createGraph}) is replaced by fresh zeros
   * rather than zeroed. Zeroing in place keeps the tensor and its buffer, and lets the next backward
   * pass add the new gradient straight into it.
   */
  public void zeroGrad(boolean setToNone) {
    if (grad == null) {
      return;
    }
    if (setToNone) {
      setGrad(null);
      return;
    }
    if (grad.requiresGrad()) {
      grad = zeros(shape);
    } else {
      // Not requiring grad, it may be written in place under grad mode, and nothing is recorded.
      grad.zero_();
    }
    gradZeroVersion = grad.storage.version();
  }

  /** Whether the gradient holds +0.0 everywhere, untouched since {@code zeroGrad(false)} zeroed it (for the engine). */
  boolean gradHoldsZeros() {
    return grad != null && gradZeroVersion != NOT_ZEROED && gradZeroVersion == grad.storage.version();
  }

  /** {@link Graph#record} records {@code node} as the operation that produced this tensor. */
  void setGradFn(Node node) {
    gradFn = node;
  }

  /** The recorded operation that produced this tensor (PyTorch's {@code grad_fn}), or null for a leaf. */
  public Node gradFn() {
    return gradFn;
  }

  /** True for tensors not produced by a recorded operation. */
  public boolean isLeaf() {
    return gradFn == null;
  }

  /** Asks a non-leaf to keep its gradient in {@link #grad()} during backward. */
  public Tensor retainGrad() {
    retainsGrad = true;
    return this;
  }

  /** Whether {@link #retainGrad()} was called. */
  public boolean retainsGrad() {
    return retainsGrad;
  }

  /** Backpropagates from a one-element tensor; frees the graph. */
  public void backward() {
    backward(null, false);
  }

  /** Backpropagates with the given output gradient; frees the graph. */
  public void backward(Tensor gradient) {
    backward(gradient, false);
  }

  /**
   * Backpropagates; {@code retainGraph} keeps the graph for another backward. The engine
   * ({@code org.sgd4j.autograd.Autograd.backward}) runs it, reached through {@link AutogradHooks}.
   */
  public void backward(Tensor gradient, boolean retainGraph) {
    AutogradHooks.engine().backward(this, gradient, retainGraph);
  }

  /** Rank check used by ops: throws naming the op and the shape when {@code dim() != rank}. */
  public Tensor requireDim(String op, int rank) {
    if (shape.length != rank) {
      throw new IllegalArgumentException(
          op + " expects a " + rank + "-D tensor, got shape " + Shape.format(shape));
    }
    return this;
  }
}
