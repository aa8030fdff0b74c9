package org.sgd4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sgd4j.tensor.Rng;

/**
 * The layers a {@link LayerSpec} knows: each one's parameters (PyTorch's names and order, without
 * the inferred input size), how to build it for an input shape, and the shape it gives.
 */
enum LayerForm {
  LINEAR("linear", p("out_features", Type.INT, null), p("bias", Type.BOOL, true)),
  CONV1D("conv1d", convParams()),
  CONV2D("conv2d", convParams()),
  MAXPOOL2D("maxpool2d", p("kernel_size", Type.INT, null), p("stride", Type.INT, 0), p("padding", Type.INT, 0)),
  AVGPOOL2D("avgpool2d", p("kernel_size", Type.INT, null), p("stride", Type.INT, 0), p("padding", Type.INT, 0)),
  ADAPTIVEAVGPOOL2D("adaptiveavgpool2d", p("output_size", Type.INT, null)),
  BATCHNORM1D("batchnorm1d", p("eps", Type.REAL, 1e-5), p("momentum", Type.REAL, 0.1), p("affine", Type.BOOL, true)),
  BATCHNORM2D("batchnorm2d", p("eps", Type.REAL, 1e-5), p("momentum", Type.REAL, 0.1), p("affine", Type.BOOL, true)),
  FLATTEN("flatten"),
  RELU("relu"),
  LEAKYRELU("leakyrelu", p("negative_slope", Type.REAL, 0.01)),
  SIGMOID("sigmoid"),
  TANH("tanh"),
  GELU("gelu", new Param("approximate", Type.WORD, "none", List.of("none", "tanh"))),
  SOFTMAX("softmax", p("dim", Type.INT, 1)),
  LOGSOFTMAX("logsoftmax", p("dim", Type.INT, 1)),
  DROPOUT("dropout", p("p", Type.REAL, 0.5)),
  IDENTITY("identity");

  /** The types of argument values. */
  enum Type { INT, REAL, BOOL, WORD, INT_OR_WORD }

  /** A parameter: its name, type, default ({@code null}: required) and, for words, the allowed ones. */
  record Param(String name, Type type, Object defaultValue, List<String> words) {
    Object read(String raw, int column, LayerForm form) {
      String what = form.id() + "'s " + name;
      switch (type) {
        case INT:
          return integer(raw, column, what, form);
        case REAL:
          try {
            double v = Double.parseDouble(raw);
            if (Double.isFinite(v) && !raw.endsWith("d") && !raw.endsWith("f") && !raw.endsWith("D")
                && !raw.endsWith("F")) {
              return v;
            }
          } catch (NumberFormatException e) {
            // refused below
          }
          throw new LayerSpecException(column, what + " must be a number, got '" + raw + "'; the form is " + form.form());
        case BOOL:
          if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw.toLowerCase(Locale.ROOT));
          }
          throw new LayerSpecException(column, what + " must be true or false, got '" + raw + "'; the form is "
              + form.form());
        case INT_OR_WORD:
          if (!raw.isEmpty() && (Character.isDigit(raw.charAt(0)) || raw.charAt(0) == '-' || raw.charAt(0) == '+')) {
            return integer(raw, column, what, form);
          }
          // fall through: a word
        default:
          String w = raw.toLowerCase(Locale.ROOT);
          if (!words.contains(w)) {
            throw new LayerSpecException(column, what + " must be " + (type == Type.INT_OR_WORD ? "an integer or " : "")
                + "one of " + String.join(", ", words) + ", got '" + raw + "'; the form is " + form.form());
          }
          return w;
      }
    }

    private static int integer(String raw, int column, String what, LayerForm form) {
      try {
        return Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        throw new LayerSpecException(column, what + " must be an integer, got '" + raw + "'; the form is "
            + form.form());
      }
    }
  }

  private final String id;
  private final List<Param> params;

  LayerForm(String id, Param... params) {
    this.id = id;
    this.params = List.of(params);
  }

  private static Param p(String name, Type type, Object defaultValue) {
    return new Param(name, type, defaultValue, List.of());
  }

  private static Param[] convParams() {
    return new Param[] {p("out_channels", Type.INT, null), p("kernel_size", Type.INT, null), p("stride", Type.INT, 1),
        new Param("padding", Type.INT_OR_WORD, 0, List.of("same", "valid")), p("dilation", Type.INT, 1),
        p("groups", Type.INT, 1), p("bias", Type.BOOL, true),
        new Param("padding_mode", Type.WORD, "zeros", List.of("zeros", "reflect", "replicate", "circular"))};
  }

  String id() {
    return id;
  }

  List<Param> params() {
    return params;
  }

  Param param(String name) {
    for (Param p : params) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** The form, e.g. {@code maxpool2d(kernel_size[, stride, padding])}. */
  String form() {
    if (params.isEmpty()) {
      return id;
    }
    StringBuilder sb = new StringBuilder(id).append('(');
    boolean optional = false;
    for (int k = 0; k < params.size(); k++) {
      Param p = params.get(k);
      if (p.defaultValue() != null && !optional) {
        sb.append(k == 0 ? "[" : "[, ");
        optional = true;
      } else if (k > 0) {
        sb.append(", ");
      }
      sb.append(p.name());
    }
    return sb.append(optional ? "])" : ")").toString();
  }

  static LayerForm find(String name) {
    for (LayerForm f : values()) {
      if (f.id.equals(name)) {
        return f;
      }
    }
    return null;
  }

  static LayerForm of(String name) {
    LayerForm f = find(name);
    if (f == null) {
      throw new IllegalArgumentException("unknown layer " + name);
    }
    return f;
  }

  static List<String> names() {
    List<String> n = new ArrayList<>();
    for (LayerForm f : values()) {
      n.add(f.id);
    }
    return n;
  }

  void checkRequired(Map<String, Object> args, int column) {
    for (Param p : params) {
      if (p.defaultValue() == null && !args.containsKey(p.name())) {
        throw new LayerSpecException(column, id + " needs " + p.name() + "; the form is " + form());
      }
    }
  }

  private int i(Map<String, Object> args, String name) {
    Object v = args.getOrDefault(name, param(name).defaultValue());
    return (Integer) v;
  }

  private double d(Map<String, Object> args, String name) {
    Object v = args.getOrDefault(name, param(name).defaultValue());
    return ((Number) v).doubleValue();
  }

  private boolean b(Map<String, Object> args, String name) {
    return (Boolean) args.getOrDefault(name, param(name).defaultValue());
  }

  private Object o(Map<String, Object> args, String name) {
    return args.getOrDefault(name, param(name).defaultValue());
  }

  /** The module for inputs of per-example shape {@code in}; IllegalArgumentException if they do not fit. */
  Module create(Map<String, Object> args, int[] in, Rng rng) {
    outputShape(args, in); // the shape checks, with this form's messages
    switch (this) {
      case LINEAR:
        return new Linear(in[0], i(args, "out_features"), b(args, "bias"), rng);
      case CONV1D:
      case CONV2D: {
        ConvOptions.Builder o = ConvOptions.builder(in[0], i(args, "out_channels"), i(args, "kernel_size"))
            .stride(i(args, "stride")).dilation(i(args, "dilation")).groups(i(args, "groups")).bias(b(args, "bias"))
            .paddingMode((String) o(args, "padding_mode"));
        Object padding = o(args, "padding");
        if (padding instanceof String word) {
          o.padding(word);
        } else {
          o.padding((Integer) padding);
        }
        return this == CONV1D ? new Conv1d(o.build(), rng) : new Conv2d(o.build(), rng);
      }
      case MAXPOOL2D:
        return new MaxPool2d(i(args, "kernel_size"), stride(args), i(args, "padding"));
      case AVGPOOL2D:
        return new AvgPool2d(i(args, "kernel_size"), stride(args), i(args, "padding"));
      case ADAPTIVEAVGPOOL2D:
        return new AdaptiveAvgPool2d(i(args, "output_size"));
      case BATCHNORM1D:
        return new BatchNorm1d(in[0], d(args, "eps"), d(args, "momentum"), b(args, "affine"));
      case BATCHNORM2D:
        return new BatchNorm2d(in[0], d(args, "eps"), d(args, "momentum"), b(args, "affine"));
      case FLATTEN:
        return new Flatten();
      case RELU:
        return new ReLU();
      case LEAKYRELU:
        return new LeakyReLU((float) d(args, "negative_slope"));
      case SIGMOID:
        return new Sigmoid();
      case TANH:
        return new Tanh();
      case GELU:
        return new GELU((String) o(args, "approximate"));
      case SOFTMAX:
        return new Softmax(i(args, "dim"));
      case LOGSOFTMAX:
        return new LogSoftmax(i(args, "dim"));
      case DROPOUT:
        return new Dropout(d(args, "p"), rng.split());
      case IDENTITY:
        return new Identity();
      default:
        throw new AssertionError(this);
    }
  }

  private int stride(Map<String, Object> args) {
    int s = i(args, "stride");
    return s == 0 && !args.containsKey("stride") ? i(args, "kernel_size") : s;
  }

  /** The per-example output shape for inputs of per-example shape {@code in}. */
  int[] outputShape(Map<String, Object> args, int[] in) {
    switch (this) {
      case LINEAR:
        rank(in, 1, "(features)", "; put flatten before it");
        positive(args, "out_features");
        return new int[] {i(args, "out_features")};
      case CONV1D:
      case CONV2D:
        return conv(args, in);
      case MAXPOOL2D:
      case AVGPOOL2D: {
        rank(in, 3, "(C, H, W)", "");
        positive(args, "kernel_size");
        int k = i(args, "kernel_size");
        int s = stride(args);
        int pad = i(args, "padding");
        if (s < 1) {
          throw new IllegalArgumentException("stride must be positive, got " + s);
        }
        if (pad < 0 || pad > k / 2) {
          throw new IllegalArgumentException("padding should be at least 0 and at most half of kernel_size, got "
              + pad);
        }
        return new int[] {in[0], size(Math.floorDiv(in[1] + 2L * pad - k, s) + 1),
            size(Math.floorDiv(in[2] + 2L * pad - k, s) + 1)};
      }
      case ADAPTIVEAVGPOOL2D:
        rank(in, 3, "(C, H, W)", "");
        positive(args, "output_size");
        return new int[] {in[0], i(args, "output_size"), i(args, "output_size")};
      case BATCHNORM1D:
        if (in.length != 1 && in.length != 2) {
          throw new IllegalArgumentException("needs inputs of shape (features) or (C, L), but gets " + shape(in) + " here");
        }
        return in.clone();
      case BATCHNORM2D:
        rank(in, 3, "(C, H, W)", "");
        return in.clone();
      case FLATTEN:
        return new int[] {size(Arrays.stream(in).asLongStream().reduce(1, (a, b) -> Math.min(a * b, 1L << 40)))};
      case SOFTMAX:
      case LOGSOFTMAX: {
        int dim = i(args, "dim");
        if (dim < -(in.length + 1) || dim > in.length) {
          throw new IllegalArgumentException("dim " + dim + " is out of range for a batch of shape (N, "
              + shape(in).substring(1));
        }
        if (dim == 0 || dim == -(in.length + 1)) {
          throw new IllegalArgumentException("dim " + dim + " is the batch dimension; the classes are dim 1");
        }
        return in.clone();
      }
      case DROPOUT: {
        double p = d(args, "p");
        if (!(p >= 0 && p <= 1)) {
          throw new IllegalArgumentException("p must be between 0 and 1, got " + p);
        }
        return in.clone();
      }
      default:
        return in.clone();
    }
  }

  private int[] conv(Map<String, Object> args, int[] in) {
    int dims = this == CONV1D ? 1 : 2;
    rank(in, dims + 1, dims == 1 ? "(C, L)" : "(C, H, W)", dims == 1 ? "" : "");
    for (String name : List.of("out_channels", "kernel_size", "stride", "dilation", "groups")) {
      positive(args, name);
    }
    int out = i(args, "out_channels");
    int groups = i(args, "groups");
    if (in[0] % groups != 0 || out % groups != 0) {
      throw new IllegalArgumentException("in_channels " + in[0] + " and out_channels " + out
          + " must both be divisible by groups " + groups);
    }
    int k = i(args, "kernel_size");
    int s = i(args, "stride");
    int dil = i(args, "dilation");
    Object padding = o(args, "padding");
    int[] result = new int[dims + 1];
    result[0] = out;
    for (int a = 1; a <= dims; a++) {
      if ("same".equals(padding)) {
        if (s != 1) {
          throw new IllegalArgumentException("padding='same' is not supported for strided convolutions");
        }
        result[a] = in[a];
      } else {
        int pad = padding instanceof Integer n ? n : 0;
        if (pad < 0) {
          throw new IllegalArgumentException("padding must be at least 0, got " + pad);
        }
        result[a] = size(Math.floorDiv(in[a] + 2L * pad - (long) dil * (k - 1) - 1, s) + 1);
      }
    }
    return result;
  }

  /** A size as an int; 0 for an empty one (refused by the caller), an error past the largest array. */
  private static int size(long n) {
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("gives a dimension of " + n + " elements, more than a tensor can hold");
    }
    return (int) Math.max(0, n);
  }

  /** The number of parameters of the layer for inputs of per-example shape {@code in} (after the shape checks). */
  long parameterCount(Map<String, Object> args, int[] in) {
    outputShape(args, in);
    switch (this) {
      case LINEAR:
        return times(in[0], i(args, "out_features")) + (b(args, "bias") ? i(args, "out_features") : 0);
      case CONV1D:
      case CONV2D: {
        long k = i(args, "kernel_size");
        long out = i(args, "out_channels");
        return times(times(out, in[0] / i(args, "groups")), this == CONV1D ? k : times(k, k)) + (b(args, "bias") ? out : 0);
      }
      case BATCHNORM1D:
      case BATCHNORM2D:
        return b(args, "affine") ? 2L * in[0] : 0;
      default:
        return 0;
    }
  }

  /** a·b, saturated at 2^50 (far past any tensor's size) so that a count cannot overflow. */
  private static long times(long a, long b) {
    return (double) a * b > 0x1p50 ? 1L << 50 : a * b;
  }

  private void positive(Map<String, Object> args, String name) {
    int v = i(args, name);
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
  }

  private static void rank(int[] in, int rank, String expected, String hint) {
    if (in.length != rank) {
      throw new IllegalArgumentException("needs inputs of shape " + expected + ", but gets " + shape(in) + " here"
          + hint);
    }
  }

  /** {@code (16, 5, 5)}. */
  static String shape(int[] s) {
    StringBuilder sb = new StringBuilder("(");
    for (int k = 0; k < s.length; k++) {
      sb.append(k > 0 ? ", " : "").append(s[k]);
    }
    return sb.append(')').toString();
  }
}
