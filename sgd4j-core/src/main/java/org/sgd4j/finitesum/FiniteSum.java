package org.sgd4j.finitesum;

/**
 * A finite-sum objective {@code f(x) = (1/n) Σ_{i<n} f_i(x)} over {@code x ∈ R^d}, in double
 * precision: the problem class of the notes' second half (and of Schmidt, Le Roux and Bach,
 * "Minimizing finite sums with the stochastic average gradient", Math. Programming 2017).
 *
 * <p>Each {@code f_i} is differentiable; {@link #lipschitz(int)} is a constant {@code L_i} with
 * {@code ‖∇f_i(x) − ∇f_i(y)‖ ≤ L_i ‖x − y‖}, {@link #lipschitz()} one for {@code ∇f}, and
 * {@link #mu()} a strong-convexity constant of {@code f} (0 when none is known). A constant that is
 * not known (e.g. for a neural network) is {@code NaN}.
 */
public interface FiniteSum {

  /** Number of terms {@code n}. */
  int n();

  /** Dimension {@code d} of {@code x}. */
  int dim();

  /** {@code f_i(x)}. */
  double value(int i, double[] x);

  /** Writes {@code ∇f_i(x)} into {@code out} (length {@code d}, overwritten). */
  void gradient(int i, double[] x, double[] out);

  /** {@code f(x) = (1/n) Σ f_i(x)}; implementations override this with a faster pass. */
  default double value(double[] x) {
    checkPoint(x);
    double s = 0;
    for (int i = 0; i < n(); i++) {
      s += value(i, x);
    }
    return s / n();
  }

  /** Writes {@code ∇f(x) = (1/n) Σ ∇f_i(x)} into {@code out}. */
  default void fullGradient(double[] x, double[] out) {
    checkPoint(x);
    double[] g = new double[dim()];
    java.util.Arrays.fill(out, 0.0);
    for (int i = 0; i < n(); i++) {
      gradient(i, x, g);
      for (int j = 0; j < g.length; j++) {
        out[j] += g[j];
      }
    }
    for (int j = 0; j < out.length; j++) {
      out[j] /= n();
    }
  }

  /** Lipschitz constant {@code L_i} of {@code ∇f_i}, or NaN when unknown. */
  double lipschitz(int i);

  /** Lipschitz constant {@code L} of {@code ∇f}; by default the bound {@code (1/n) Σ L_i}. */
  default double lipschitz() {
    double s = 0;
    for (int i = 0; i < n(); i++) {
      s += lipschitz(i);
    }
    return s / n();
  }

  /** {@code max_i L_i}, the constant the step sizes of SAG, SAGA and SVRG are usually set from. */
  default double maxLipschitz() {
    double m = 0;
    for (int i = 0; i < n(); i++) {
      m = Math.max(m, lipschitz(i));
    }
    return m;
  }

  /** Strong-convexity constant {@code μ} of {@code f}: a known lower bound, 0 if none. */
  default double mu() {
    return 0;
  }

  /** Whether {@link #hessian} is available. */
  default boolean hasHessian() {
    return false;
  }

  /** Writes {@code ∇²f(x)} into the {@code d x d} array {@code out}. */
  default void hessian(double[] x, double[][] out) {
    throw new UnsupportedOperationException(name() + " has no Hessian: Newton needs a problem with an exact Hessian");
  }

  /** The exact minimizer when the problem knows it in closed form, else null. */
  default double[] knownMinimizer() {
    return null;
  }

  /** A short human-readable name, e.g. {@code logistic(n=32561, d=123, mu=1e-4)}. */
  default String name() {
    return getClass().getSimpleName() + "(n=" + n() + ", d=" + dim() + ")";
  }

  /** Throws when {@code x} does not have length {@code d}. */
  default void checkPoint(double[] x) {
    if (x.length != dim()) {
      throw new IllegalArgumentException(name() + ": point has length " + x.length + ", expected d = " + dim());
    }
  }
}
