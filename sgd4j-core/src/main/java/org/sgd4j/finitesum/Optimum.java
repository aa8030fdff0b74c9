package org.sgd4j.finitesum;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The minimizer {@code x*} and optimal value {@code f*} of a problem, computed once per problem
 * instance and cached, so that suboptimality {@code f(x) − f*} can be measured, not guessed.
 *
 * <p>Method: the closed form when the problem knows it ({@link FiniteSum#knownMinimizer()}); else
 * damped Newton with the exact Hessian (quadratic convergence to rounding level) when the problem
 * has one and {@code d ≤ 2000}; else L-BFGS (Nocedal and Wright, "Numerical Optimization", Alg. 7.4)
 * run until the gradient norm stops decreasing (also when the Hessian is singular). {@link #suboptimalityBound()} is
 * {@code ‖∇f(x*)‖²/(2μ) ≥ f(x*) − f*} for a μ-strongly convex {@code f}.
 */
public record Optimum(double[] x, double value, double gradientNorm, double suboptimalityBound, String method) {
  private static final Map<FiniteSum, Optimum> CACHE = Collections.synchronizedMap(new WeakHashMap<>());
  private static final int NEWTON_MAX_DIM = 2000;

  /** The optimum of {@code problem}, computed on first request and cached. */
  public static Optimum of(FiniteSum problem) {
    return CACHE.computeIfAbsent(problem, Optimum::compute);
  }

  /** Whether {@link #of} has already computed the optimum of {@code problem}. */
  public static boolean isCached(FiniteSum problem) {
    return CACHE.containsKey(problem);
  }

  static Optimum compute(FiniteSum p) {
    double[] known = p.knownMinimizer();
    if (known != null) {
      return summary(p, known, "closed form");
    }
    if (p.hasHessian() && p.dim() <= NEWTON_MAX_DIM) {
      try {
        return summary(p, newton(p), "Newton");
      } catch (ArithmeticException singularHessian) {
        // not strongly convex (e.g. unregularised least squares with an unused feature): fall back
      }
    }
    return summary(p, Lbfgs.minimize(p, new double[p.dim()], 10), "L-BFGS");
  }

  private static Optimum summary(FiniteSum p, double[] x, String method) {
    double[] g = new double[p.dim()];
    p.fullGradient(x, g);
    double gn = Math.sqrt(LinearModelProblem.squaredNorm(g));
    double bound = p.mu() > 0 ? gn * gn / (2 * p.mu()) : Double.NaN;
    return new Optimum(x, p.value(x), gn, bound, method);
  }

  /** Damped Newton from 0 until the gradient norm stops decreasing. */
  private static double[] newton(FiniteSum p) {
    int d = p.dim();
    double[] x = new double[d];
    double[] best = x.clone();
    double bestNorm = Double.POSITIVE_INFINITY;
    int stalled = 0;
    for (int it = 0; it < 200 && stalled < 3; it++) {
      double[] g = new double[d];
      p.fullGradient(x, g);
      double gn = Math.sqrt(LinearModelProblem.squaredNorm(g));
      if (gn < bestNorm) {
        stalled = gn < 0.5 * bestNorm ? 0 : stalled + 1;
        bestNorm = gn;
        best = x.clone();
      } else {
        stalled++;
      }
      if (gn == 0) {
        break;
      }
      x = Newton.step(p, x, g);
    }
    return best;
  }
}
