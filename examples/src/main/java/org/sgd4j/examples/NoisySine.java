package org.sgd4j.examples;

import org.sgd4j.data.Dataset;
import org.sgd4j.data.Example;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * A user's own dataset: n points x uniform in [-3, 3] with targets y = sin(x) + 0.1·ε, ε ~ N(0, 1),
 * drawn once from a seed. Inputs have shape (1), targets are scalars (shape ()).
 */
public final class NoisySine implements Dataset {
  private final float[] x;
  private final float[] y;

  public NoisySine(int n, long seed) {
    Rng rng = new Rng(seed);
    x = new float[n];
    y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (6 * rng.nextDouble() - 3);
      y[i] = (float) (Math.sin(x[i]) + 0.1 * rng.nextGaussian());
    }
  }

  @Override
  public int size() {
    return x.length;
  }

  @Override
  public Example get(int i) {
    return new Example(Tensor.wrap(new float[] {x[i]}, 1), Tensor.scalar(y[i]));
  }

  @Override
  public int[] xShape() {
    return new int[] {1};
  }

  @Override
  public int[] yShape() {
    return new int[] {};
  }
}
