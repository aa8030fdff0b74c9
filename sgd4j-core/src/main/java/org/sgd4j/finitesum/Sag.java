package org.sgd4j.finitesum;

import org.sgd4j.tensor.Rng;

/**
 * Stochastic average gradient (Le Roux, Schmidt and Bach, NIPS 2012; Schmidt, Le Roux and Bach,
 * "Minimizing finite sums with the stochastic average gradient", Math. Programming 2017):
 * keep the last gradient {@code y_i} seen for each example and step along their average,
 * <pre>
 *   pick i_k;  y_{i_k} ← ∇f_{i_k}(x_k);  d ← Σ_i y_i;  x_{k+1} = x_k − (α/m) d
 * </pre>
 * One gradient evaluation per step; linear convergence for strongly convex {@code f}.
 *
 * <ul>
 *   <li>Initialisation (the notes', and the paper's re-weighting of the early iterations): the
 *       table starts at zero and {@code m} is the number of distinct examples seen so far, not
 *       {@code n}, so the first pass is not slowed down by the zeros of the unseen examples;
 *       {@link #initialisation(boolean) initialisation(false)} divides by {@code n}.
 *   <li>On a {@link LinearModelProblem}, {@code y_i = φ_i'(⟨a_i,x⟩) a_i}, so the table holds one
 *       scalar per example (O(n) memory) and the L2 term {@code μx} is applied exactly, not through
 *       the table; with sparse rows each step costs O(nnz(a_i)) through {@link LazyIterate}.
 *   <li>Step: default {@code 1/L_max}; with {@link Sampling#LIPSCHITZ_MIXED} {@code 1/mean(L_i)}.
 *   <li>Line search (the paper's Lipschitz line search for an unknown {@code L}): estimate
 *       {@code L}, doubling it until {@code f_i(x − ∇f_i(x)/L) ≤ f_i(x) − ‖∇f_i(x)‖²/(2L)},
 *       multiplying it by {@code 2^{−1/n}} after every step; step {@code 1/L}.
 *   <li>Both together, on a {@link LinearModelProblem} (the paper's non-uniform sampling with
 *       adaptive estimates, as in Schmidt's {@code SAG_LipschitzLS} code): one estimate {@code L_i}
 *       per example (starting at 1), halved when the example comes back and doubled until the
 *       inequality above holds for {@code f_i}; the sampling weights {@code L_i + μ} change as the
 *       estimates do, hence the O(log n) sum tree; {@code L_max} decays by {@code 2^{−1/n}} per step
 *       and the step is {@code 1/(2(L_max + μ)) + 1/(2(mean L_i + μ))}.
 * </ul>
 */
public final class Sag implements Solver {
  private final double lr;
  private final Sampling sampling;
  private final boolean lineSearch;
  private final boolean seenInit;

  private Sag(double lr, Sampling sampling, boolean lineSearch, boolean seenInit) {
    this.lr = lr;
    this.sampling = sampling;
    this.lineSearch = lineSearch;
    this.seenInit = seenInit;
  }

  /** SAG with step {@code lr} (NaN for the default), uniform sampling, the notes' initialisation. */
  public static Sag withStep(double lr) {
    if (lr <= 0 || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("Invalid learning rate: " + lr);
    }
    return new Sag(lr, Sampling.UNIFORM, false, true);
  }

  /** The same method with another sampling rule. */
  public Sag sampling(Sampling s) {
    return new Sag(lr, s, lineSearch, seenInit);
  }

  /** The same method with the Lipschitz line search on (the step is then {@code 1/L_estimate}). */
  public Sag lineSearch(boolean on) {
    return new Sag(lr, sampling, on, seenInit);
  }

  /** True: divide by the number of examples seen so far (default); false: by {@code n}. */
  public Sag initialisation(boolean dividedBySeen) {
    return new Sag(lr, sampling, lineSearch, dividedBySeen);
  }

  @Override
  public String name() {
    return "sag" + (sampling == Sampling.LIPSCHITZ_MIXED ? "-nonuniform" : "") + (lineSearch ? "-ls" : "");
  }

  double defaultStep(FiniteSum p) {
    if (!Double.isNaN(lr)) {
      return lr;
    }
    double l = p.maxLipschitz();
    if (sampling == Sampling.LIPSCHITZ_MIXED) {
      l = 0;
      for (int i = 0; i < p.n(); i++) {
        l += p.lipschitz(i) / p.n();
      }
    }
    if (!(l > 0) || Double.isInfinite(l)) {
      throw new IllegalArgumentException(name() + ": no step size: give lr, the Lipschitz constants of " + p.name() + " are unknown");
    }
    return 1 / l;
  }

  @Override
  public void minimize(FiniteSum p, double[] x, Rng rng, Recorder recorder) {
    recorder.start(x);
    if (p instanceof LinearModelProblem lm) {
      minimizeLinear(lm, x, rng, recorder);
    } else {
      minimizeGeneric(p, x, rng, recorder);
    }
  }

  private void minimizeLinear(LinearModelProblem p, double[] x, Rng rng, Recorder recorder) {
    if (lineSearch && sampling == Sampling.LIPSCHITZ_MIXED) {
      minimizeLinearAdaptive(p, x, rng, recorder);
      return;
    }
    int n = p.n();
    double mu = p.l2();
    int[] ptr = p.data().rowPtr();
    int[] col = p.data().colIdx();
    double[] val = p.data().values();
    Sampling.Sampler sampler = sampling.sampler(p);
    LazyIterate it = new LazyIterate(x);
    double[] table = new double[n];
    boolean[] seen = new boolean[n];
    int m = 0;
    double alpha = lineSearch ? Double.NaN : defaultStep(p);
    double lossL = 1;
    double decay = Math.pow(2, -1.0 / n);
    while (!recorder.finished()) {
      int i = sampler.next(rng);
      double margin = it.dotRow(ptr, col, val, i);
      double g = p.lossDerivative(i, margin);
      if (!seen[i]) {
        seen[i] = true;
        m++;
      }
      double delta = g - table[i];
      table[i] = g;
      if (delta != 0) {
        it.addRow(ptr, col, val, i, 0, delta);
      }
      if (lineSearch) {
        double a2 = p.rowNormSquared(i);
        double g2 = g * g * a2;
        if (g2 > 1e-8) {
          double phi = p.loss(i, margin);
          while (p.loss(i, margin - g * a2 / lossL) > phi - g2 / (2 * lossL) && lossL < 1e300) {
            lossL *= 2;
          }
        }
        alpha = 1 / (lossL + mu);
        lossL *= decay;
      }
      it.step(1 - alpha * mu, alpha / (seenInit ? m : n));
      if (recorder.count(1)) {
        it.materialize(x);
        recorder.record(x);
      }
    }
    it.materialize(x);
  }

  private void minimizeLinearAdaptive(LinearModelProblem p, double[] x, Rng rng, Recorder recorder) {
    int n = p.n();
    double mu = p.l2();
    int[] ptr = p.data().rowPtr();
    int[] col = p.data().colIdx();
    double[] val = p.data().values();
    LazyIterate it = new LazyIterate(x);
    double[] table = new double[n];
    boolean[] seen = new boolean[n];
    double[] li = new double[n];
    java.util.Arrays.fill(li, 1.0);
    SumTree tree = new SumTree(java.util.Arrays.stream(li).map(l -> l + mu).toArray());
    double sumL = n;
    double lmax = 1;
    double decay = Math.pow(2, -1.0 / n);
    int m = 0;
    while (!recorder.finished()) {
      int i = rng.nextDouble() < 0.5 ? rng.nextInt(n) : tree.sample(rng);
      double margin = it.dotRow(ptr, col, val, i);
      double g = p.lossDerivative(i, margin);
      double delta = g - table[i];
      table[i] = g;
      if (delta != 0) {
        it.addRow(ptr, col, val, i, 0, delta);
      }
      double old = li[i];
      if (seen[i]) {
        li[i] /= 2;
      } else {
        seen[i] = true;
        m++;
      }
      double a2 = p.rowNormSquared(i);
      double g2 = g * g * a2;
      if (g2 > 1e-8) {
        double phi = p.loss(i, margin);
        while (p.loss(i, margin - g * a2 / li[i]) > phi - g2 / (2 * li[i]) && li[i] < 1e300) {
          li[i] *= 2;
        }
      }
      if (li[i] != old) {
        sumL += li[i] - old;
        tree.set(i, li[i] + mu);
      }
      lmax = Math.max(lmax, li[i]);
      double alpha = 0.5 / (lmax + mu) + 0.5 / (sumL / n + mu);
      lmax *= decay;
      it.step(1 - alpha * mu, alpha / (seenInit ? m : n));
      if (recorder.count(1)) {
        it.materialize(x);
        recorder.record(x);
      }
    }
    it.materialize(x);
  }

  private void minimizeGeneric(FiniteSum p, double[] x, Rng rng, Recorder recorder) {
    int n = p.n();
    int dim = p.dim();
    Sampling.Sampler sampler = sampling.sampler(p);
    double[][] table = new double[n][];
    double[] sum = new double[dim];
    double[] g = new double[dim];
    double[] trial = new double[dim];
    int m = 0;
    double alpha = lineSearch ? Double.NaN : defaultStep(p);
    double l = 1;
    double decay = Math.pow(2, -1.0 / n);
    while (!recorder.finished()) {
      int i = sampler.next(rng);
      p.gradient(i, x, g);
      if (table[i] == null) {
        table[i] = new double[dim];
        m++;
      }
      double[] y = table[i];
      for (int j = 0; j < dim; j++) {
        sum[j] += g[j] - y[j];
        y[j] = g[j];
      }
      if (lineSearch) {
        double g2 = LinearModelProblem.squaredNorm(g);
        if (g2 > 1e-8) {
          double fi = p.value(i, x);
          while (true) {
            for (int j = 0; j < dim; j++) {
              trial[j] = x[j] - g[j] / l;
            }
            if (p.value(i, trial) <= fi - g2 / (2 * l) || l > 1e300) {
              break;
            }
            l *= 2;
          }
        }
        alpha = 1 / l;
        l *= decay;
      }
      double scale = alpha / (seenInit ? m : n);
      for (int j = 0; j < dim; j++) {
        x[j] -= scale * sum[j];
      }
      if (recorder.count(1)) {
        recorder.record(x);
      }
    }
  }
}
