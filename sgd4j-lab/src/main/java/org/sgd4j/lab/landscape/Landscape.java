package org.sgd4j.lab.landscape;

import java.util.ArrayList;
import java.util.List;
import org.sgd4j.nn.Module;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;

/**
 * Loss along lines and planes in weight space (Goodfellow, Vinyals and Saxe, <i>Qualitatively
 * characterizing neural network optimization problems</i>, ICLR 2015; Li et al. 2018):
 * <ul>
 *   <li>{@link #line}: L(w0 + α d) for α on a grid;</li>
 *   <li>{@link #plane}: L(w0 + α d1 + β d2) on a grid;</li>
 *   <li>{@link #interpolation}: L((1 − t) w_a + t w_b), e.g. from the initial to the trained weights.</li>
 * </ul>
 * The model's parameters are overwritten point by point (without gradients) and restored to w0 at
 * the end.
 */
public final class Landscape {
  private final Module model;
  private final List<Tensor> params;
  private final List<Tensor> w0;

  /** A landscape around the model's current weights w0. */
  public Landscape(Module model) {
    this.model = model;
    this.params = model.parameters();
    this.w0 = new ArrayList<>();
    for (Tensor p : params) {
      w0.add(p.detach().clone());
    }
  }

  /** The weights w0 (copies). */
  public List<Tensor> center() {
    return w0;
  }

  /** {@code count} evenly spaced values from {@code lo} to {@code hi}. */
  public static double[] grid(double lo, double hi, int count) {
    if (count < 2) {
      throw new IllegalArgumentException("a grid needs at least 2 points, got " + count);
    }
    double[] g = new double[count];
    for (int i = 0; i < count; i++) {
      g[i] = lo + (hi - lo) * i / (count - 1);
    }
    return g;
  }

  /** L(w0 + α d) for each α, one value per loss. */
  public double[][] line(List<Tensor> d, double[] alphas, DatasetLoss... losses) {
    check(d);
    double[][] out = new double[losses.length][alphas.length];
    try {
      for (int i = 0; i < alphas.length; i++) {
        set(alphas[i], d, 0, null);
        for (int k = 0; k < losses.length; k++) {
          out[k][i] = losses[k].of(model);
        }
      }
    } finally {
      restore();
    }
    return out;
  }

  /** L(w0 + α d1 + β d2): values[k][j][i] for loss k at β_j, α_i. */
  public double[][][] plane(List<Tensor> d1, List<Tensor> d2, double[] alphas, double[] betas, DatasetLoss... losses) {
    check(d1);
    check(d2);
    double[][][] out = new double[losses.length][betas.length][alphas.length];
    try {
      for (int j = 0; j < betas.length; j++) {
        for (int i = 0; i < alphas.length; i++) {
          set(alphas[i], d1, betas[j], d2);
          for (int k = 0; k < losses.length; k++) {
            out[k][j][i] = losses[k].of(model);
          }
        }
      }
    } finally {
      restore();
    }
    return out;
  }

  /** L((1 − t) a + t b) for each t (a, b: full weight lists in parameter order). */
  public double[][] interpolation(List<Tensor> a, List<Tensor> b, double[] ts, DatasetLoss... losses) {
    check(a);
    check(b);
    double[][] out = new double[losses.length][ts.length];
    try {
      for (int i = 0; i < ts.length; i++) {
        try (var s = GradMode.noGrad()) {
          for (int p = 0; p < params.size(); p++) {
            params.get(p).copy_(a.get(p)).mul_((float) (1 - ts[i])).add_(b.get(p), (float) ts[i]);
          }
        }
        for (int k = 0; k < losses.length; k++) {
          out[k][i] = losses[k].of(model);
        }
      }
    } finally {
      restore();
    }
    return out;
  }

  private void set(double alpha, List<Tensor> d1, double beta, List<Tensor> d2) {
    try (var s = GradMode.noGrad()) {
      for (int p = 0; p < params.size(); p++) {
        Tensor t = params.get(p).copy_(w0.get(p)).add_(d1.get(p), (float) alpha);
        if (d2 != null) {
          t.add_(d2.get(p), (float) beta);
        }
      }
    }
  }

  private void restore() {
    try (var s = GradMode.noGrad()) {
      for (int p = 0; p < params.size(); p++) {
        params.get(p).copy_(w0.get(p));
      }
    }
  }

  private void check(List<Tensor> d) {
    if (d.size() != params.size()) {
      throw new IllegalArgumentException("a direction needs one tensor per parameter: got " + d.size() + ", the model has "
          + params.size());
    }
    for (int p = 0; p < d.size(); p++) {
      if (!java.util.Arrays.equals(d.get(p).shape(), params.get(p).shape())) {
        throw new IllegalArgumentException("direction tensor " + p + " has shape "
            + org.sgd4j.tensor.Shape.format(d.get(p).shape()) + ", the parameter has "
            + org.sgd4j.tensor.Shape.format(params.get(p).shape()));
      }
    }
  }
}
