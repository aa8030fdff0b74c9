package org.sgd4j.bench;

/**
 * A product's shape on the command line of the SGEMM mains: {@code [nn:|nt:|tn:|tt:]MxNxK}, where a prefix
 * reads A and/or B transposed as a layer's products do ({@code nt:} the forward {@code x Wᵀ}, {@code tn:}
 * the weight gradient {@code gᵀ x}), or a single {@code N} for the square {@code N x N x N}.
 */
record GemmShape(String name, boolean transA, boolean transB, int m, int n, int k) {

  static GemmShape parse(String shape) {
    String ops = shape.contains(":") ? shape.substring(0, shape.indexOf(':')) : "nn";
    if (!ops.matches("[nt][nt]")) {
      throw new IllegalArgumentException("bad transposition '" + ops + "' in '" + shape + "' (expected nn, nt, tn or tt)");
    }
    String[] d = shape.substring(shape.indexOf(':') + 1).split("x");
    if (d.length != 1 && d.length != 3) {
      throw new IllegalArgumentException("bad shape '" + shape + "' (expected [nn:|nt:|tn:|tt:]MxNxK or N)");
    }
    try {
      int m = Integer.parseInt(d[0]);
      int n = d.length == 3 ? Integer.parseInt(d[1]) : m;
      int k = d.length == 3 ? Integer.parseInt(d[2]) : m;
      if (m <= 0 || n <= 0 || k <= 0) {
        throw new IllegalArgumentException("bad shape '" + shape + "': sizes must be positive");
      }
      return new GemmShape(shape, ops.charAt(0) == 't', ops.charAt(1) == 't', m, n, k);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad shape '" + shape + "' (expected [nn:|nt:|tn:|tt:]MxNxK or N)");
    }
  }

  /** Leading dimension of A as stored: {@code op(A)} is m x k. */
  int lda() {
    return transA ? m : k;
  }

  /** Leading dimension of B as stored: {@code op(B)} is k x n. */
  int ldb() {
    return transB ? k : n;
  }

  double flops() {
    return 2.0 * m * n * k;
  }
}
