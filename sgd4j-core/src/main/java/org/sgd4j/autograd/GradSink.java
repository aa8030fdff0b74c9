package org.sgd4j.autograd;

import java.util.Map;
import org.sgd4j.tensor.BufferPool;
import org.sgd4j.tensor.GradTarget;
import org.sgd4j.tensor.Tensor;

/**
 * Where the backward pass delivers gradients: the one thing that differs between
 * {@link Autograd#backward} (accumulate into {@code grad()}), {@link Autograd#grad} (capture and
 * return) and {@link Autograd#gradInto} (write into the caller's buffers). The engine's loop calls
 * {@link #reached} with each tensor's total gradient, and, for a leaf that receives exactly one
 * gradient in a pass that records no graph, asks {@link #target} for a buffer the consuming rule may
 * write that gradient into, reporting a write with {@link #written}.
 */
interface GradSink {

  /** {@code t}'s whole gradient {@code g} is known (all contributions added), before {@code t}'s rule runs. */
  void reached(Tensor t, Tensor g, boolean createGraph);

  /** Whether this sink may offer targets at all ({@link #target} is asked only then). */
  boolean offersTargets();

  /** A buffer for leaf {@code leaf}'s whole gradient, or null. */
  GradTarget target(Tensor leaf);

  /** The consuming rule wrote {@code leaf}'s gradient into {@code target}. */
  void written(Tensor leaf, GradTarget target);

  /** {@link Autograd#backward}: leaves (and non-leaves that retain their gradient) accumulate it in {@code grad()}. */
  GradSink ACCUMULATE = new GradSink() {
    @Override
    public void reached(Tensor t, Tensor g, boolean createGraph) {
      if (t.isLeaf() || t.retainsGrad()) {
        AccumulateGrad.accumulate(t, g, createGraph);
      }
    }

    @Override
    public boolean offersTargets() {
      return true;
    }

    @Override
    public GradTarget target(Tensor leaf) {
      return AccumulateGrad.target(leaf);
    }

    @Override
    public void written(Tensor leaf, GradTarget target) {
      AccumulateGrad.written(leaf, target);
    }
  };

  /**
   * {@link Autograd#grad}: the gradients of the keys of {@code captured} are recorded there, pinned
   * (the caller keeps them past the pass); no {@code grad()} field is touched.
   */
  static GradSink capture(Map<Tensor, Tensor> captured) {
    return new GradSink() {
      @Override
      public void reached(Tensor t, Tensor g, boolean createGraph) {
        if (captured.containsKey(t)) {
          captured.put(t, g);
          BufferPool.pin(g);
        }
      }

      @Override
      public boolean offersTargets() {
        return false;
      }

      @Override
      public GradTarget target(Tensor leaf) {
        return null;
      }

      @Override
      public void written(Tensor leaf, GradTarget target) {
        throw new AssertionError("no targets offered");
      }
    };
  }

  /**
   * {@link Autograd#gradInto}: the gradient of each key of {@code into} is written into its buffer
   * (copied, or by the consuming rule straight into the buffer), and the buffer recorded in
   * {@code captured}.
   */
  static GradSink writeInto(Map<Tensor, GradTarget> into, Map<Tensor, Tensor> captured) {
    return new GradSink() {
      @Override
      public void reached(Tensor t, Tensor g, boolean createGraph) {
        GradTarget target = into.get(t);
        if (target != null) {
          target.tensor().copy_(g);
          captured.put(t, target.tensor());
        }
      }

      @Override
      public boolean offersTargets() {
        return true;
      }

      @Override
      public GradTarget target(Tensor leaf) {
        return into.get(leaf);
      }

      @Override
      public void written(Tensor leaf, GradTarget target) {
        target.tensor().storage().bump();
        captured.put(leaf, target.tensor());
      }
    };
  }
}
