package org.sgd4j.lab.d2l;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/** The chapter's {@code sgd_momentum}: v ← β v + g, x ← x − η v, v₀ = 0 (d2l 11.6). */
public final class MomentumRule extends UpdateRule {
  private final float lr;
  private final float momentum;
  private final List<Tensor> v;

  /** A rule for {@code params} with learning rate η = {@code lr} and β = {@code momentum}. */
  public MomentumRule(List<Tensor> params, double lr, double momentum) {
    this.lr = (float) lr;
    this.momentum = (float) momentum;
    this.v = zerosLike(params);
  }

  @Override
  protected void update(int i, Tensor p, Tensor g) {
    Tensor vi = v.get(i);
    vi.mul_(momentum).add_(g);
    p.sub_(vi.mul(lr));
  }
}
