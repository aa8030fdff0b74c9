package org.sgd4j.lab.d2l;

import java.util.List;
import org.sgd4j.tensor.Tensor;

/** The chapter's {@code sgd}: x ← x − η g (d2l 11.5). */
public final class SgdRule implements UpdateRule {
  private final float lr;

  /** A rule with learning rate η = {@code lr}. */
  public SgdRule(double lr) {
    this.lr = (float) lr;
  }

  @Override
  public void update(List<Tensor> params) {
    for (Tensor p : params) {
      p.sub_(p.grad().mul(lr));
    }
  }
}
