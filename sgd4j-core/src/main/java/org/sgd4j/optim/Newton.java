package org.sgd4j.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.sgd4j.autograd.Autograd;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;

/**
 * Newton's method for small models, with the exact Hessian from autograd:
 *
 * <pre>
 *   g ← ∇f(θ)                      (Autograd.grad with createGraph, so g can be differentiated)
 *   H_ij ← ∂g_i/∂θ_j               (one backward pass per component of g)
 *   solve (H + λI) Δ = −g           (Cholesky when H + λI is positive definite, else LU with pivoting)
 *   θ ← θ + η Δ
 * </pre>
 *
 * With η = 1 and λ = 0, a quadratic {@code f(θ) = ½θᵀAθ − bᵀθ} is minimised in one step. λ &gt; 0
 * (Levenberg damping) keeps steps sensible where H is indefinite or nearly singular. The cost is n
 * backward passes and O(n³) for the solve, n the number of parameters: for models with up to a few
 * hundred parameters. The solve runs in double precision.
 *
 * <p>{@link #step(Supplier)} needs a closure that returns the loss <em>with its graph</em>: it must
 * not call {@code backward()} itself. After the step each parameter's {@code grad()} holds g.
 * Newton keeps no state between steps except the step counter.
 *
 * <p>Source: Nocedal and Wright, "Numerical Optimization", §3.3; Dive into Deep Learning, §12.3.
 */
public final class Newton extends ClosureOptimizer<Newton.Options> {

  /** Newton's method over {@code params}. */
  public Newton(List<Tensor> params, Options options) {
    super(params, options);
  }

  /** Options with lr 1 (the full Newton step) and no damping. */
  public static Options options() {
    return new Options(1, 0);
  }

  /** One Newton step; returns the closure's loss (at the parameters before the step). */
  @Override
  public Tensor step(Supplier<Tensor> closure) {
    if (closure == null) {
      throw new IllegalArgumentException("Newton requires a closure that returns the loss (with its graph, without"
          + " calling backward)");
    }
    Options o = paramGroups().get(0).options();
    List<Tensor> params = params();
    int n = 0;
    for (Tensor p : params) {
      n += p.numel();
    }
    Tensor loss;
    double[] g = new double[n];
    double[][] h = new double[n][n];
    try (GradMode.Scope s = GradMode.enableGrad()) {
      loss = closure.get();
      if (!loss.requiresGrad()) {
        throw new IllegalArgumentException("Newton: the closure's loss has no graph (did it call backward, or run under"
            + " noGrad?)");
      }
      List<Tensor> grads = Autograd.grad(loss, params, null, true, true, true);
      int row = 0;
      for (int a = 0; a < params.size(); a++) {
        Tensor ga = grads.get(a);
        if (ga == null) {
          row += params.get(a).numel();
          continue;
        }
        Tensor flat = ga.reshape(-1);
        for (int j = 0; j < flat.numel(); j++, row++) {
          Tensor gi = flat.select(0, j);
          g[row] = gi.item();
          if (!gi.requiresGrad()) {
            continue; // this component of g is constant: its Hessian row is zero
          }
          List<Tensor> hRow = Autograd.grad(gi, params, null, true, false, true);
          int col = 0;
          for (int b = 0; b < params.size(); b++) {
            Tensor hb = hRow.get(b);
            if (hb != null) {
              float[] v = hb.contiguous().toArray();
              for (int k = 0; k < v.length; k++) {
                h[row][col + k] = v[k];
              }
            }
            col += params.get(b).numel();
          }
        }
      }
      for (int a = 0; a < params.size(); a++) {
        params.get(a).setGrad(grads.get(a) == null ? null : grads.get(a).detach());
      }
    }
    for (int i = 0; i < n; i++) {
      h[i][i] += o.damping;
      g[i] = -g[i];
    }
    double[] delta = LinearSolve.solve(h, g);
    ParamState st = state(params.get(0));
    st.incrementStep();
    int off = 0;
    for (Tensor p : params) {
      float[] w = p.data();
      int po = p.storageOffset();
      for (int i = 0; i < p.numel(); i++) {
        w[po + i] = (float) (w[po + i] + o.lr * delta[off + i]);
      }
      off += p.numel();
      FlatParam.markModified(p);
    }
    return loss;
  }

  /**
   * Newton's hyper-parameters.
   *
   * @param lr step length η along the Newton direction (1 for the pure method)
   * @param damping λ added to the Hessian's diagonal
   */
  public record Options(double lr, double damping) implements OptimizerOptions<Options> {
    /** Validates the arguments. */
    public Options {
      Check.lr(lr);
      Check.atLeast(damping, 0, "damping value");
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, damping);
    }

    /** A copy with {@code damping} replaced. */
    public Options withDamping(double damping) {
      return new Options(lr, damping);
    }
  }
}
