package org.sgd4j.lab.landscape;

import java.util.ArrayList;
import java.util.List;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * A random direction in weight space with "filter normalization" (Li, Xu, Taylor, Studer and
 * Goldstein, <i>Visualizing the Loss Landscape of Neural Nets</i>, NeurIPS 2018, §4): d ~ N(0, I)
 * of the weights' shapes, then every filter d_{i,·} (a slice along the first dimension: a
 * neuron's incoming weights of a Linear layer, an output channel of a convolution) is rescaled to
 * the norm of the matching filter of the weights, d_{i,·} ← d_{i,·} ‖w_{i,·}‖ / ‖d_{i,·}‖. Biases and
 * other 1-D parameters get a zero direction, as the paper's code does by default
 * ({@code ignore='biasbn'}), so the plot is not dominated by scale-free directions.
 */
public final class FilterNormalizedDirection {
  private FilterNormalizedDirection() {}

  /** One direction tensor per weight tensor, drawn from {@code rng}. */
  public static List<Tensor> of(List<Tensor> weights, Rng rng) {
    List<Tensor> dirs = new ArrayList<>();
    for (Tensor w : weights) {
      int[] shape = w.shape();
      float[] wv = w.contiguous().toArray();
      float[] d = new float[wv.length];
      if (shape.length >= 2) {
        int filters = shape[0];
        int per = wv.length / filters;
        for (int f = 0; f < filters; f++) {
          double dn = 0;
          double wn = 0;
          for (int k = f * per; k < (f + 1) * per; k++) {
            d[k] = (float) rng.nextGaussian();
            dn += (double) d[k] * d[k];
            wn += (double) wv[k] * wv[k];
          }
          double scale = dn > 0 ? Math.sqrt(wn) / Math.sqrt(dn) : 0;
          for (int k = f * per; k < (f + 1) * per; k++) {
            d[k] = (float) (d[k] * scale);
          }
        }
      }
      dirs.add(Tensor.wrap(d, shape.clone()));
    }
    return dirs;
  }
}
