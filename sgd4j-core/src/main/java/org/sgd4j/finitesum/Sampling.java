package org.sgd4j.finitesum;

import org.sgd4j.tensor.Rng;

/**
 * How a stochastic method picks the example {@code i_k}.
 *
 * <ul>
 *   <li>{@link #UNIFORM}: {@code P(i) = 1/n}, with replacement;
 *   <li>{@link #LIPSCHITZ_MIXED}: with probability ½ uniform, with probability ½ proportional to
 *       {@code L_i} (Schmidt, Le Roux and Bach 2017, non-uniform sampling), so
 *       {@code P(i) = 1/(2n) + L_i/(2 Σ L_j)}; drawn in O(log n) from a sum tree.
 * </ul>
 */
public enum Sampling {
  UNIFORM,
  LIPSCHITZ_MIXED;

  /** A sampler over the examples of {@code p}. */
  Sampler sampler(FiniteSum p) {
    if (this == UNIFORM) {
      int n = p.n();
      return rng -> rng.nextInt(n);
    }
    double[] l = new double[p.n()];
    for (int i = 0; i < l.length; i++) {
      l[i] = p.lipschitz(i);
      if (Double.isNaN(l[i])) {
        throw new IllegalArgumentException("Lipschitz-proportional sampling needs the constants L_i, unknown for " + p.name());
      }
    }
    SumTree tree = new SumTree(l);
    int n = p.n();
    return rng -> rng.nextDouble() < 0.5 ? rng.nextInt(n) : tree.sample(rng);
  }

  /** Draws one index. */
  @FunctionalInterface
  interface Sampler {
    int next(Rng rng);
  }
}
