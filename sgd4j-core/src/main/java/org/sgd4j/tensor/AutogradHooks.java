package org.sgd4j.tensor;

/**
 * The seam between this package and the autograd engine ({@code org.sgd4j.autograd.Autograd}), which
 * sits above it: {@code Tensor.backward} calls the registered {@link Engine}, and the engine alone gets
 * the {@link Access} to what no other code may do to a tensor or a recorded {@link Node} (ask whether a
 * gradient still holds the zeros {@code zeroGrad(false)} wrote; walk a node's inputs, run its backward
 * rule, free it). Recording lives here too ({@link Graph#record} attaches the node to its output), so
 * nothing in this package names an engine class and neither {@code Tensor} nor {@code Node} has an
 * engine-only public method, as PyTorch's {@code TensorImpl} reaches autograd only through the
 * {@code VariableHooksInterface} that autograd registers.
 *
 * <p>The engine registers itself when its class is initialised; {@link #engine()} initialises it by
 * name on the first {@code Tensor.backward} if no other code has used the engine yet (recording does
 * not: {@code Graph.record} needs no engine).
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

  /** What only the engine may do to a tensor or a node; handed out once, to the engine that registers. */
  public interface Access {
    /** Whether {@code t}'s gradient holds +0.0 everywhere, untouched since {@code zeroGrad(false)} zeroed it. */
    boolean gradHoldsZeros(Tensor t);

    /** {@code node}'s inputs, in order: its own array, not a copy (the engine only reads it). */
    Tensor[] inputs(Node node);

    /** Whether {@code node}'s rule may use the engine's gradient targets (a {@link DirectBackwardFunction}). */
    boolean takesTargets(Node node);

    /**
     * Runs {@code node}'s backward rule on {@code gradOutput}, offering {@code targets}: the gradients of
     * its inputs, in order.
     *
     * @throws IllegalStateException if the node was freed, or a tensor it saved was modified in place
     */
    Tensor[] backward(Node node, Tensor gradOutput, GradTargets targets);

    /**
     * Frees {@code node} after a pass that did not retain the graph; with {@code dead} (the pass recorded
     * no graph) its rule first gives back its scratch ({@link BackwardFunction#release}).
     */
    void free(Node node, boolean dead);
  }

  private static final Access ACCESS = new Access() {
    @Override
    public boolean gradHoldsZeros(Tensor t) {
      return t.gradHoldsZeros();
    }

    @Override
    public Tensor[] inputs(Node node) {
      return node.inputsInternal();
    }

    @Override
    public boolean takesTargets(Node node) {
      return node.takesTargets();
    }

    @Override
    public Tensor[] backward(Node node, Tensor gradOutput, GradTargets targets) {
      return node.backward(gradOutput, targets);
    }

    @Override
    public void free(Node node, boolean dead) {
      node.free(dead);
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
