package org.sgd4j.finitesum;

/**
 * Limited-memory BFGS with the two-loop recursion and Armijo backtracking (Nocedal and Wright,
 * "Numerical Optimization", Alg. 7.4 and 7.5), used to compute {@code f*} when there is no Hessian.
 */
final class Lbfgs {
  private Lbfgs() {}

  static double[] minimize(FiniteSum p, double[] x0, int memory) {
    int d = p.dim();
    double[][] s = new double[memory][];
    double[][] y = new double[memory][];
    double[] rho = new double[memory];
    int stored = 0;
    int head = 0;
    double[] x = x0.clone();
    double[] g = new double[d];
    p.fullGradient(x, g);
    double f = p.value(x);
    double bestNorm = Math.sqrt(LinearModelProblem.squaredNorm(g));
    double bestF = f;
    double[] best = x.clone();
    int stalled = 0;
    for (int it = 0; it < 20000 && stalled < 20 && bestNorm > 0; it++) {
      double[] q = g.clone();
      double[] alpha = new double[memory];
      for (int k = 0; k < stored; k++) {
        int idx = Math.floorMod(head - 1 - k, memory);
        alpha[idx] = rho[idx] * dot(s[idx], q);
        axpy(-alpha[idx], y[idx], q);
      }
      double gamma = stored == 0 ? 1 / Math.sqrt(LinearModelProblem.squaredNorm(g))
          : dot(s[Math.floorMod(head - 1, memory)], y[Math.floorMod(head - 1, memory)])
              / dot(y[Math.floorMod(head - 1, memory)], y[Math.floorMod(head - 1, memory)]);
      for (int j = 0; j < d; j++) {
        q[j] *= gamma;
      }
      for (int k = stored - 1; k >= 0; k--) {
        int idx = Math.floorMod(head - 1 - k, memory);
        double beta = rho[idx] * dot(y[idx], q);
        axpy(alpha[idx] - beta, s[idx], q);
      }
      double slope = -dot(g, q);
      if (!(slope < 0)) {
        stored = 0;
        continue;
      }
      double t = 1;
      double[] xn = new double[d];
      double fn;
      int tries = 0;
      while (true) {
        for (int j = 0; j < d; j++) {
          xn[j] = x[j] - t * q[j];
        }
        fn = p.value(xn);
        if (fn <= f + 1e-4 * t * slope || ++tries > 60) {
          break;
        }
        t /= 2;
      }
      double[] gn = new double[d];
      p.fullGradient(xn, gn);
      double[] sk = new double[d];
      double[] yk = new double[d];
      for (int j = 0; j < d; j++) {
        sk[j] = xn[j] - x[j];
        yk[j] = gn[j] - g[j];
      }
      double sy = dot(sk, yk);
      if (sy > 1e-300) {
        s[head] = sk;
        y[head] = yk;
        rho[head] = 1 / sy;
        head = (head + 1) % memory;
        stored = Math.min(stored + 1, memory);
      }
      x = xn;
      g = gn;
      f = fn;
      double norm = Math.sqrt(LinearModelProblem.squaredNorm(g));
      // Progress is a 10% smaller gradient or a lower f: on an ill-conditioned problem the gradient
      // norm of L-BFGS wanders for many iterations while f still falls.
      boolean progress = norm < 0.9 * bestNorm || fn < bestF - 1e-12 * Math.max(1, Math.abs(bestF));
      stalled = progress ? 0 : stalled + 1;
      bestF = Math.min(bestF, fn);
      if (norm < bestNorm) {
        bestNorm = norm;
        best = x.clone();
      }
    }
    return best;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int j = 0; j < x.length; j++) {
      y[j] += a * x[j];
    }
  }
}
