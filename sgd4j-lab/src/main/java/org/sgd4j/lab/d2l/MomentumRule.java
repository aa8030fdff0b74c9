package org.sgd4j.lab.d2l;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/** The chapter's {@code sgd_momentum}: v ← β v + g, x ← x − η v, v₀ = 0 (d2l 11.6). */
public final class MomentumRule implements UpdateRule {
  private final float lr;
  private final float momentum;
  private final List<Tensor> v;

  /** A rule for {@code params} with learning rate η = {@code lr} and β = {@code momentum}. */
  public MomentumRule(List<Tensor> params, double lr, double momentum) {
    this.lr = (float) lr;
    this.momentum = (float) momentum;
    this.v = params.stream().map(Tensor::zerosLike).toList();
  }

  @Override
  public void update(List<Tensor> params) {
    for (int i = 0; i < params.size(); i++) {
      Tensor p = params.get(i);
      Tensor vi = v.get(i);
      vi.mul_(momentum).add_(p.grad());
      p.sub_(vi.mul(lr));
    }
  }
}
