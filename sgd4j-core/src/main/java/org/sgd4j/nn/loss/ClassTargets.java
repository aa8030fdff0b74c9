package org.sgd4j.nn.loss;

import java.util.Arrays;
import org.sgd4j.tensor.Graph;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * Validated class-index targets for {@link NLLLoss} and {@link CrossEntropyLoss}. The input is
 * (C), (N, C) or (N, C, d1, ..., dK) with classes along dimension 1 (0 for a 1-D input); the target
 * has the input's shape without the class dimension and holds integral class indices in [0, C) or
 * the ignore index.
 */
final class ClassTargets {
  /** The input as (N, C, ...): a 1-D input gets a batch dimension of 1. */
  final Tensor input;
  final int[] targetShape;
  final int classes;
  final int[] index;
  final float[] classWeight;

  private ClassTargets(Tensor input, int[] targetShape, int classes, int[] index, float[] classWeight) {
    this.input = input;
    this.targetShape = targetShape;
    this.classes = classes;
    this.index = index;
    this.classWeight = classWeight;
  }

  /** The shape a target must have for this input: the input's shape without the class dimension. */
  static int[] expectedTargetShape(String loss, Tensor input) {
    if (input.dim() == 0) {
      throw new IllegalArgumentException(loss + ": input must have at least 1 dimension (C), (N, C) or (N, C, d1, ...), got a scalar");
    }
    int[] s = input.shape();
    int classDim = input.dim() == 1 ? 0 : 1;
    int[] out = new int[s.length - 1];
    for (int i = 0, k = 0; i < s.length; i++) {
      if (i != classDim) {
        out[k++] = s[i];
      }
    }
    return out;
  }

  static ClassTargets of(String loss, Tensor input, Tensor target, Tensor weight, int ignoreIndex) {
    int[] expected = expectedTargetShape(loss, input);
    if (!Arrays.equals(target.shape(), expected)) {
      throw new IllegalArgumentException(loss + ": expected a target of shape " + Shape.format(expected) + " (class indices) for input of shape "
          + Shape.format(input.shape()) + ", got target of shape " + Shape.format(target.shape()));
    }
    Tensor in = input.dim() == 1 ? input.unsqueeze(0) : input;
    int classes = in.size(1);
    float[] w = weightArray(loss, weight, classes);
    float[] t = target.toArray();
    int[] idx = new int[t.length];
    for (int i = 0; i < t.length; i++) {
      float v = t[i];
      if (v != Math.rint(v) || Float.isInfinite(v)) {
        throw new IllegalArgumentException(loss + ": target " + v + " at position " + Loss.position(i, expected)
            + " is not an integral class index");
      }
      int c = (int) v;
      if (c != ignoreIndex && (c < 0 || c >= classes)) {
        throw new IllegalArgumentException(loss + ": target " + c + " at position " + Loss.position(i, expected)
            + " is out of bounds: expected a class index in [0, " + classes + ")"
            + " or the ignore_index " + ignoreIndex);
      }
      idx[i] = c;
    }
    return new ClassTargets(in, expected, classes, idx, w);
  }

  static float[] weightArray(String loss, Tensor weight, int classes) {
    if (weight == null) {
      return null;
    }
    if (weight.dim() != 1 || weight.size(0) != classes) {
      throw new IllegalArgumentException(loss + ": weight must be a 1-D tensor of " + classes + " class weights, got shape "
          + Shape.format(weight.shape()));
    }
    return weight.toArray();
  }

  private float weightOf(int c) {
    return classWeight == null ? 1f : classWeight[c];
  }

  /**
   * Each target position's negated weighted log-probability, {@code ℓ = −(w[y]·logp[y])} in the batched
   * target shape (N, d1, ..., dK), with {@code −0} where the target is ignored: {@code nll_loss} with
   * reduction NONE. Only the target's entry is read, so a log-probability of −∞ at another class (a
   * logit of −∞, the log of a zero probability) leaves ℓ finite, as in PyTorch. {@code logp} has the
   * (N, C, d1, ..., dK) layout of {@link #input}.
   *
   * <p>The bits are those of {@code −Σ_c logp[c]·onehot[c]}, the sum in double from +0 over the exact
   * zeros of the other classes: {@code w·logp[y] + 0} (which turns a −0 into +0), negated.
   */
  Tensor pickNegated(Tensor logp, int ignoreIndex) {
    Tensor lc = logp.detach().contiguous();
    float[] lv = lc.data();
    int lo = lc.storageOffset();
    int inner = innerSize();
    float[] out = new float[index.length];
    for (int i = 0; i < out.length; i++) {
      int c = index[i];
      out[i] = c == ignoreIndex ? -0f : -(weightOf(c) * lv[lo + entry(i, c, inner)] + 0f);
    }
    Tensor picked = Tensor.wrap(out, batchedTargetShape());
    return Graph.record(picked, "NllLossBackward", Graph.of(logp), g -> new Tensor[] {spreadNegated(g, ignoreIndex)});
  }

  /**
   * The backward of {@link #pickNegated}: {@code (−g)·w[y]} at each position's target class and
   * {@code (−g)·0} at the other classes (0 with the sign opposite to g's), in the (N, C, d1, ..., dK)
   * shape of {@link #input}: the bits of {@code −g} spread over the classes and multiplied by the
   * one-hot of the weights.
   */
  private Tensor spreadNegated(Tensor g, int ignoreIndex) {
    Tensor gc = g.detach().contiguous();
    float[] gv = gc.data();
    int go = gc.storageOffset();
    int inner = innerSize();
    float[] out = new float[input.numel()];
    for (int i = 0; i < index.length; i++) {
      float neg = -gv[go + i];
      int c0 = entry(i, 0, inner);
      for (int c = 0; c < classes; c++) {
        out[c0 + c * inner] = neg * 0f;
      }
      int y = index[i];
      if (y != ignoreIndex) {
        out[entry(i, y, inner)] = neg * weightOf(y);
      }
    }
    Tensor spread = Tensor.wrap(out, input.shape());
    // Linear in g: its backward picks the target entries again.
    return Graph.record(spread, "NllLossBackwardBackward", Graph.of(g), gg -> new Tensor[] {pickNegated(gg, ignoreIndex)});
  }

  /** The positions per sample: d1·...·dK (1 for (N, C)). */
  private int innerSize() {
    return index.length / Math.max(input.size(0), 1);
  }

  /** The flat (N, C, d1, ..., dK) offset of class {@code c} at target position {@code i}. */
  private int entry(int i, int c, int inner) {
    int b = i / inner;
    int s = i - b * inner;
    return (b * classes + c) * inner + s;
  }

  /** 1 where the target is not ignored, 0 where it is, in the (N, ...) shape. */
  Tensor keptMask(int ignoreIndex) {
    float[] m = new float[index.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = index[i] == ignoreIndex ? 0f : 1f;
    }
    return Tensor.wrap(m, batchedTargetShape());
  }

  /** Σ w[target] over the elements that are not ignored: the denominator of the weighted mean. */
  float weightSum(int ignoreIndex) {
    double s = 0;
    for (int c : index) {
      if (c != ignoreIndex) {
        s += weightOf(c);
      }
    }
    return (float) s;
  }

  /** The target shape with the batch dimension of a 1-D input made explicit. */
  int[] batchedTargetShape() {
    return targetShape.length == 0 ? new int[] {1} : targetShape;
  }

  /** Class weights broadcastable against the (N, C, ...) input, or null. */
  Tensor broadcastWeight() {
    return broadcastWeight(classWeight, input.dim());
  }

  static Tensor broadcastWeight(float[] w, int rank) {
    if (w == null) {
      return null;
    }
    int[] shape = new int[rank];
    Arrays.fill(shape, 1);
    shape[1] = w.length;
    return Tensor.wrap(w.clone(), shape);
  }

  /** A class-index array as a target tensor of the shape this input needs. */
  static Tensor fromIndices(String loss, Tensor input, int[] target) {
    int[] expected = expectedTargetShape(loss, input);
    if (Shape.numel(expected) != target.length) {
      throw new IllegalArgumentException(loss + ": " + target.length + " class indices given for input of shape "
          + Shape.format(input.shape()) + ", which needs " + Shape.numel(expected) + " (target shape " + Shape.format(expected) + ")");
    }
    float[] f = new float[target.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = target[i];
    }
    return Tensor.wrap(f, expected);
  }
}
