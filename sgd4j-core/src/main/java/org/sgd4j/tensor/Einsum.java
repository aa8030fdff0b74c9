package org.sgd4j.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code torch.einsum}: Einstein summation over labelled dimensions.
 *
 * <p>Grammar: operand subscripts separated by commas, optionally {@code ->} and the output subscripts;
 * letters {@code a-zA-Z}, at most one {@code ...} per operand standing for broadcast dimensions, and
 * whitespace anywhere. Without {@code ->} the output is the ellipsis dimensions followed by the letters
 * that appear exactly once, in alphabetical order (upper case first). A letter repeated within one
 * operand takes its diagonal ({@code "ii->i"}); letters absent from the output are summed.
 *
 * <p>Evaluation is left to right, two operands at a time: diagonals, then summing labels used nowhere
 * else, then a batched matrix product over (shared kept, left-only, shared summed, right-only) labels.
 * Everything is built from differentiable tensor ops, so einsum has gradients for free.
 */
final class Einsum {
  /** Labels 0..51 are letters; ellipsis dimensions get labels from 52 on, right-aligned. */
  private static final int ELLIPSIS_BASE = 52;

  private Einsum() {}

  private record Term(List<Integer> labels, Tensor t) {}

  static Tensor einsum(String equation, Tensor... operands) {
    String eq = equation.replaceAll("\\s", "");
    int arrow = eq.indexOf("->");
    if (arrow >= 0 && eq.indexOf("->", arrow + 2) >= 0) {
      throw error(equation, "more than one '->'");
    }
    String lhs = arrow >= 0 ? eq.substring(0, arrow) : eq;
    String[] terms = lhs.split(",", -1);
    if (terms.length != operands.length) {
      throw error(equation, terms.length + " operand subscripts for " + operands.length + " operands");
    }
    int ellipsisDims = 0;
    for (int i = 0; i < terms.length; i++) {
      if (terms[i].contains("...")) {
        ellipsisDims = Math.max(ellipsisDims, operands[i].dim() - (terms[i].length() - 3));
      }
    }
    List<Term> inputs = new ArrayList<>();
    Map<Integer, Integer> sizes = new HashMap<>();
    Map<Integer, Integer> counts = new HashMap<>();
    for (int i = 0; i < terms.length; i++) {
      List<Integer> labels = parse(equation, terms[i], operands[i], i, ellipsisDims);
      Set<Integer> distinct = new LinkedHashSet<>(labels);
      for (int j = 0; j < labels.size(); j++) {
        checkSize(equation, sizes, labels.get(j), operands[i].shape[j], i);
      }
      for (int l : distinct) {
        counts.merge(l, 1, Integer::sum);
      }
      // A label repeated within the operand is counted once per repetition for implicit output.
      for (int l : labels) {
        if (labels.indexOf(l) != labels.lastIndexOf(l)) {
          counts.merge(l, 1, Integer::sum);
        }
      }
      inputs.add(new Term(labels, operands[i]));
    }
    List<Integer> output = arrow >= 0
        ? parseOutput(equation, eq.substring(arrow + 2), sizes, ellipsisDims)
        : implicitOutput(counts, ellipsisDims);

    for (int i = 0; i < inputs.size(); i++) {
      inputs.set(i, takeDiagonals(inputs.get(i)));
    }
    Term acc = sumUnused(inputs.get(0), needed(inputs, 1, output));
    for (int i = 1; i < inputs.size(); i++) {
      Set<Integer> later = needed(inputs, i + 1, output);
      Term next = sumUnused(inputs.get(i), union(later, acc.labels));
      acc = sumUnused(acc, union(later, next.labels));
      acc = contract(acc, next, later, sizes);
    }
    acc = sumUnused(acc, new LinkedHashSet<>(output));
    int[] perm = new int[output.size()];
    for (int i = 0; i < output.size(); i++) {
      perm[i] = acc.labels.indexOf(output.get(i));
    }
    Tensor result = acc.t.permute(perm);
    int[] outShape = new int[output.size()];
    for (int i = 0; i < output.size(); i++) {
      outShape[i] = sizes.get(output.get(i));
    }
    return Arrays.equals(result.shape, outShape) ? result : result.expand(outShape);
  }

  private static IllegalArgumentException error(String equation, String what) {
    return new IllegalArgumentException("einsum(\"" + equation + "\"): " + what);
  }

  private static void checkSize(String equation, Map<Integer, Integer> sizes, int label, int size, int operand) {
    Integer seen = sizes.get(label);
    if (seen == null || seen == 1) {
      sizes.put(label, size);
    } else if (size != seen && size != 1) {
      throw error(equation, "subscript " + name(label) + " has size " + size + " for operand " + operand
          + " which does not broadcast with previously seen size " + seen);
    }
  }

  private static String name(int label) {
    return label < ELLIPSIS_BASE ? "'" + (char) (label < 26 ? 'A' + label : 'a' + label - 26) + "'" : "'...'";
  }

  private static int letter(String equation, char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return 26 + c - 'a';
    }
    throw error(equation, "invalid subscript '" + c + "': subscripts must be letters a-z or A-Z");
  }

  private static List<Integer> parse(String equation, String term, Tensor t, int operand, int ellipsisDims) {
    List<Integer> labels = new ArrayList<>();
    int e = term.indexOf("...");
    if (e >= 0 && term.indexOf("...", e + 3) >= 0) {
      throw error(equation, "operand " + operand + " has more than one ellipsis");
    }
    String letters = e >= 0 ? term.substring(0, e) + term.substring(e + 3) : term;
    if (letters.contains(".")) {
      throw error(equation, "a '.' that is not part of an ellipsis '...' in operand " + operand);
    }
    int mine = e >= 0 ? t.dim() - letters.length() : 0;
    if (mine < 0 || (e < 0 && letters.length() != t.dim())) {
      throw error(equation, "the subscripts for operand " + operand + " (\"" + term + "\") do not match its "
          + t.dim() + " dimensions (shape " + Shape.format(t.shape) + ")");
    }
    for (int i = 0; i < term.length(); i++) {
      if (i == e) {
        for (int j = 0; j < mine; j++) {
          labels.add(ELLIPSIS_BASE + ellipsisDims - mine + j);
        }
        i += 2;
      } else {
        labels.add(letter(equation, term.charAt(i)));
      }
    }
    return labels;
  }

  private static List<Integer> parseOutput(String equation, String rhs, Map<Integer, Integer> sizes, int ellipsisDims) {
    List<Integer> out = new ArrayList<>();
    int e = rhs.indexOf("...");
    for (int i = 0; i < rhs.length(); i++) {
      if (i == e) {
        for (int j = 0; j < ellipsisDims; j++) {
          out.add(ELLIPSIS_BASE + j);
        }
        i += 2;
        continue;
      }
      char c = rhs.charAt(i);
      if (c == '.') {
        throw error(equation, "a '.' in the output that is not part of an ellipsis '...'");
      }
      int l = letter(equation, c);
      if (!sizes.containsKey(l)) {
        throw error(equation, "output subscript '" + c + "' does not appear in the equation for any input operand");
      }
      if (out.contains(l)) {
        throw error(equation, "output subscript '" + c + "' appears more than once in the output");
      }
      out.add(l);
    }
    return out;
  }

  private static List<Integer> implicitOutput(Map<Integer, Integer> counts, int ellipsisDims) {
    List<Integer> out = new ArrayList<>();
    for (int j = 0; j < ellipsisDims; j++) {
      out.add(ELLIPSIS_BASE + j);
    }
    counts.keySet().stream().filter(l -> l < ELLIPSIS_BASE && counts.get(l) == 1).sorted().forEach(out::add);
    return out;
  }

  private static Term takeDiagonals(Term term) {
    List<Integer> labels = new ArrayList<>(term.labels);
    Tensor t = term.t;
    for (int i = 0; i < labels.size(); i++) {
      int j = labels.lastIndexOf(labels.get(i));
      if (j != i) {
        int l = labels.get(i);
        t = t.diagonal(i, j);
        labels.remove(j);
        labels.remove(i);
        labels.add(l);
        i = -1;
      }
    }
    return new Term(labels, t);
  }

  private static Set<Integer> needed(List<Term> inputs, int from, List<Integer> output) {
    Set<Integer> s = new LinkedHashSet<>(output);
    for (int i = from; i < inputs.size(); i++) {
      s.addAll(inputs.get(i).labels);
    }
    return s;
  }

  private static Set<Integer> union(Set<Integer> a, List<Integer> b) {
    Set<Integer> s = new LinkedHashSet<>(a);
    s.addAll(b);
    return s;
  }

  private static Term sumUnused(Term term, Set<Integer> keep) {
    List<Integer> kept = new ArrayList<>();
    List<Integer> dims = new ArrayList<>();
    for (int i = 0; i < term.labels.size(); i++) {
      if (keep.contains(term.labels.get(i))) {
        kept.add(term.labels.get(i));
      } else {
        dims.add(i);
      }
    }
    if (dims.isEmpty()) {
      return term;
    }
    return new Term(kept, term.t.sum(dims.stream().mapToInt(Integer::intValue).toArray(), false));
  }

  /** Contracts two terms by a batched matrix product. */
  private static Term contract(Term a, Term b, Set<Integer> later, Map<Integer, Integer> sizes) {
    List<Integer> batch = new ArrayList<>();
    List<Integer> sum = new ArrayList<>();
    List<Integer> left = new ArrayList<>();
    List<Integer> right = new ArrayList<>();
    for (int l : a.labels) {
      if (b.labels.contains(l)) {
        (later.contains(l) ? batch : sum).add(l);
      } else {
        left.add(l);
      }
    }
    for (int l : b.labels) {
      if (!a.labels.contains(l)) {
        right.add(l);
      }
    }
    Tensor ta = arrange(a, concat(batch, left, sum), sizes);
    Tensor tb = arrange(b, concat(batch, sum, right), sizes);
    int bs = prod(batch, sizes);
    int ls = prod(left, sizes);
    int ss = prod(sum, sizes);
    int rs = prod(right, sizes);
    Tensor out = ta.reshape(bs, ls, ss).matmul(tb.reshape(bs, ss, rs));
    List<Integer> labels = concat(batch, left, right);
    int[] shape = labels.stream().mapToInt(sizes::get).toArray();
    return new Term(labels, out.reshape(shape));
  }

  /** Permutes a term's dimensions into {@code order}, expanding broadcast (size-1) dimensions. */
  private static Tensor arrange(Term term, List<Integer> order, Map<Integer, Integer> sizes) {
    int[] perm = new int[order.size()];
    int[] shape = new int[order.size()];
    for (int i = 0; i < order.size(); i++) {
      perm[i] = term.labels.indexOf(order.get(i));
      shape[i] = sizes.get(order.get(i));
    }
    Tensor t = term.t.permute(perm);
    return Arrays.equals(t.shape, shape) ? t : t.expand(shape);
  }

  @SafeVarargs
  private static List<Integer> concat(List<Integer>... lists) {
    List<Integer> out = new ArrayList<>();
    for (List<Integer> l : lists) {
      out.addAll(l);
    }
    return out;
  }

  private static int prod(List<Integer> labels, Map<Integer, Integer> sizes) {
    int p = 1;
    for (int l : labels) {
      p *= sizes.get(l);
    }
    return p;
  }
}
