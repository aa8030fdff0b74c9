package org.sgd4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sgd4j.tensor.Rng;

/**
 * A network written as a line of layers, as {@code sgd4j train --model} takes it:
 * <pre>conv2d(6,5,padding=2) relu maxpool2d(2) conv2d(16,5) relu maxpool2d(2) flatten linear(120) relu linear(84) relu linear(10)</pre>
 * The layers are separated by white space; each is a name, with optional arguments in parentheses,
 * positional first and then {@code key=value}, in the order of the PyTorch constructor without its
 * input size: {@code linear(out_features, bias)}, {@code conv2d(out_channels, kernel_size, stride,
 * padding, dilation, groups, bias, padding_mode)}. The input sizes (in_features, in_channels,
 * num_features) are inferred from the example shape given to {@link #build}, as PyTorch's lazy
 * modules do, so a spec does not repeat them. {@link #forms()} lists every layer's form.
 *
 * <p>{@link #parse} and {@link #build} refuse a bad spec with a {@link LayerSpecException} naming
 * the column, what was found and the expected form; they throw nothing else.
 *
 * <p>The network is a {@link Sequential}, so its parameters are named as PyTorch names those of
 * the same {@code nn.Sequential} ({@code 0.weight}, {@code 0.bias}, ...).
 */
public final class LayerSpec {
  /** One parsed layer: its name, its arguments by parameter name, and where it starts (1-based column). */
  public record Layer(String name, Map<String, Object> args, int column) {}

  private final String text;
  private final List<Layer> layers;

  private LayerSpec(String text, List<Layer> layers) {
    this.text = text;
    this.layers = List.copyOf(layers);
  }

  /** The layers of {@code spec}; throws {@link LayerSpecException} at the first error. */
  public static LayerSpec parse(String spec) {
    if (spec == null) {
      throw new LayerSpecException(1, "no layer spec; " + EXAMPLE);
    }
    return new LayerSpec(spec, new Parser(spec).layers());
  }

  /** Whether {@code s} looks like a spec rather than a model name: it has a space or a parenthesis. */
  public static boolean looksLikeSpec(String s) {
    return s.strip().contains(" ") || s.contains("(");
  }

  /** The parsed layers, in order. */
  public List<Layer> layers() {
    return layers;
  }

  /** The spec as written. */
  public String text() {
    return text;
  }

  /**
   * The network for examples of shape {@code exampleShape} (without the batch dimension, e.g.
   * {@code (1, 28, 28)}), initialised from {@code rng} layer by layer in order.
   */
  public Sequential build(int[] exampleShape, Rng rng) {
    List<Module> modules = new ArrayList<>();
    walk(exampleShape, (layer, form, in) -> {
      long count = form.parameterCount(layer.args(), in);
      if (count > MAX_TENSOR) {
        throw new IllegalArgumentException("would have " + count + " parameters, more than a tensor can hold");
      }
      modules.add(form.create(layer.args(), in, rng));
    });
    return new Sequential(modules.toArray(Module[]::new));
  }

  /** The shape of one example after the network, without building it (the same checks as {@link #build}). */
  public int[] outputShape(int[] exampleShape) {
    return walk(exampleShape, (layer, form, in) -> { });
  }

  /**
   * The number of parameters of the network for examples of shape {@code exampleShape}, without
   * allocating them (so that a caller can refuse a network too large for its memory); saturates at 2^50.
   */
  public long parameterCount(int[] exampleShape) {
    long[] total = {0};
    walk(exampleShape, (layer, form, in) -> total[0] = Math.min(total[0] + form.parameterCount(layer.args(), in),
        1L << 50));
    return total[0];
  }

  private interface Visitor {
    void visit(Layer layer, LayerForm form, int[] in);
  }

  /** Visits each layer with its input shape; the final shape. Errors become LayerSpecExceptions at the layer. */
  private int[] walk(int[] exampleShape, Visitor visitor) {
    int[] shape = exampleShape.clone();
    for (Layer layer : layers) {
      LayerForm form = LayerForm.of(layer.name());
      try {
        visitor.visit(layer, form, shape);
        shape = form.outputShape(layer.args(), shape);
      } catch (LayerSpecException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new LayerSpecException(layer.column(), describe(layer) + ": " + e.getMessage());
      }
      if (Arrays.stream(shape).anyMatch(n -> n < 1)) {
        throw new LayerSpecException(layer.column(), describe(layer) + " gives an empty output of shape "
            + LayerForm.shape(shape) + " for its input; the input is too small for it");
      }
    }
    return shape;
  }

  /** The last layer's name, e.g. to check that an NLL loss follows a log-softmax. */
  public String lastLayer() {
    return layers.get(layers.size() - 1).name();
  }

  /** Every layer's form, one a line. */
  public static String forms() {
    StringBuilder sb = new StringBuilder();
    for (LayerForm f : LayerForm.values()) {
      sb.append(f.form()).append('\n');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return text;
  }

  private static String describe(Layer layer) {
    return "layer " + layer.name() + (layer.args().isEmpty() ? "" : layer.args().toString()
        .replace('{', '(').replace('}', ')'));
  }

  private static final long MAX_TENSOR = Integer.MAX_VALUE - 8;

  static final String EXAMPLE = "a spec is layers separated by spaces, e.g. 'flatten linear(128) relu linear(10)'";

  /** A recursive-descent reader of the grammar {@code spec := layer (' '+ layer)*; layer := name ['(' args ')']}. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    List<Layer> layers() {
      List<Layer> out = new ArrayList<>();
      skipSpace();
      if (i == s.length()) {
        throw new LayerSpecException(1, "empty layer spec; " + EXAMPLE);
      }
      while (i < s.length()) {
        out.add(layer());
        int before = i;
        skipSpace();
        if (i < s.length() && before == i) {
          throw error("expected a space before the next layer, found " + found());
        }
      }
      return out;
    }

    private Layer layer() {
      int column = i + 1;
      if (i >= s.length() || !Character.isLetter(s.charAt(i))) {
        throw error("expected a layer name (" + String.join(", ", LayerForm.names()) + "), found " + found());
      }
      String name = word();
      LayerForm form = LayerForm.find(name);
      if (form == null) {
        throw new LayerSpecException(column, "unknown layer '" + name + "'; known: "
            + String.join(", ", LayerForm.names()));
      }
      Map<String, Object> args = new LinkedHashMap<>();
      if (i < s.length() && s.charAt(i) == '(') {
        i++;
        arguments(form, args);
      }
      form.checkRequired(args, column);
      return new Layer(form.id(), args, column);
    }

    private void arguments(LayerForm form, Map<String, Object> args) {
      skipSpace();
      if (i < s.length() && s.charAt(i) == ')') {
        i++;
        return;
      }
      int positional = 0;
      boolean named = false;
      while (true) {
        skipSpace();
        int column = i + 1;
        String key = null;
        if (i < s.length() && Character.isLetter(s.charAt(i))) {
          int start = i;
          String w = word();
          skipSpace();
          if (i < s.length() && s.charAt(i) == '=') {
            i++;
            key = w;
          } else {
            i = start; // a word value, e.g. padding 'same'
          }
        }
        if (key == null) {
          if (named) {
            throw new LayerSpecException(column, "a positional argument after a key=value one; the form is "
                + form.form());
          }
          if (positional >= form.params().size()) {
            int n = form.params().size();
            throw new LayerSpecException(column, form.id() + " takes " + (n == 0 ? "no arguments" : "at most " + n
                + " argument" + (n == 1 ? "" : "s")) + "; the form is " + form.form());
          }
          key = form.params().get(positional++).name();
        } else {
          named = true;
          if (form.param(key) == null) {
            throw new LayerSpecException(column, form.id() + " has no argument '" + key + "'; the form is "
                + form.form());
          }
        }
        if (args.containsKey(key)) {
          throw new LayerSpecException(column, form.id() + "'s " + key + " is given twice; the form is " + form.form());
        }
        skipSpace();
        int valueColumn = i + 1;
        String raw = value();
        if (raw.isEmpty()) {
          throw new LayerSpecException(valueColumn, "expected a value for " + form.id() + "'s " + key + ", found "
              + found() + "; the form is " + form.form());
        }
        args.put(key, form.param(key).read(raw, valueColumn, form));
        skipSpace();
        if (i < s.length() && s.charAt(i) == ',') {
          i++;
          continue;
        }
        if (i < s.length() && s.charAt(i) == ')') {
          i++;
          return;
        }
        throw error("expected ',' or ')' after an argument of " + form.id() + ", found " + found() + "; the form is "
            + form.form());
      }
    }

    /** A number or a word: the characters up to a separator. */
    private String value() {
      int start = i;
      while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "+-._".indexOf(s.charAt(i)) >= 0)) {
        i++;
      }
      return s.substring(start, i);
    }

    private String word() {
      int start = i;
      while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '-')) {
        i++;
      }
      return s.substring(start, i).toLowerCase(Locale.ROOT);
    }

    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private String found() {
      if (i >= s.length()) {
        return "the end of the spec";
      }
      int cp = s.codePointAt(i);
      return Character.isISOControl(cp) ? String.format(Locale.ROOT, "U+%04X", cp) : "'" + Character.toString(cp) + "'";
    }

    private LayerSpecException error(String message) {
      return new LayerSpecException(i + 1, message);
    }
  }
}
