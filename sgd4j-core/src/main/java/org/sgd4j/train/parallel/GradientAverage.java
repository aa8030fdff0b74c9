package org.sgd4j.train.parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sgd4j.autograd.GradTarget;
import org.sgd4j.tensor.BufferPool;
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
    float[] weights = weights(workers, params);
    List<Tensor> out = new ArrayList<>(params.size());
    for (int p = 0; p < params.size(); p++) {
      if (!anyGradient(workers, p)) {
        out.add(null);
        continue;
      }
      float[] sum = new float[params.get(p).numel()];
      average(workers, p, weights, sum, 0);
      out.add(Tensor.wrap(sum, params.get(p).shape()));
    }
    return out;
  }

  /**
   * Sets every parameter's gradient to the average ({@code param.grad() = ḡ}, as
   * {@code setGrad(of(workers, params).get(p))} does, same bits), writing it into the parameter's own
   * gradient buffer: the buffer of the previous step is reused unless it was handed out by
   * {@link Tensor#grad()} (then a new one is allocated, and the caller's tensor keeps its values), so
   * a steady data-parallel loop allocates no gradient memory. A parameter no worker used gets
   * {@code null}. Nothing is changed when the arguments are refused.
   *
   * @param workers the workers' gradients, in worker order; each holds one entry per parameter
   * @param params the parameters whose gradients are set
   * @throws IllegalArgumentException as {@link #of}
   */
  public static void setGrads(List<BatchGradient> workers, List<Tensor> params) {
    float[] weights = weights(workers, params);
    for (int p = 0; p < params.size(); p++) {
      Tensor param = params.get(p);
      // The old gradient becomes the leaf's spare buffer if nobody else holds it, and the target is that spare.
      param.setGrad(null);
      if (!anyGradient(workers, p)) {
        continue;
      }
      GradTarget target = param.gradTarget();
      if (readsFrom(workers, p, target.tensor())) {
        // A worker's gradient is this very buffer (borrowed from the parameter): average out of place.
        float[] sum = new float[param.numel()];
        average(workers, p, weights, sum, 0);
        param.setGrad(Tensor.wrap(sum, param.shape()));
        continue;
      }
      average(workers, p, weights, target.data(), target.offset());
      param.commitGradTarget(target);
    }
  }

  private static boolean readsFrom(List<BatchGradient> workers, int p, Tensor buffer) {
    for (BatchGradient w : workers) {
      Tensor g = w.gradients().get(p);
      if (g != null && BufferPool.sameStorage(g, buffer)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks the workers' gradients against the parameters; the weights n_m / N of the unequal-size
   * form, or {@code null} when all batches have the same size.
   */
  private static float[] weights(List<BatchGradient> workers, List<Tensor> params) {
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
      for (int p = 0; p < params.size(); p++) {
        Tensor gp = g.gradients().get(p);
        if (gp != null && !Arrays.equals(gp.shape(), params.get(p).shape())) {
          throw new IllegalArgumentException("GradientAverage: worker " + w + " gives parameter " + p
              + " a gradient of shape " + Shape.format(gp.shape()) + ", the parameter has shape "
              + Shape.format(params.get(p).shape()));
        }
      }
      total += g.examples();
      equalSizes &= g.examples() == workers.get(0).examples();
    }
    if (equalSizes) {
      return null;
    }
    float[] weights = new float[m];
    for (int w = 0; w < m; w++) {
      weights[w] = (float) ((double) workers.get(w).examples() / total);
    }
    return weights;
  }

  private static boolean anyGradient(List<BatchGradient> workers, int p) {
    for (BatchGradient w : workers) {
      if (w.gradients().get(p) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Parameter {@code p}'s average, written to {@code sum[off ..]} (old contents ignored); at least one
   * worker has a gradient for it. {@code weights == null} means the equal-size form.
   */
  private static void average(List<BatchGradient> workers, int p, float[] weights, float[] sum, int off) {
    int n = -1;
    for (int w = 0; w < workers.size(); w++) {
      Tensor g = workers.get(w).gradients().get(p);
      if (g == null) {
        continue;
      }
      Tensor c = g.contiguous();
      float[] d = c.data();
      int in = c.storageOffset();
      if (n < 0) {
        n = c.numel();
        for (int i = 0; i < n; i++) {
          sum[off + i] = weights == null ? d[in + i] : d[in + i] * weights[w];
        }
      } else {
        for (int i = 0; i < n; i++) {
          sum[off + i] += weights == null ? d[in + i] : d[in + i] * weights[w];
        }
      }
    }
    if (weights == null) {
      float count = workers.size();
      for (int i = 0; i < n; i++) {
        sum[off + i] /= count;
      }
    }
  }
}
