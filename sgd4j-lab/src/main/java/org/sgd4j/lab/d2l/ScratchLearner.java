package org.sgd4j.lab.d2l;

import java.util.List;
import java.util.function.Function;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;

/**
 * The chapter's {@code train_ch11} model: w (5, 1) and b (1) as plain tensors, the loss
 * l = ½(x w + b − y)² averaged over the mini-batch, its gradient by autograd, and a from-scratch
 * {@link UpdateRule}.
 */
public final class ScratchLearner implements Learner {
  private final Tensor w;
  private final Tensor b;
  private final List<Tensor> params;
  private final UpdateRule rule;

  /** A learner from w₀ (5 values) and b₀, with the rule that {@code rule} makes for [w, b]. */
  public ScratchLearner(float[] w0, float b0, Function<List<Tensor>, UpdateRule> rule) {
    this.w = Tensor.of(w0.clone(), AirfoilProblem.FEATURES, 1).requiresGrad_();
    this.b = Tensor.of(b0).requiresGrad_();
    this.params = List.of(w, b);
    this.rule = rule.apply(params);
  }

  @Override
  public void step(Tensor x, Tensor y) {
    Tensor l = x.matmul(w).add(b).sub(y).square().div(2f).mean();
    l.backward();
    try (var scope = GradMode.noGrad()) {
      rule.update(params);
    }
    w.setGrad(null);
    b.setGrad(null);
  }

  @Override
  public Tensor predict(Tensor x) {
    try (var scope = GradMode.noGrad()) {
      return x.matmul(w).add(b);
    }
  }

  @Override
  public float[] parameters() {
    float[] p = new float[AirfoilProblem.FEATURES + 1];
    System.arraycopy(w.toArray(), 0, p, 0, AirfoilProblem.FEATURES);
    p[AirfoilProblem.FEATURES] = b.item();
    return p;
  }
}
