package org.sgd4j.lab.d2l;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * The chapter's {@code yogi} (d2l 11.10): {@link AdamRule} with the second moment
 * s ← s + (1 − β₂) g² ⊙ sign(g² − s), which grows or shrinks s by a step of size (1 − β₂) g²
 * whatever the gap, and ε = 10⁻³.
 */
public final class YogiRule extends AdamRule {
  /** A rule for {@code params} with learning rate η = {@code lr}. */
  public YogiRule(List<Tensor> params, double lr) {
    super(params, lr, 1e-3);
  }

  @Override
  protected void updateSecondMoment(Tensor s, Tensor g) {
    Tensor g2 = g.square();
    s.add_(g2.sub(s).sign().mul((float) (1 - BETA2)).mul(g2));
  }
}
