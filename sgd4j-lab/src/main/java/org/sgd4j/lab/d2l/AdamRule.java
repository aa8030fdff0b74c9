package org.sgd4j.lab.d2l;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * The chapter's {@code adam} (d2l 11.10): v ← β₁ v + (1 − β₁) g, s ← β₂ s + (1 − β₂) g²,
 * v̂ = v / (1 − β₁ᵗ), ŝ = s / (1 − β₂ᵗ), x ← x − η v̂ / (√ŝ + ε), with β₁ = 0.9, β₂ = 0.999,
 * ε = 10⁻⁶ and t = 1, 2, … counting the updates.
 */
public class AdamRule extends UpdateRule {
  /** β₁. */
  public static final double BETA1 = 0.9;
  /** β₂. */
  public static final double BETA2 = 0.999;

  private final float lr;
  private final float eps;
  private final List<Tensor> v;
  private final List<Tensor> s;
  private int t = 1;

  /** A rule for {@code params} with learning rate η = {@code lr} and the chapter's ε = 10⁻⁶. */
  public AdamRule(List<Tensor> params, double lr) {
    this(params, lr, 1e-6);
  }

  /** A rule with this ε (Yogi's is 10⁻³). */
  protected AdamRule(List<Tensor> params, double lr, double eps) {
    this.lr = (float) lr;
    this.eps = (float) eps;
    this.v = zerosLike(params);
    this.s = zerosLike(params);
  }

  @Override
  protected final void update(int i, Tensor p, Tensor g) {
    Tensor vi = v.get(i).mul_((float) BETA1).add_(g.mul((float) (1 - BETA1)));
    Tensor si = s.get(i);
    updateSecondMoment(si, g);
    Tensor vHat = vi.div((float) (1 - Math.pow(BETA1, t)));
    Tensor sHat = si.div((float) (1 - Math.pow(BETA2, t)));
    p.sub_(vHat.mul(lr).div(sHat.sqrt().add(eps)));
  }

  @Override
  protected final void afterUpdate() {
    t++;
  }

  /** Adam's second moment: s ← β₂ s + (1 − β₂) g². */
  protected void updateSecondMoment(Tensor s, Tensor g) {
    s.mul_((float) BETA2).add_(g.square().mul((float) (1 - BETA2)));
  }
}
