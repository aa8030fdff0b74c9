package org.sgd4j.lab.d2l;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * The chapter's {@code adagrad}: s ← s + g², x ← x − η g / √(s + ε), ε = 10⁻⁶ inside the square
 * root (d2l 11.7; torch.optim.Adagrad adds ε = 10⁻¹⁰ outside it).
 */
public final class AdagradRule extends UpdateRule {
  /** The chapter's ε. */
  public static final float EPS = 1e-6f;

  private final float lr;
  private final List<Tensor> s;

  /** A rule for {@code params} with learning rate η = {@code lr}. */
  public AdagradRule(List<Tensor> params, double lr) {
    this.lr = (float) lr;
    this.s = zerosLike(params);
  }

  @Override
  protected void update(int i, Tensor p, Tensor g) {
    Tensor si = s.get(i).add_(g.square());
    p.sub_(g.mul(lr).div(si.add(EPS).sqrt()));
  }
}
