package org.sgd4j.tensor;

import java.util.Locale;

/**
 * PyTorch's tensor printing: {@code tensor([[1., 2.], [3., 4.]])}; integral values print as
 * {@code 1.}, other values with 4 decimals (scientific when very large or small); more than 1000
 * elements are summarised with {@code ...}, showing 3 items at each edge of each dimension.
 */
final class TensorFormat {
  private static final int THRESHOLD = 1000;
  private static final int EDGE = 3;

  private TensorFormat() {}

  static String format(Tensor t) {
    float[] values = t.toArray();
    boolean summarize = values.length > THRESHOLD;
    Style style = Style.of(values);
    StringBuilder sb = new StringBuilder("tensor(");
    if (t.dim() == 0) {
      sb.append(style.format(values[0]));
    } else {
      append(sb, values, t.shape, 0, 0, summarize, style, "tensor(".length());
    }
    if (t.requiresGrad()) {
      sb.append(t.gradFn() != null ? ", grad_fn=<" + t.gradFn().name() + ">" : ", requires_grad=True");
    }
    if (t.numel() == 0) {
      sb.append(", size=").append(Shape.format(t.shape).replace('[', '(').replace(']', ')'));
    }
    return sb.append(')').toString();
  }

  private static int append(StringBuilder sb, float[] v, int[] shape, int dim, int pos, boolean summarize,
                            Style style, int indent) {
    int n = shape[dim];
    int stride = 1;
    for (int d = dim + 1; d < shape.length; d++) {
      stride *= shape[d];
    }
    sb.append('[');
    for (int i = 0; i < n; i++) {
      if (summarize && n > 2 * EDGE && i == EDGE) {
        sb.append(dim == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + 1));
        i = n - EDGE;
      }
      if (dim == shape.length - 1) {
        sb.append(style.format(v[pos + i * stride]));
      } else {
        append(sb, v, shape, dim + 1, pos + i * stride, summarize, style, indent + 1);
      }
      if (i < n - 1) {
        sb.append(dim == shape.length - 1 ? ", " : ",\n" + "\n".repeat(shape.length - dim - 2) + " ".repeat(indent + 1));
      }
    }
    sb.append(']');
    return pos;
  }

  private record Style(boolean integral, boolean scientific, int width) {
    static Style of(float[] v) {
      boolean integral = true;
      double maxAbs = 0;
      double minAbs = Double.MAX_VALUE;
      for (float x : v) {
        if (!Float.isFinite(x)) {
          continue;
        }
        if (x != Math.rint(x)) {
          integral = false;
        }
        maxAbs = Math.max(maxAbs, Math.abs(x));
        if (x != 0) {
          minAbs = Math.min(minAbs, Math.abs(x));
        }
      }
      boolean sci = maxAbs >= 1e8 || (!integral && minAbs < 1e-4) || (minAbs != Double.MAX_VALUE && maxAbs / minAbs > 1000 && !integral);
      return new Style(integral, sci, 0);
    }

    String format(float x) {
      if (Float.isNaN(x)) {
        return "nan";
      }
      if (Float.isInfinite(x)) {
        return x > 0 ? "inf" : "-inf";
      }
      if (scientific) {
        return String.format(Locale.ROOT, "%.4e", x);
      }
      if (integral) {
        return String.format(Locale.ROOT, "%.0f.", x);
      }
      return String.format(Locale.ROOT, "%.4f", x);
    }
  }
}
