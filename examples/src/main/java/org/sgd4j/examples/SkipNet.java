package org.sgd4j.examples;

import org.sgd4j.nn.Linear;
import org.sgd4j.nn.Module;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * A user's own network: y = w·x + Linear(tanh(Linear(x))), a linear skip around a small tanh layer,
 * for inputs of shape (N, 1) and outputs of shape (N). Its layers and its own parameter {@code w}
 * are registered, so {@link #parameters()}, {@link #stateDict()} and the optimizers see them.
 */
public final class SkipNet extends Module {
  private final Linear hidden;
  private final Linear out;
  private final Tensor w;

  public SkipNet(int width, Rng rng) {
    hidden = registerModule("hidden", new Linear(1, width, rng));
    out = registerModule("out", new Linear(width, 1, rng));
    w = registerParameter("w", Tensor.zeros(1));
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor y = out.forward(hidden.forward(x).tanh()).add(x.mul(w));
    return y.reshape(x.size(0));
  }
}
