package org.sgd4j.tensor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PyTorch's tensor printing ({@code torch/_tensor_str.py}, default print options: precision 4,
 * threshold 1000, edge items 3, line width 80). Integral values print as {@code 1.}; others with 4
 * decimals, or in scientific notation when the nonzero magnitudes span more than 1000x, exceed 1e8 or
 * go below 1e-4. Elements are right-aligned to a common width; long rows wrap at 80 columns; tensors
 * of more than 1000 elements show 3 items at each edge of each dimension around {@code ...}.
 */
final class TensorFormat {
  private static final int THRESHOLD = 1000;
  private static final int EDGE = 3;
  private static final int LINE_WIDTH = 80;
  private static final int PRECISION = 4;

  private TensorFormat() {}

  static String format(Tensor t) {
    Tensor v = t.detach();
    boolean summarize = v.numel() > THRESHOLD;
    Formatter f = new Formatter(summarize ? summarized(v) : v.toArray());
    String prefix = "tensor(";
    StringBuilder sb = new StringBuilder(prefix);
    if (v.numel() == 0 && v.dim() != 1) {
      sb.append("[]");
    } else {
      sb.append(str(v, prefix.length(), summarize, f));
    }
    if (v.numel() == 0 && v.dim() != 1) {
      StringBuilder size = new StringBuilder("(");
      for (int i = 0; i < v.dim(); i++) {
        size.append(i > 0 ? ", " : "").append(v.shape[i]);
      }
      sb.append(", size=").append(v.dim() == 1 ? size.append(",") : size).append(')');
    }
    if (t.gradFn() != null) {
      sb.append(", grad_fn=<").append(t.gradFn().name()).append("0>");
    } else if (t.requiresGrad()) {
      sb.append(", requires_grad=True");
    }
    return sb.append(')').toString();
  }

  private static String str(Tensor t, int indent, boolean summarize, Formatter f) {
    if (t.dim() == 0) {
      return f.format(t.item());
    }
    int n = t.shape[0];
    boolean cut = summarize && n > 2 * EDGE;
    if (t.dim() == 1) {
      List<String> data = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (cut && i == EDGE) {
          data.add(" ...");
          i = n - EDGE;
        }
        data.add(f.format(t.get(i)));
      }
      int perLine = Math.max(1, (LINE_WIDTH - indent) / (f.width + 2));
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < data.size(); i++) {
        if (i > 0) {
          sb.append(i % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
        }
        sb.append(data.get(i));
      }
      return sb.append(']').toString();
    }
    List<String> slices = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (cut && i == EDGE) {
        slices.add("...");
        i = n - EDGE;
      }
      slices.add(str(t.select(0, i), indent + 1, summarize, f));
    }
    String sep = "," + "\n".repeat(t.dim() - 1) + " ".repeat(indent + 1);
    return "[" + String.join(sep, slices) + "]";
  }

  /** The values that will be shown when summarising (edges of every dimension). */
  private static float[] summarized(Tensor t) {
    if (t.dim() == 0) {
      return new float[] {t.item()};
    }
    int n = t.shape[0];
    List<Tensor> parts = new ArrayList<>();
    if (n > 2 * EDGE) {
      for (int i = 0; i < EDGE; i++) {
        parts.add(t.select(0, i));
      }
      for (int i = n - EDGE; i < n; i++) {
        parts.add(t.select(0, i));
      }
    } else {
      for (int i = 0; i < n; i++) {
        parts.add(t.select(0, i));
      }
    }
    List<float[]> arrays = new ArrayList<>();
    int total = 0;
    for (Tensor p : parts) {
      float[] a = summarized(p);
      arrays.add(a);
      total += a.length;
    }
    float[] out = new float[total];
    int k = 0;
    for (float[] a : arrays) {
      System.arraycopy(a, 0, out, k, a.length);
      k += a.length;
    }
    return out;
  }

  /** PyTorch's {@code _Formatter} for floating tensors. */
  private static final class Formatter {
    boolean intMode = true;
    boolean sciMode;
    int width = 1;

    Formatter(float[] values) {
      double min = Double.MAX_VALUE;
      double max = 0;
      int count = 0;
      for (float x : values) {
        if (Float.isFinite(x) && x != 0) {
          count++;
          min = Math.min(min, Math.abs((double) x));
          max = Math.max(max, Math.abs((double) x));
          if (x != Math.ceil(x)) {
            intMode = false;
          }
        }
      }
      if (count == 0) {
        return;
      }
      sciMode = max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4);
      for (float x : values) {
        if (Float.isFinite(x) && x != 0) {
          String s = sciMode ? sci(x) : intMode ? fixed(x, 0) + "." : fixed(x, PRECISION);
          width = Math.max(width, s.length());
        }
      }
    }

    String format(float x) {
      String s;
      if (Float.isNaN(x)) {
        s = "nan";
      } else if (Float.isInfinite(x)) {
        s = x > 0 ? "inf" : "-inf";
      } else if (sciMode) {
        s = sci(x);
      } else if (intMode) {
        s = fixed(x, 0) + ".";
      } else {
        s = fixed(x, PRECISION);
      }
      return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    private static String fixed(float x, int digits) {
      String s = new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
      return (x < 0 || (x == 0 && 1 / x < 0)) && !s.startsWith("-") ? "-" + s : s;
    }

    private static String sci(float x) {
      if (x == 0) {
        return (1 / x < 0 ? "-" : "") + "0.0000e+00";
      }
      BigDecimal d = new BigDecimal(x);
      int exp = d.precision() - d.scale() - 1;
      BigDecimal mant = d.movePointLeft(exp).setScale(PRECISION, RoundingMode.HALF_EVEN);
      if (mant.abs().compareTo(BigDecimal.TEN) >= 0) {
        exp++;
        mant = d.movePointLeft(exp).setScale(PRECISION, RoundingMode.HALF_EVEN);
      }
      return mant.toPlainString() + String.format(Locale.ROOT, "e%s%02d", exp < 0 ? "-" : "+", Math.abs(exp));
    }
  }
}
