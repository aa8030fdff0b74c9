package org.sgd4j.lab.d2l;

import org.sgd4j.tensor.Tensor;

/** Linear regression ŷ = x w + b being trained: one update per mini-batch, and the chapter's loss. */
public interface Learner {
  /** One update from the mini-batch x (B, 5), y (B, 1). */
  void step(Tensor x, Tensor y);

  /** The prediction ŷ = x w + b, (B, 1), without recording gradients. */
  Tensor predict(Tensor x);

  /** w₁ … w₅ then b. */
  float[] parameters();

  /** The chapter's loss ½(ŷ − y)² averaged over the rows of (x, y), accumulated in double. */
  default double loss(Tensor x, Tensor y) {
    float[] p = predict(x).toArray();
    float[] t = y.toArray();
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      double d = (double) p[i] - t[i];
      sum += d * d;
    }
    return sum / (2.0 * p.length);
  }
}
