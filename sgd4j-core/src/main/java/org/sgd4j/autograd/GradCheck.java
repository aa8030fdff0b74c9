package org.sgd4j.autograd;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * Finite-difference gradient checking, as {@code torch.autograd.gradcheck}: the reverse-mode gradient
 * of the scalar {@code L(x) = sum(w * f(x))} (random weights {@code w}, so every output element
 * matters) is compared, entry by entry, with the central difference
 * {@code (L(x + h e_i) - L(x - h e_i)) / 2h}, where the sums are accumulated in double precision.
 *
 * <p>Tensors are float32, so the step {@code h} cannot be tiny: the defaults ({@code h = 1e-2},
 * tolerance {@code |analytic - numeric| <= atol + rtol |numeric|} with {@code atol = rtol = 1e-2}) keep
 * the truncation error (O(h^2)) and rounding error (O(eps/h)) well below what a wrong gradient gives.
 */
public final class GradCheck {
  private final double h;
  private final double atol;
  private final double rtol;
  private final long seed;

  private GradCheck(double h, double atol, double rtol, long seed) {
    this.h = h;
    this.atol = atol;
    this.rtol = rtol;
    this.seed = seed;
  }

  /** The defaults: {@code h = 1e-2}, {@code atol = rtol = 1e-2}, weights from seed 0. */
  public static GradCheck defaults() {
    return new GradCheck(1e-2, 1e-2, 1e-2, 0);
  }

  /** A copy with step {@code h}. */
  public GradCheck step(double h) {
    return new GradCheck(h, atol, rtol, seed);
  }

  /** A copy with tolerances {@code atol} and {@code rtol}. */
  public GradCheck tolerance(double atol, double rtol) {
    return new GradCheck(h, atol, rtol, seed);
  }

  /**
   * Checks {@code f} at {@code inputs} (which are not modified); throws {@link AssertionError} naming the
   * input, the flat index and both values at the first disagreement.
   */
  public void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
    Tensor[] leaves = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      leaves[i] = Tensor.of(inputs[i].toArray(), inputs[i].shape()).requiresGrad_();
    }
    Tensor out = f.apply(leaves);
    Tensor w = Tensor.randn(new Rng(seed), out.shape());
    Tensor loss = out.mul(w).sum();
    List<Tensor> grads = Autograd.grad(loss, Arrays.asList(leaves), null, false, false, true);
    for (int i = 0; i < inputs.length; i++) {
      float[] base = inputs[i].toArray();
      float[] analytic = grads.get(i) == null ? new float[base.length] : grads.get(i).toArray();
      for (int j = 0; j < base.length; j++) {
        double numeric = (evaluate(f, inputs, i, j, base[j] + h, w) - evaluate(f, inputs, i, j, base[j] - h, w)) / (2 * h);
        double a = analytic[j];
        if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) {
          throw new AssertionError("gradient mismatch for input " + i + " (shape " + Shape.format(inputs[i].shape())
              + ") at flat index " + j + " (value " + base[j] + "): analytic " + a + ", numeric " + numeric);
        }
      }
    }
  }

  private static double evaluate(Function<Tensor[], Tensor> f, Tensor[] inputs, int which, int index, double value,
                                 Tensor w) {
    Tensor[] xs = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      float[] v = inputs[i].toArray();
      if (i == which) {
        v[index] = (float) value;
      }
      xs[i] = Tensor.of(v, inputs[i].shape());
    }
    try (GradMode.Scope scope = GradMode.noGrad()) {
      float[] out = f.apply(xs).toArray();
      float[] wv = w.toArray();
      double s = 0;
      for (int k = 0; k < out.length; k++) {
        s += (double) out[k] * wv[k];
      }
      return s;
    }
  }
}
