package org.sgd4j.train.parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * The average of the workers' gradients, taken in worker order so that the result does not depend
 * on which worker finished first (DESIGN.md, "Reproducible"):
 *
 * <pre>
 *   ḡ = (g_0 + g_1 + … + g_{M−1}) / M                 when all batches have the same size,
 *   ḡ = Σ_m (n_m / N) g_m,   N = Σ_m n_m             otherwise,
 * </pre>
 *
 * summed left to right in float32. With mean-reduced losses both forms are the gradient of the mean
 * loss over the union of the M batches, i.e. one step with global batch N = M·B (the notes' recipe).
 * A gradient that is {@code null} (the parameter was not used) counts as zero; a parameter no worker
 * used gets {@code null}.
 */
public final class GradientAverage {
  private GradientAverage() {}

  /**
   * The averaged gradient of every parameter.
   *
   * @param workers the workers' gradients, in worker order; each holds one entry per parameter
   * @param params the parameters, for the shapes
   * @throws IllegalArgumentException if there are no workers, or a worker's gradient list or a
   *     gradient's shape does not match the parameters
   */
  public static List<Tensor> of(List<BatchGradient> workers, List<Tensor> params) {
    if (workers.isEmpty()) {
      throw new IllegalArgumentException("GradientAverage: no worker gradients to average");
    }
    int m = workers.size();
    long total = 0;
    boolean equalSizes = true;
    for (int w = 0; w < m; w++) {
      BatchGradient g = workers.get(w);
      if (g.gradients().size() != params.size()) {
        throw new IllegalArgumentException("GradientAverage: worker " + w + " has " + g.gradients().size()
            + " gradients for " + params.size() + " parameters");
      }
      total += g.examples();
      equalSizes &= g.examples() == workers.get(0).examples();
    }
    float[] weights = new float[m];
    for (int w = 0; w < m; w++) {
      weights[w] = (float) ((double) workers.get(w).examples() / total);
    }
    List<Tensor> out = new ArrayList<>(params.size());
    for (int p = 0; p < params.size(); p++) {
      out.add(average(workers, p, params.get(p).shape(), equalSizes ? null : weights));
    }
    return out;
  }

  /** Parameter {@code p}'s average; {@code weights == null} means the equal-size form. */
  private static Tensor average(List<BatchGradient> workers, int p, int[] shape, float[] weights) {
    float[] sum = null;
    for (int w = 0; w < workers.size(); w++) {
      Tensor g = workers.get(w).gradients().get(p);
      if (g == null) {
        continue;
      }
      if (!Arrays.equals(g.shape(), shape)) {
        throw new IllegalArgumentException("GradientAverage: worker " + w + " gives parameter " + p
            + " a gradient of shape " + Shape.format(g.shape()) + ", the parameter has shape " + Shape.format(shape));
      }
      Tensor c = g.contiguous();
      float[] d = c.data();
      int off = c.storageOffset();
      if (sum == null) {
        sum = new float[c.numel()];
        for (int i = 0; i < sum.length; i++) {
          sum[i] = weights == null ? d[off + i] : d[off + i] * weights[w];
        }
      } else {
        for (int i = 0; i < sum.length; i++) {
          sum[i] += weights == null ? d[off + i] : d[off + i] * weights[w];
        }
      }
    }
    if (sum == null) {
      return null;
    }
    if (weights == null) {
      float count = workers.size();
      for (int i = 0; i < sum.length; i++) {
        sum[i] /= count;
      }
    }
    return Tensor.wrap(sum, shape.clone());
  }
}
