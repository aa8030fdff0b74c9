package org.sgd4j.lab.d2l;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * The chapter's {@code adadelta} (d2l 11.9), with no learning rate: s ← ρ s + (1 − ρ) g²,
 * g′ = √(Δ + ε) / √(s + ε) ⊙ g, x ← x − g′, Δ ← ρ Δ + (1 − ρ) g′², ε = 10⁻⁵.
 */
public final class AdadeltaRule extends UpdateRule {
  /** The chapter's ε. */
  public static final float EPS = 1e-5f;

  private final float rho;
  private final float oneMinusRho;
  private final List<Tensor> s;
  private final List<Tensor> delta;

  /** A rule for {@code params} with decay ρ = {@code rho}. */
  public AdadeltaRule(List<Tensor> params, double rho) {
    this.rho = (float) rho;
    this.oneMinusRho = (float) (1 - rho);
    this.s = zerosLike(params);
    this.delta = zerosLike(params);
  }

  @Override
  protected void update(int i, Tensor p, Tensor g) {
    Tensor si = s.get(i).mul_(rho).add_(g.square().mul(oneMinusRho));
    Tensor di = delta.get(i);
    Tensor rescaled = di.add(EPS).sqrt().div(si.add(EPS).sqrt()).mul(g);
    p.sub_(rescaled);
    di.mul_(rho).add_(rescaled.mul(oneMinusRho).mul(rescaled));
  }
}
