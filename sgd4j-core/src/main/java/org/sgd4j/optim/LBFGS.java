package org.sgd4j.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;

/**
 * Limited-memory BFGS, as {@code torch.optim.LBFGS} (itself after Schmidt's minFunc). Each
 * {@link #step(Supplier)} runs up to {@code maxIter} iterations on the full objective that the
 * closure evaluates:
 *
 * <pre>
 *   g ← ∇f(x)                                      (all parameters flattened into one vector)
 *   if ‖g‖∞ ≤ toleranceGrad: stop
 *   loop
 *     if first iteration:  d ← −g;  H₀ ← 1
 *     else:
 *       y ← g − g_prev;  s ← t·d
 *       if yᵀs &gt; 10⁻¹⁰:  push (s, y, ρ = 1/yᵀs) to the last historySize pairs;  H₀ ← yᵀs / yᵀy
 *       d ← −H g by the two-loop recursion:
 *         q ← −g;  for i newest…oldest:  αᵢ ← ρᵢ sᵢᵀq;  q ← q − αᵢ yᵢ
 *         r ← H₀ q;  for i oldest…newest:  βᵢ ← ρᵢ yᵢᵀr;  r ← r + (αᵢ − βᵢ) sᵢ
 *         d ← r
 *     t ← lr · min(1, 1/‖g‖₁) on the very first iteration, else lr
 *     if gᵀd &gt; −toleranceChange: stop (not a descent direction)
 *     strong Wolfe line search on t (if enabled), else a fixed step; x ← x + t d
 *     stop after maxIter iterations, maxEval evaluations, ‖g‖∞ ≤ toleranceGrad,
 *       ‖t d‖∞ ≤ toleranceChange or |f − f_prev| &lt; toleranceChange
 * </pre>
 *
 * The strong Wolfe line search (Nocedal and Wright, Algorithm 3.5 with cubic interpolation, as
 * minFunc's {@code WolfeLineSearch}) finds t with {@code f(x + td) ≤ f(x) + c₁ t gᵀd} and
 * {@code |∇f(x + td)ᵀd| ≤ c₂ |gᵀd|}, c₁ = 10⁻⁴, c₂ = 0.9.
 *
 * <p>One parameter group only, as in PyTorch. The history lives in the state of the first parameter
 * (flat tensors {@code d}, {@code prev_flat_grad}, {@code old_dirs.i}, {@code old_stps.i}; scalars
 * {@code t}, {@code H_diag}, {@code ro.i}, {@code history}, {@code prev_loss}, {@code n_iter},
 * {@code func_evals}), so the state dict round-trips it.
 *
 * <p>Sources: Liu and Nocedal, "On the limited memory BFGS method for large scale optimization"
 * (Math. Programming 1989); Nocedal and Wright, "Numerical Optimization", ch. 7 and 3; PyTorch
 * {@code torch/optim/lbfgs.py}.
 */
public final class LBFGS extends ClosureOptimizer<LBFGS.Options> {
  private final List<Tensor> params;
  private final int numel;

  /** L-BFGS over {@code params}. */
  public LBFGS(List<Tensor> params, Options options) {
    super(params, options);
    this.params = List.copyOf(params);
    int n = 0;
    for (Tensor p : params) {
      n += p.numel();
    }
    this.numel = n;
  }

  /** Options with PyTorch's defaults: lr 1, maxIter 20, maxEval maxIter·5/4, tolerances 1e-7 and 1e-9, history 100, no line search. */
  public static Options options() {
    return new Options(1, 20, 20 * 5 / 4, 1e-7, 1e-9, 100, false);
  }

  @Override
  protected void checkShape(String key, Tensor value, Tensor param) {
    // the history is flat, over all parameters
  }

  /** Runs up to {@code maxIter} iterations; returns the loss the closure gave first. */
  @Override
  public Tensor step(Supplier<Tensor> closure) {
    if (closure == null) {
      throw new IllegalArgumentException("LBFGS requires a closure that reevaluates the model and returns the loss");
    }
    Options o = paramGroups().get(0).options();
    ParamState state = state(params.get(0));
    // as torch's state.setdefault('n_iter', 0): present even when the first gradient already stops the step
    state.put("n_iter", state.scalar("n_iter", 0));
    Tensor origLoss = evaluate(closure);
    double loss = origLoss.item();
    int currentEvals = 1;
    state.put("func_evals", state.scalar("func_evals", 0) + 1);
    float[] flatGrad = gatherFlatGrad();
    if (maxAbs(flatGrad) <= o.toleranceGrad) {
      return origLoss;
    }
    History h = History.load(state, numel);
    try (GradMode.Scope noGrad = GradMode.noGrad()) {
      int nIter = 0;
      while (nIter < o.maxIter) {
        nIter++;
        long totalIter = (long) state.scalar("n_iter", 0) + 1;
        state.put("n_iter", totalIter);
        if (totalIter == 1) {
          h.d = negate(flatGrad);
          h.clear();
          h.hDiag = 1;
        } else {
          h.update(flatGrad, o.historySize);
          h.d = h.twoLoop(flatGrad);
        }
        if (h.prevFlatGrad == null) {
          h.prevFlatGrad = flatGrad.clone();
        } else {
          System.arraycopy(flatGrad, 0, h.prevFlatGrad, 0, numel);
        }
        h.prevLoss = loss;
        double t = totalIter == 1 ? Math.min(1., 1. / sumAbs(flatGrad)) * o.lr : o.lr;
        h.t = t;
        double gtd = dot(flatGrad, h.d);
        if (gtd > -o.toleranceChange) {
          break;
        }
        int lsEvals = 0;
        boolean optCond = false;
        if (o.strongWolfe) {
          float[] x0 = flatParams();
          // PyTorch calls _strong_wolfe with its defaults (tolerance_change 1e-9, max_ls 25), not the group's tolerance
          StrongWolfe.Result r = StrongWolfe.search((x, step, dir) -> directionalEvaluate(closure, x, step, dir),
              x0, t, h.d, loss, flatGrad, gtd, StrongWolfe.TOLERANCE_CHANGE, StrongWolfe.MAX_LS);
          loss = r.f();
          flatGrad = r.g();
          t = r.t();
          lsEvals = r.evals();
          addToParams(t, h.d);
          optCond = maxAbs(flatGrad) <= o.toleranceGrad;
        } else {
          addToParams(t, h.d);
          if (nIter != o.maxIter) {
            loss = evaluate(closure).item();
            flatGrad = gatherFlatGrad();
            optCond = maxAbs(flatGrad) <= o.toleranceGrad;
            lsEvals = 1;
          }
        }
        h.t = t;
        currentEvals += lsEvals;
        state.put("func_evals", state.scalar("func_evals", 0) + lsEvals);
        if (nIter == o.maxIter || currentEvals >= o.maxEval || optCond) {
          break;
        }
        if (Math.abs(t) * maxAbs(h.d) <= o.toleranceChange) {
          break;
        }
        if (Math.abs(loss - h.prevLoss) < o.toleranceChange) {
          break;
        }
      }
    }
    h.store(state);
    return origLoss;
  }

  /** f and ∇f at x + t·d, leaving the parameters at x (PyTorch's {@code _directional_evaluate}). */
  private StrongWolfe.Eval directionalEvaluate(Supplier<Tensor> closure, float[] x, double t, float[] d) {
    addToParams(t, d);
    double f;
    try (GradMode.Scope s = GradMode.enableGrad()) {
      f = closure.get().item();
    }
    float[] g = gatherFlatGrad();
    setParams(x);
    return new StrongWolfe.Eval(f, g);
  }

  private float[] gatherFlatGrad() {
    float[] out = new float[numel];
    int off = 0;
    for (Tensor p : params) {
      if (p.hasGrad()) {
        Tensor g = FlatParam.grad(p);
        System.arraycopy(g.data(), g.storageOffset(), out, off, p.numel());
      }
      off += p.numel();
    }
    return out;
  }

  private float[] flatParams() {
    float[] out = new float[numel];
    int off = 0;
    for (Tensor p : params) {
      System.arraycopy(p.data(), p.storageOffset(), out, off, p.numel());
      off += p.numel();
    }
    return out;
  }

  private void setParams(float[] x) {
    int off = 0;
    for (Tensor p : params) {
      System.arraycopy(x, off, p.data(), p.storageOffset(), p.numel());
      off += p.numel();
      FlatParam.markModified(p);
    }
  }

  /** x ← x + t·d over the flattened parameters. */
  private void addToParams(double t, float[] d) {
    float step = (float) t;
    int off = 0;
    for (Tensor p : params) {
      float[] w = p.data();
      int po = p.storageOffset();
      for (int i = 0; i < p.numel(); i++) {
        w[po + i] = w[po + i] + step * d[off + i];
      }
      off += p.numel();
      FlatParam.markModified(p);
    }
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return (float) s;
  }

  static double maxAbs(float[] a) {
    float m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  private static double sumAbs(float[] a) {
    double s = 0;
    for (float v : a) {
      s += Math.abs(v);
    }
    return (float) s;
  }

  private static float[] negate(float[] a) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = -a[i];
    }
    return out;
  }

  /** The curvature pairs and the previous iterate's quantities. */
  private static final class History {
    final List<float[]> oldDirs = new ArrayList<>();
    final List<float[]> oldStps = new ArrayList<>();
    final List<Double> ro = new ArrayList<>();
    float[] d;
    float[] prevFlatGrad;
    double t;
    double hDiag = 1;
    double prevLoss;

    void clear() {
      oldDirs.clear();
      oldStps.clear();
      ro.clear();
    }

    /** Adds the pair (s, y) of the last iteration if it has positive curvature. */
    void update(float[] g, int historySize) {
      int n = g.length;
      float[] y = new float[n];
      float[] s = new float[n];
      float tf = (float) t;
      for (int i = 0; i < n; i++) {
        y[i] = g[i] - prevFlatGrad[i];
        s[i] = d[i] * tf;
      }
      double ys = dot(y, s);
      if (ys > 1e-10) {
        if (oldDirs.size() == historySize) {
          oldDirs.remove(0);
          oldStps.remove(0);
          ro.remove(0);
        }
        oldDirs.add(y);
        oldStps.add(s);
        ro.add(1. / ys);
        hDiag = ys / dot(y, y);
      }
    }

    /** d = −H g by the two-loop recursion. */
    float[] twoLoop(float[] g) {
      int n = g.length;
      int m = oldDirs.size();
      double[] al = new double[m];
      float[] q = negate(g);
      for (int i = m - 1; i >= 0; i--) {
        al[i] = dot(oldStps.get(i), q) * ro.get(i);
        float a = (float) -al[i];
        float[] y = oldDirs.get(i);
        for (int k = 0; k < n; k++) {
          q[k] = q[k] + a * y[k];
        }
      }
      float hd = (float) hDiag;
      float[] r = new float[n];
      for (int k = 0; k < n; k++) {
        r[k] = q[k] * hd;
      }
      for (int i = 0; i < m; i++) {
        double be = dot(oldDirs.get(i), r) * ro.get(i);
        float c = (float) (al[i] - be);
        float[] s = oldStps.get(i);
        for (int k = 0; k < n; k++) {
          r[k] = r[k] + c * s[k];
        }
      }
      return r;
    }

    static History load(ParamState state, int numel) {
      History h = new History();
      Tensor d = state.tensor("d");
      h.d = d == null ? null : d.toArray();
      Tensor pg = state.tensor("prev_flat_grad");
      h.prevFlatGrad = pg == null ? null : pg.toArray();
      h.t = state.scalar("t", 0);
      h.hDiag = state.scalar("H_diag", 1);
      h.prevLoss = state.scalar("prev_loss", 0);
      int m = (int) state.scalar("history", 0);
      for (int i = 0; i < m; i++) {
        h.oldDirs.add(state.tensor("old_dirs." + i).toArray());
        h.oldStps.add(state.tensor("old_stps." + i).toArray());
        h.ro.add(state.scalar("ro." + i, 0));
      }
      return h;
    }

    void store(ParamState state) {
      if (d != null) {
        state.put("d", Tensor.of(d));
      }
      if (prevFlatGrad != null) {
        state.put("prev_flat_grad", Tensor.of(prevFlatGrad));
      }
      state.put("t", t);
      state.put("H_diag", hDiag);
      state.put("prev_loss", prevLoss);
      state.removeTensors("old_dirs.");
      state.removeTensors("old_stps.");
      state.put("history", oldDirs.size());
      for (int i = 0; i < oldDirs.size(); i++) {
        state.put("old_dirs." + i, Tensor.of(oldDirs.get(i)));
        state.put("old_stps." + i, Tensor.of(oldStps.get(i)));
        state.put("ro." + i, ro.get(i));
      }
    }
  }

  /**
   * L-BFGS's hyper-parameters.
   *
   * @param lr learning rate (initial step of the line search)
   * @param maxIter iterations per {@code step}
   * @param maxEval closure evaluations per {@code step}
   * @param toleranceGrad stop when ‖g‖∞ is at most this
   * @param toleranceChange stop when a step or the change of f is below this
   * @param historySize the number of curvature pairs kept
   * @param strongWolfe use the strong Wolfe line search ({@code line_search_fn="strong_wolfe"})
   */
  public record Options(double lr, int maxIter, int maxEval, double toleranceGrad, double toleranceChange,
                        int historySize, boolean strongWolfe) implements OptimizerOptions<Options> {
    /** Validates the arguments. */
    public Options {
      Check.lr(lr);
      Check.atLeast(maxIter, 1, "max_iter");
      Check.atLeast(maxEval, 1, "max_eval");
      Check.atLeast(toleranceGrad, 0, "tolerance_grad");
      Check.atLeast(toleranceChange, 0, "tolerance_change");
      Check.atLeast(historySize, 1, "history_size");
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, strongWolfe);
    }

    /**
     * A copy with {@code max_iter} replaced; a {@code max_eval} still at its default, {@code max_iter * 5 / 4},
     * follows the new value, as PyTorch derives it.
     */
    public Options withMaxIter(int maxIter) {
      return new Options(lr, maxIter, maxEval == this.maxIter * 5 / 4 ? maxIter * 5 / 4 : maxEval, toleranceGrad,
          toleranceChange, historySize, strongWolfe);
    }

    /** A copy with {@code maxEval} replaced. */
    public Options withMaxEval(int maxEval) {
      return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, strongWolfe);
    }

    /** A copy with {@code toleranceGrad} replaced. */
    public Options withToleranceGrad(double toleranceGrad) {
      return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, strongWolfe);
    }

    /** A copy with {@code toleranceChange} replaced. */
    public Options withToleranceChange(double toleranceChange) {
      return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, strongWolfe);
    }

    /** A copy with {@code historySize} replaced. */
    public Options withHistorySize(int historySize) {
      return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, strongWolfe);
    }

    /** A copy with {@code strongWolfe} replaced. */
    public Options withStrongWolfe(boolean strongWolfe) {
      return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, strongWolfe);
    }
  }
}
