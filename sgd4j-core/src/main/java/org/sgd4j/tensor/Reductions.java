package org.sgd4j.tensor;

import java.util.Arrays;
import org.sgd4j.tensor.kernel.ColumnSums;
import org.sgd4j.tensor.kernel.ElementSplit;

/**
 * Reductions over all elements or given dimensions (with keepdim), softmax and log-softmax. Sums
 * accumulate in double precision. Each op's backward sits beside its forward.
 */
final class Reductions {
  private Reductions() {}

  @FunctionalInterface
  private interface Block {
    float reduce(float[] v, int start, int len);
  }

  /** The reduction layout: which dims are reduced, and the output shapes with and without keepdim. */
  private record Plan(boolean[] reduced, int outer, int inner, int[] keepShape, int[] outShape, int[] perm) {
    static Plan of(Tensor t, int[] dims, boolean keepdim) {
      int n = t.dim();
      boolean[] reduced = new boolean[n];
      if (dims == null) {
        Arrays.fill(reduced, true);
      } else {
        for (int d : dims) {
          int k = Shape.dim(d, n);
          if (n > 0 && reduced[k]) {
            throw new IllegalArgumentException("dim " + k + " appears multiple times in the list of dims " + Arrays.toString(dims));
          }
          if (n > 0) {
            reduced[k] = true;
          }
        }
      }
      int[] keepShape = t.shape.clone();
      int[] perm = new int[n];
      int k = 0;
      int outer = 1;
      int inner = 1;
      int kept = 0;
      for (int i = 0; i < n; i++) {
        if (!reduced[i]) {
          perm[k++] = i;
          outer *= t.shape[i];
          kept++;
        }
      }
      for (int i = 0; i < n; i++) {
        if (reduced[i]) {
          perm[k++] = i;
          inner *= t.shape[i];
          keepShape[i] = 1;
        }
      }
      int[] outShape = new int[kept];
      for (int i = 0, j = 0; i < n; i++) {
        if (!reduced[i]) {
          outShape[j++] = t.shape[i];
        }
      }
      return new Plan(reduced, outer, inner, keepShape, keepdim ? keepShape : outShape, perm);
    }
  }

  private static float[] reduce(Tensor t, Plan p, String op, Block f) {
    if (p.inner == 0 && (op.equals("max") || op.equals("min") || op.equals("argmax") || op.equals("argmin"))) {
      throw new IllegalArgumentException(op + "(): expected a non-empty reduction, got shape " + Shape.format(t.shape));
    }
    float[] moved;
    int base = 0;
    if (t.isContiguous() && isIdentity(p.perm)) {
      // Already laid out as (kept..., reduced...): reduce in place, no copy.
      moved = t.storage.data;
      base = t.offset;
    } else {
      moved = Views.permute(t.detach(), p.perm).toArray();
    }
    float[] out = new float[p.outer];
    float[] v = moved;
    int at = base;
    // Each output is one block, reduced whole by one thread: the same bits for any thread count.
    ElementSplit.runRows(p.outer, p.inner, (o0, o1) -> {
      for (int o = o0; o < o1; o++) {
        out[o] = f.reduce(v, at + o * p.inner, p.inner);
      }
    });
    return out;
  }

  /**
   * Sums (or means) of a contiguous tensor whose kept dims (ignoring dims of size 1) form one block
   * {@code C} between reduced ones, i.e. the tensor is {@code [A, C, B]} and output {@code c} is the sum
   * of {@code x[a, c, b]} over {@code a} then {@code b}, in double: exactly the order of
   * {@link #blockSum} over the moved layout, so the bits are the same, without the transposed copy.
   * Null for other layouts (and when every dim is reduced).
   */
  private static float[] fastSums(Tensor t, Plan p, boolean mean) {
    if (t.numel() == 0 || !t.isContiguous()) {
      return null;
    }
    int[] shape = t.shape;
    int first = -1;
    int last = -1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] != 1 && !p.reduced[i]) {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
    }
    if (first < 0) {
      return null;
    }
    long a = 1;
    long c = 1;
    long b = 1;
    for (int i = 0; i < shape.length; i++) {
      if (i < first) {
        a *= shape[i];
      } else if (i > last) {
        b *= shape[i];
      } else if (p.reduced[i] && shape[i] != 1) {
        return null;
      } else {
        c *= shape[i];
      }
    }
    if (a == 1 && b == 1) {
      return null;
    }
    return b == 1 ? columnSums(t, (int) a, (int) c, mean) : blockSums(t, (int) a, (int) c, (int) b, mean);
  }

  /** Sums over the rows of a contiguous {@code rows x cols} tensor ({@link ColumnSums}). */
  private static float[] columnSums(Tensor t, int rows, int cols, boolean mean) {
    float[] out = new float[cols];
    ColumnSums.sum(t.storage.data, t.offset, rows, cols, mean, out, 0);
    return out;
  }

  /**
   * Sums over {@code a} and {@code b} of a contiguous {@code [A, C, B]} tensor. Each output's sum is
   * one sequential chain of double additions (the fixed order); four outputs advance together so their
   * chains overlap in the CPU.
   */
  private static float[] blockSums(Tensor t, int outerCount, int cols, int innerCount, boolean mean) {
    float[] v = t.storage.data;
    int base = t.offset;
    int n = outerCount * innerCount;
    float[] out = new float[cols];
    ElementSplit.runRows(cols, n, (c0, c1) -> {
      int c = c0;
      for (; c + 4 <= c1; c += 4) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int a = 0; a < outerCount; a++) {
          int p0 = base + (a * cols + c) * innerCount;
          int p1 = p0 + innerCount;
          int p2 = p1 + innerCount;
          int p3 = p2 + innerCount;
          for (int k = 0; k < innerCount; k++) {
            s0 += v[p0 + k];
            s1 += v[p1 + k];
            s2 += v[p2 + k];
            s3 += v[p3 + k];
          }
        }
        out[c] = mean ? (float) (s0 / n) : (float) s0;
        out[c + 1] = mean ? (float) (s1 / n) : (float) s1;
        out[c + 2] = mean ? (float) (s2 / n) : (float) s2;
        out[c + 3] = mean ? (float) (s3 / n) : (float) s3;
      }
      for (; c < c1; c++) {
        double s0 = 0;
        for (int a = 0; a < outerCount; a++) {
          int p0 = base + (a * cols + c) * innerCount;
          for (int k = 0; k < innerCount; k++) {
            s0 += v[p0 + k];
          }
        }
        out[c] = mean ? (float) (s0 / n) : (float) s0;
      }
    });
    return out;
  }

  private static boolean isIdentity(int[] perm) {
    for (int i = 0; i < perm.length; i++) {
      if (perm[i] != i) {
        return false;
      }
    }
    return true;
  }

  private static double blockSum(float[] v, int s, int n) {
    double acc = 0;
    for (int i = s; i < s + n; i++) {
      acc += v[i];
    }
    return acc;
  }

  static Tensor sum(Tensor t, int[] dims, boolean keepdim) {
    Plan p = Plan.of(t, dims, keepdim);
    float[] fast = fastSums(t, p, false);
    Tensor out = Tensor.wrap(fast != null ? fast : reduce(t, p, "sum", (v, s, n) -> (float) blockSum(v, s, n)), p.outShape);
    int[] in = t.shape;
    return Graph.record(out, "SumBackward", Graph.of(t), g -> new Tensor[] {g.reshape(p.keepShape).expand(in)});
  }

  static Tensor mean(Tensor t, int[] dims, boolean keepdim) {
    Plan p = Plan.of(t, dims, keepdim);
    int count = p.inner;
    float[] fast = fastSums(t, p, true);
    Tensor out = Tensor.wrap(fast != null ? fast : reduce(t, p, "mean", (v, s, n) -> (float) (blockSum(v, s, n) / n)), p.outShape);
    int[] in = t.shape;
    return Graph.record(out, "MeanBackward", Graph.of(t),
        g -> new Tensor[] {g.reshape(p.keepShape).expand(in).div((float) count)});
  }

  static Tensor prod(Tensor t, int[] dims, boolean keepdim) {
    Plan p = Plan.of(t, dims, keepdim);
    Tensor out = Tensor.wrap(reduce(t, p, "prod", (v, s, n) -> {
      double acc = 1;
      for (int i = s; i < s + n; i++) {
        acc *= v[i];
      }
      return (float) acc;
    }), p.outShape);
    return Graph.record(out, "ProdBackward", Graph.of(t), Graph.of(t, out), g -> {
      Tensor gk = g.reshape(p.keepShape);
      boolean anyZero = t.eq(0f).sum().item() > 0;
      if (!anyZero) {
        return new Tensor[] {gk.mul(out.reshape(p.keepShape)).div(t)};
      }
      return new Tensor[] {gk.mul(productOfOthers(t, p))};
    });
  }

  /** For each element, the product of the other elements of its reduction block (exact with zeros). */
  private static Tensor productOfOthers(Tensor t, Plan p) {
    float[] moved = Views.permute(t.detach(), p.perm).toArray();
    float[] res = new float[moved.length];
    for (int o = 0; o < p.outer; o++) {
      int s = o * p.inner;
      double prefix = 1;
      for (int i = 0; i < p.inner; i++) {
        res[s + i] = (float) prefix;
        prefix *= moved[s + i];
      }
      double suffix = 1;
      for (int i = p.inner - 1; i >= 0; i--) {
        res[s + i] = (float) (res[s + i] * suffix);
        suffix *= moved[s + i];
      }
    }
    int[] movedShape = new int[p.perm.length];
    int[] inverse = new int[p.perm.length];
    for (int i = 0; i < p.perm.length; i++) {
      movedShape[i] = t.shape[p.perm[i]];
      inverse[p.perm[i]] = i;
    }
    return Tensor.wrap(res, movedShape).permute(inverse).contiguous();
  }

  static Tensor max(Tensor t, int[] dims, boolean keepdim) {
    return extreme(t, dims, keepdim, true);
  }

  static Tensor min(Tensor t, int[] dims, boolean keepdim) {
    return extreme(t, dims, keepdim, false);
  }

  private static Tensor extreme(Tensor t, int[] dims, boolean keepdim, boolean isMax) {
    Plan p = Plan.of(t, dims, keepdim);
    Tensor out = Tensor.wrap(reduce(t, p, isMax ? "max" : "min", (v, s, n) -> {
      float best = v[s];
      for (int i = s + 1; i < s + n; i++) {
        float x = v[i];
        if (x != x) {
          return Float.NaN;
        }
        if (isMax ? x > best : x < best) {
          best = x;
        }
      }
      return best;
    }), p.outShape);
    return Graph.record(out, isMax ? "AmaxBackward" : "AminBackward", Graph.of(t), Graph.of(t, out), g -> {
      Tensor mask = t.eq(out.reshape(p.keepShape));
      Tensor count = mask.sum(dimsOf(p), true);
      return new Tensor[] {g.reshape(p.keepShape).mul(mask).div(count)};
    });
  }

  private static int[] dimsOf(Plan p) {
    int c = 0;
    for (boolean r : p.reduced) {
      if (r) {
        c++;
      }
    }
    int[] d = new int[c];
    for (int i = 0, k = 0; i < p.reduced.length; i++) {
      if (p.reduced[i]) {
        d[k++] = i;
      }
    }
    return d;
  }

  static Tensor argExtreme(Tensor t, int dim, boolean keepdim, boolean isMax) {
    Plan p = Plan.of(t, t.dim() == 0 ? null : new int[] {dim}, keepdim);
    return Tensor.wrap(reduce(t, p, isMax ? "argmax" : "argmin", (v, s, n) -> {
      int best = 0;
      for (int i = 1; i < n; i++) {
        float x = v[s + i];
        float b = v[s + best];
        if (b != b) {
          break;
        }
        if (x != x || (isMax ? x > b : x < b)) {
          best = i;
        }
      }
      return best;
    }), p.outShape);
  }

  static Tensor var(Tensor t, int[] dims, boolean unbiased, boolean keepdim) {
    Plan p = Plan.of(t, dims, keepdim);
    int n = p.inner;
    Tensor centered = t.sub(t.mean(dimsOf(p), true));
    Tensor ss = centered.square().sum(dimsOf(p), keepdim);
    return ss.div((float) (unbiased ? n - 1 : n));
  }

  static Tensor logsumexp(Tensor t, int[] dims, boolean keepdim) {
    Plan p = Plan.of(t, dims, keepdim);
    int[] d = dimsOf(p);
    Tensor m = t.detach().max(d, true);
    // A block of all -inf would give -inf - -inf = NaN; shift by 0 there.
    m = Tensor.where(m.abs().eq(Float.POSITIVE_INFINITY), Tensor.scalar(0f), m);
    Tensor lse = t.sub(m).exp().sum(d, true).log().add(m);
    return keepdim ? lse : lse.reshape(p.outShape);
  }

  static Tensor softmax(Tensor t, int dim, boolean log) {
    if (t.dim() == 0) {
      return softmax(t.reshape(1), 0, log).reshape();
    }
    int d = Shape.dim(dim, t.dim());
    Tensor moved = t.detach().transpose(d, -1);
    float[] v = moved.toArray();
    int len = t.shape[d];
    if (len > 0) {
      ElementSplit.runRows(v.length / len, (long) len * ElementSplit.TRANSCENDENTAL,
          (r0, r1) -> softmaxRows(v, r0 * len, r1 * len, len, log));
    }
    Tensor out = Tensor.wrap(v, moved.shape()).transpose(d, -1).detach().contiguous();
    if (log) {
      return Graph.record(out, "LogSoftmaxBackward", Graph.of(t), Graph.of(out), g -> new Tensor[] {
          fusedRows(g, out, d) ? softmaxBackwardRows(g, out, true)
              : g.sub(out.exp().mul(g.sum(new int[] {d}, true)))});
    }
    return Graph.record(out, "SoftmaxBackward", Graph.of(t), Graph.of(out), g -> new Tensor[] {
        fusedRows(g, out, d) ? softmaxBackwardRows(g, out, false)
            : out.mul(g.sub(g.mul(out).sum(new int[] {d}, true)))});
  }

  /**
   * Whether a softmax backward can run as one pass over rows: the softmax's dim is the last, both tensors
   * are contiguous, and no graph of the backward is being recorded (a double backward needs the
   * composed ops).
   */
  private static boolean fusedRows(Tensor g, Tensor out, int d) {
    return !GradMode.isEnabled() && d == out.dim() - 1 && g.isContiguous() && out.numel() > 0
        && Arrays.equals(g.shape, out.shape);
  }

  /**
   * The backward of log-softmax, {@code g − exp(out)·Σ g}, or of softmax, {@code out·(g − Σ g·out)},
   * along contiguous rows in one pass: each row's sum in double from 0 in index order, then each
   * element by the float operations of the composed ops ({@code exp}, then the product with the
   * rounded sum, then the difference), so the bits are theirs, whatever the rows' split.
   */
  static Tensor softmaxBackwardRows(Tensor g, Tensor out, boolean log) {
    int len = out.shape[out.dim() - 1];
    float[] gv = g.storage.data;
    int go = g.offset;
    float[] ov = out.storage.data;
    int oo = out.offset;
    float[] r = new float[out.numel()];
    ElementSplit.runRows(r.length / len, log ? (long) len * ElementSplit.TRANSCENDENTAL : len, (r0, r1) -> {
      for (int s = r0 * len; s < r1 * len; s += len) {
        double sum = 0;
        for (int k = 0; k < len; k++) {
          sum += log ? gv[go + s + k] : gv[go + s + k] * ov[oo + s + k];
        }
        float rowSum = (float) sum;
        if (log) {
          for (int k = 0; k < len; k++) {
            // -(-o) is o in every bit; see ElementwiseLoops.kernelFn for why exp gets it.
            r[s + k] = gv[go + s + k] - (float) Math.exp(-(-ov[oo + s + k])) * rowSum;
          }
        } else {
          for (int k = 0; k < len; k++) {
            r[s + k] = ov[oo + s + k] * (gv[go + s + k] - rowSum);
          }
        }
      }
    });
    return Tensor.wrap(r, out.shape);
  }

  /**
   * Softmax (or log-softmax) in place over the rows of {@code len} elements in {@code v[from, to)}.
   * Shifted by the row's max (0 when it is -inf); the sum of exponentials in double.
   */
  private static void softmaxRows(float[] v, int from, int to, int len, boolean log) {
    double[] e = log ? null : new double[len];
    for (int s = from; s < to; s += len) {
      float max = Float.NEGATIVE_INFINITY;
      for (int i = s; i < s + len; i++) {
        max = Math.max(max, v[i]);
      }
      if (max == Float.NEGATIVE_INFINITY) {
        max = 0f;
      }
      double sum = 0;
      if (log) {
        for (int i = s; i < s + len; i++) {
          sum += Math.exp(v[i] - max);
        }
        float lse = (float) (max + Math.log(sum));
        for (int i = s; i < s + len; i++) {
          v[i] = v[i] - lse;
        }
      } else {
        for (int j = 0; j < len; j++) {
          e[j] = Math.exp(v[s + j] - max);
          sum += e[j];
        }
        for (int j = 0; j < len; j++) {
          v[s + j] = (float) (e[j] / sum);
        }
      }
    }
  }

  static Tensor sumTo(Tensor t, int[] target) {
    if (Arrays.equals(t.shape, target)) {
      return t;
    }
    if (!Shape.broadcastableTo(target, t.shape)) {
      throw new IllegalArgumentException("sumTo: shape " + Shape.format(t.shape) + " was not broadcast from " + Shape.format(target));
    }
    int lead = t.dim() - target.length;
    int count = lead;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == 1 && t.shape[lead + i] != 1) {
        count++;
      }
    }
    int[] dims = new int[count];
    int k = 0;
    for (int i = 0; i < lead; i++) {
      dims[k++] = i;
    }
    for (int i = 0; i < target.length; i++) {
      if (target[i] == 1 && t.shape[lead + i] != 1) {
        dims[k++] = lead + i;
      }
    }
    return t.sum(dims, true).reshape(target);
  }
}
