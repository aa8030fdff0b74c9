package org.sgd4j.optim;

/**
 * The strong Wolfe line search of {@link LBFGS}, as PyTorch's {@code _strong_wolfe} (after minFunc's
 * {@code WolfeLineSearch}): a bracketing phase that grows the step by cubic extrapolation until an
 * interval containing acceptable steps is found, then a zoom phase of safeguarded cubic
 * interpolation, accepting t when
 *
 * <pre>
 *   f(x + t d) ≤ f(x) + c₁ t ∇f(x)ᵀd        (sufficient decrease)
 *   |∇f(x + t d)ᵀd| ≤ −c₂ ∇f(x)ᵀd            (curvature)
 * </pre>
 *
 * with c₁ = 10⁻⁴, c₂ = 0.9. Source: Nocedal and Wright, "Numerical Optimization", Algorithms 3.5
 * and 3.6.
 */
final class StrongWolfe {
  private StrongWolfe() {}

  static final double C1 = 1e-4;
  static final double C2 = 0.9;
  /** {@code _strong_wolfe}'s default width under which the zoom stops (the bracket's length times ‖d‖∞). */
  static final double TOLERANCE_CHANGE = 1e-9;
  /** {@code _strong_wolfe}'s default number of evaluations. */
  static final int MAX_LS = 25;

  /** f and its flat gradient at one point. */
  record Eval(double f, float[] g) {}

  /** The accepted step: f and g there, t, and the number of evaluations used. */
  record Result(double f, float[] g, double t, int evals) {}

  /** Evaluates f and ∇f at x + t·d (and restores x). */
  @FunctionalInterface
  interface Objective {
    Eval at(float[] x, double t, float[] d);
  }

  /** The minimiser over [bounds] of the cubic through (x1, f1, g1) and (x2, f2, g2). */
  static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                                 double lo, double hi) {
    double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
    double d2Square = d1 * d1 - g1 * g2;
    if (d2Square >= 0) {
      double d2 = Math.sqrt(d2Square);
      double minPos = x1 <= x2
          ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
          : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
      return Math.min(Math.max(minPos, lo), hi);
    }
    return (lo + hi) / 2.;
  }

  static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
    return cubicInterpolate(x1, f1, g1, x2, f2, g2, Math.min(x1, x2), Math.max(x1, x2));
  }

  static Result search(Objective obj, float[] x, double t, float[] d, double f, float[] g, double gtd,
                       double toleranceChange, int maxLs) {
    double dNorm = LBFGS.maxAbs(d);
    Eval e = obj.at(x, t, d);
    double fNew = e.f();
    float[] gNew = e.g();
    int evals = 1;
    double gtdNew = LBFGS.dot(gNew, d);
    double tPrev = 0;
    double fPrev = f;
    float[] gPrev = g;
    double gtdPrev = gtd;
    boolean done = false;
    int lsIter = 0;
    double[] bracket = null;
    double[] bracketF = null;
    float[][] bracketG = null;
    double[] bracketGtd = null;
    while (lsIter < maxLs) {
      if (fNew > f + C1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
        bracket = new double[] {tPrev, t};
        bracketF = new double[] {fPrev, fNew};
        bracketG = new float[][] {gPrev, gNew};
        bracketGtd = new double[] {gtdPrev, gtdNew};
        break;
      }
      if (Math.abs(gtdNew) <= -C2 * gtd) {
        bracket = new double[] {t};
        bracketF = new double[] {fNew};
        bracketG = new float[][] {gNew};
        done = true;
        break;
      }
      if (gtdNew >= 0) {
        bracket = new double[] {tPrev, t};
        bracketF = new double[] {fPrev, fNew};
        bracketG = new float[][] {gPrev, gNew};
        bracketGtd = new double[] {gtdPrev, gtdNew};
        break;
      }
      double minStep = t + 0.01 * (t - tPrev);
      double maxStep = t * 10;
      double tmp = t;
      t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
      tPrev = tmp;
      fPrev = fNew;
      gPrev = gNew;
      gtdPrev = gtdNew;
      e = obj.at(x, t, d);
      fNew = e.f();
      gNew = e.g();
      evals++;
      gtdNew = LBFGS.dot(gNew, d);
      lsIter++;
    }
    if (lsIter == maxLs) {
      bracket = new double[] {0, t};
      bracketF = new double[] {f, fNew};
      bracketG = new float[][] {g, gNew};
      // PyTorch leaves bracket_gtd unset here; the zoom below never runs because ls_iter == max_ls
    }
    boolean insufficientProgress = false;
    int low = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
    int high = 1 - low;
    while (!done && lsIter < maxLs) {
      if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) {
        break;
      }
      t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
      double bMax = Math.max(bracket[0], bracket[1]);
      double bMin = Math.min(bracket[0], bracket[1]);
      double eps = 0.1 * (bMax - bMin);
      if (Math.min(bMax - t, t - bMin) < eps) {
        if (insufficientProgress || t >= bMax || t <= bMin) {
          t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
          insufficientProgress = false;
        } else {
          insufficientProgress = true;
        }
      } else {
        insufficientProgress = false;
      }
      e = obj.at(x, t, d);
      fNew = e.f();
      gNew = e.g();
      evals++;
      gtdNew = LBFGS.dot(gNew, d);
      lsIter++;
      if (fNew > f + C1 * t * gtd || fNew >= bracketF[low]) {
        bracket[high] = t;
        bracketF[high] = fNew;
        bracketG[high] = gNew;
        bracketGtd[high] = gtdNew;
        low = bracketF[0] <= bracketF[1] ? 0 : 1;
        high = 1 - low;
      } else {
        if (Math.abs(gtdNew) <= -C2 * gtd) {
          done = true;
        } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
          bracket[high] = bracket[low];
          bracketF[high] = bracketF[low];
          bracketG[high] = bracketG[low];
          bracketGtd[high] = bracketGtd[low];
        }
        bracket[low] = t;
        bracketF[low] = fNew;
        bracketG[low] = gNew;
        bracketGtd[low] = gtdNew;
      }
    }
    return new Result(bracketF[low], bracketG[low], bracket[low], evals);
  }
}
