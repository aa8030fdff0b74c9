package org.sgd4j.lab.d2l;

import org.sgd4j.tensor.Tensor;

/** The chapter's {@code sgd}: x ← x − η g (d2l 11.5). */
public final class SgdRule extends UpdateRule {
  private final float lr;

  /** A rule with learning rate η = {@code lr}. */
  public SgdRule(double lr) {
    this.lr = (float) lr;
  }

  @Override
  protected void update(int i, Tensor p, Tensor g) {
    p.sub_(g.mul(lr));
  }
}
