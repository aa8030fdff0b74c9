package org.sgd4j.tensor;


/**
 * The seam between {@link Tensor} and the autograd engine ({@code org.sgd4j.autograd.Autograd}), which
 * sits above this package: {@code Tensor.backward} calls the registered {@link Engine}, and the engine
 * alone gets the {@link Access} to what no other code may do to a tensor (attach its node, ask whether
 * its gradient still holds the zeros {@code zeroGrad(false)} wrote). So {@code Tensor} names no engine
 * class and has no engine-only public method, as PyTorch's {@code TensorImpl} reaches autograd only
 * through the {@code VariableHooksInterface} that autograd registers.
 *
 * <p>The engine registers itself when its class is initialised; {@link #engine()} initialises it by
 * name on the first backward pass that comes before any recorded operation (a leaf's backward).
 */
public final class AutogradHooks {
  private static final String ENGINE_CLASS = "org.sgd4j.autograd.Autograd";
  private static volatile Engine engine;

  private AutogradHooks() {}

  /** What {@code Tensor} asks of the engine. */
  @FunctionalInterface
  public interface Engine {
    /** Accumulates d(root)/d(leaf), weighted by {@code gradient} (null for a one-element root), into every leaf's {@code grad()}. */
    void backward(Tensor root, Tensor gradient, boolean retainGraph);
  }

  /** What only the engine may do to a tensor; handed out once, to the engine that registers. */
  public interface Access {
    /** Records {@code node} as the operation that produced {@code t} ({@code Tensor.gradFn()}). */
    void setGradFn(Tensor t, Node node);

    /** Whether {@code t}'s gradient holds +0.0 everywhere, untouched since {@code zeroGrad(false)} zeroed it. */
    boolean gradHoldsZeros(Tensor t);
  }

  private static final Access ACCESS = new Access() {
    @Override
    public void setGradFn(Tensor t, Node node) {
      t.setGradFn(node);
    }

    @Override
    public boolean gradHoldsZeros(Tensor t) {
      return t.gradHoldsZeros();
    }
  };

  /**
   * Registers the autograd engine (once per JVM) and returns its {@link Access}.
   *
   * @throws IllegalStateException if an engine is already registered
   */
  public static synchronized Access register(Engine e) {
    if (engine != null) {
      throw new IllegalStateException("an autograd engine is already registered (" + engine.getClass().getName() + ")");
    }
    engine = e;
    return ACCESS;
  }

  /** The registered engine, initialising {@code org.sgd4j.autograd.Autograd} if nothing has yet. */
  static Engine engine() {
    Engine e = engine;
    if (e == null) {
      try {
        Class.forName(ENGINE_CLASS, true, AutogradHooks.class.getClassLoader());
      } catch (ClassNotFoundException ex) {
        throw new IllegalStateException("the autograd engine " + ENGINE_CLASS + " is not on the class path", ex);
      }
      e = engine;
    }
    return e;
  }
}
