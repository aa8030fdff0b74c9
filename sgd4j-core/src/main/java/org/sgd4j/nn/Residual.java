package org.sgd4j.nn;

import org.sgd4j.tensor.Tensor;

/**
 * A residual block (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016): y = s(x) + f(x),
 * where f is the block's body (child "fn") and s the shortcut (child "shortcut"), the identity unless
 * a projection is given (e.g. a 1×1 convolution when f changes the shape).
 */
public final class Residual extends Module {
  private final Module fn;
  private final Module shortcut;

  /** y = x + fn(x). */
  public Residual(Module fn) {
    this.fn = registerModule("fn", fn);
    this.shortcut = null;
  }

  /** y = shortcut(x) + fn(x). */
  public Residual(Module fn, Module shortcut) {
    this.fn = registerModule("fn", fn);
    this.shortcut = registerModule("shortcut", shortcut);
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor s = shortcut == null ? input : shortcut.forward(input);
    return s.add(fn.forward(input));
  }
}
