package org.sgd4j.lab.d2l;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * The chapter's {@code rmsprop}: s ← γ s + (1 − γ) g², x ← x − η g / √(s + ε), ε = 10⁻⁶ inside the
 * square root (d2l 11.8; torch.optim.RMSprop adds ε = 10⁻⁸ outside it).
 */
public final class RmsPropRule extends UpdateRule {
  /** The chapter's ε. */
  public static final float EPS = 1e-6f;

  private final float lr;
  private final float gamma;
  private final float oneMinusGamma;
  private final List<Tensor> s;

  /** A rule for {@code params} with learning rate η = {@code lr} and decay γ = {@code gamma}. */
  public RmsPropRule(List<Tensor> params, double lr, double gamma) {
    this.lr = (float) lr;
    this.gamma = (float) gamma;
    this.oneMinusGamma = (float) (1 - gamma);
    this.s = zerosLike(params);
  }

  @Override
  protected void update(int i, Tensor p, Tensor g) {
    Tensor si = s.get(i).mul_(gamma).add_(g.square().mul(oneMinusGamma));
    p.sub_(g.mul(lr).div(si.add(EPS).sqrt()));
  }
}
