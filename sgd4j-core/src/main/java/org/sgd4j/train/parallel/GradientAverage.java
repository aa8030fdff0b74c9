package org.sgd4j.train.parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sgd4j.tensor.GradTarget;
import org.sgd4j.tensor.BufferPool;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * The average of the workers' gradients, taken in worker order so that the result does not depend
 * on which worker finished first (the reproducibility contract, docs/architecture.md):
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
      average(workers, p, weights, sum.length, sum, 0);
      out.add(Tensor.wrap(sum, params.get(p).shape()));
    }
    return out;
  }

  /**
   * Sets every parameter's gradient to the average ({@code param.grad() = ḡ}, the bits of
   * {@code setGrad(of(workers, params).get(p))}), written over the parameter's current gradient in
   * place when it has one ({@link GradTarget#of}), as a backward pass after {@code zeroGrad(false)}
   * would, so a steady data-parallel loop allocates no gradient memory; after {@code zeroGrad()} (set
   * to none) it goes into a new tensor, and a tensor a caller took with {@code grad()} before keeps its
   * values. A parameter no worker used gets {@code null}. Nothing is changed when the arguments are
   * refused.
   *
   * @param workers the workers' gradients, in worker order; each holds one entry per parameter
   * @param params the parameters whose gradients are set
   * @throws IllegalArgumentException as {@link #of}
   */
  public static void setGrads(List<BatchGradient> workers, List<Tensor> params) {
    float[] weights = weights(workers, params);
    for (int p = 0; p < params.size(); p++) {
      Tensor param = params.get(p);
      if (!anyGradient(workers, p)) {
        param.setGrad(null);
        continue;
      }
      GradTarget target = GradTarget.of(param);
      if (readsFrom(workers, p, target.tensor())) {
        // A worker's gradient is this very buffer (the parameter's own gradient): average out of place.
        float[] sum = new float[param.numel()];
        average(workers, p, weights, sum.length, sum, 0);
        param.setGrad(Tensor.wrap(sum, param.shape()));
        continue;
      }
      average(workers, p, weights, param.numel(), target.data(), target.offset());
      target.commit(param);
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

  /** Elements per block: the sum of one block stays in the L1 cache while the workers are added. */
  private static final int BLOCK = 2048;
  /** Elements below which the average is not worth splitting over the kernel threads. */
  private static final int MIN_PER_PART = 1 << 15;

  /**
   * Parameter {@code p}'s average, its {@code n} elements written to {@code sum[off ..]} (old contents
   * ignored); at least one worker has a gradient for it. {@code weights == null} means the equal-size form. Each element is
   * {@code ((g_0 + g_1) + …) / M} (or {@code (g_0 w_0 + g_1 w_1) + …}) over the workers that have a
   * gradient, in worker order; the elements are done a block at a time, over the kernel threads,
   * which changes no bit since every element is computed on its own.
   */
  private static void average(List<BatchGradient> workers, int p, float[] weights, int n, float[] sum, int off) {
    int m = workers.size();
    float[][] data = new float[m][];
    int[] offsets = new int[m];
    float[] scale = weights == null ? null : new float[m];
    int k = 0;
    for (int w = 0; w < m; w++) {
      Tensor g = workers.get(w).gradients().get(p);
      if (g == null) {
        continue;
      }
      Tensor c = g.contiguous();
      data[k] = c.data();
      offsets[k] = c.storageOffset();
      if (scale != null) {
        scale[k] = weights[w];
      }
      k++;
    }
    int sources = k;
    float count = m;
    // The usual case, every buffer from index 0 (the workers' own buffers, the parameter's own gradient),
    // has loops that index every array alike, which C2 vectorises; with an offset of its own per array it
    // cannot rule out that two of them overlap, and leaves the loop scalar.
    boolean fromZero = off == 0 && allZero(offsets, sources);
    Parallel.runRanges(n, Parallel.parts(n, MIN_PER_PART), (from, to) -> {
      for (int b = from; b < to; b += BLOCK) {
        int e = Math.min(to, b + BLOCK);
        if (fromZero && scale == null) {
          meanBlockFromZero(data, sources, count, sum, b, e);
        } else if (fromZero) {
          weightedSumBlockFromZero(data, scale, sources, sum, b, e);
        } else if (scale == null) {
          sumBlock(data, offsets, sources, sum, off, b, e);
          for (int i = b; i < e; i++) {
            sum[off + i] /= count;
          }
        } else {
          weightedSumBlock(data, offsets, scale, sources, sum, off, b, e);
        }
      }
    });
  }

  /** Whether the first {@code n} offsets are all 0. */
  private static boolean allZero(int[] offsets, int n) {
    for (int i = 0; i < n; i++) {
      if (offsets[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code sum[i] = (d_0[i] + d_1[i] + …) / count} for i in [from, to), added left to right, every array
   * read from index 0: the operations of {@link #sumBlock} and the division after it.
   */
  private static void meanBlockFromZero(float[][] data, int sources, float count, float[] sum, int from, int to) {
    float[] d0 = data[0];
    if (sources == 2) {
      float[] d1 = data[1];
      for (int i = from; i < to; i++) {
        sum[i] = (d0[i] + d1[i]) / count;
      }
      return;
    }
    for (int i = from; i < to; i++) {
      sum[i] = d0[i];
    }
    for (int s = 1; s < sources; s++) {
      float[] d = data[s];
      for (int i = from; i < to; i++) {
        sum[i] += d[i];
      }
    }
    for (int i = from; i < to; i++) {
      sum[i] /= count;
    }
  }

  /** {@link #weightedSumBlock} with every array read from index 0. */
  private static void weightedSumBlockFromZero(float[][] data, float[] scale, int sources, float[] sum, int from,
                                               int to) {
    float[] d0 = data[0];
    float w0 = scale[0];
    for (int i = from; i < to; i++) {
      sum[i] = d0[i] * w0;
    }
    for (int s = 1; s < sources; s++) {
      float[] d = data[s];
      float w = scale[s];
      for (int i = from; i < to; i++) {
        sum[i] += d[i] * w;
      }
    }
  }

  /** {@code sum[off + i] = d_0[i] + d_1[i] + …} for i in [from, to), added left to right. */
  private static void sumBlock(float[][] data, int[] offsets, int sources, float[] sum, int off, int from, int to) {
    System.arraycopy(data[0], offsets[0] + from, sum, off + from, to - from);
    for (int s = 1; s < sources; s++) {
      float[] d = data[s];
      int shift = offsets[s] - off;
      for (int i = off + from; i < off + to; i++) {
        sum[i] += d[i + shift];
      }
    }
  }

  /** {@code sum[off + i] = d_0[i]·w_0 + d_1[i]·w_1 + …} for i in [from, to), added left to right. */
  private static void weightedSumBlock(float[][] data, int[] offsets, float[] scale, int sources, float[] sum,
                                       int off, int from, int to) {
    float[] d0 = data[0];
    float w0 = scale[0];
    int shift0 = offsets[0] - off;
    for (int i = off + from; i < off + to; i++) {
      sum[i] = d0[i + shift0] * w0;
    }
    for (int s = 1; s < sources; s++) {
      float[] d = data[s];
      float w = scale[s];
      int shift = offsets[s] - off;
      for (int i = off + from; i < off + to; i++) {
        sum[i] += d[i + shift] * w;
      }
    }
  }
}
