package org.sgd4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sgd4j.autograd.GradMode;
import org.sgd4j.tensor.BufferPool;
import org.sgd4j.tensor.Tensor;

/**
 * {@code torch.nn.Sequential}: applies its modules in order, each to the previous one's output.
 * Children are named "0", "1", ... (or by the given names), so parameters are named "0.weight",
 * "2.bias", ... as in PyTorch; {@link #get(int)} indexes them.
 *
 * <p>Buffers: the outputs of the inner modules that {@link #forward} does not return are marked
 * internal ({@link BufferPool#markInternal}), so a backward pass that frees the graph recycles them
 * for the next step; without autograd each is recycled as soon as the next module has consumed it.
 * Only outputs that no module which may keep a tensor has seen are recycled: both the module that
 * made it and the one that consumed it must {@link Module#releasesActivations() let go} of their
 * activations, as the library's modules do, so a user's module that stashes its input works unchanged.
 */
public final class Sequential extends Module {

  /** Modules named by their position. */
  public Sequential(Module... modules) {
    for (Module m : modules) {
      add(m);
    }
  }

  /** Named modules, in the map's iteration order (use a {@code LinkedHashMap}). */
  public Sequential(Map<String, ? extends Module> modules) {
    modules.forEach(this::registerModule);
  }

  /** Appends a module named by its position; returns this. */
  public Sequential add(Module module) {
    registerModule(Integer.toString(size()), module);
    return this;
  }

  /** The number of modules. */
  public int size() {
    return namedChildren().size();
  }

  /** The module at {@code index} (negative counts from the end). */
  public Module get(int index) {
    int n = size();
    if (index < -n || index >= n) {
      throw new IndexOutOfBoundsException("index " + index + " is out of range for a Sequential of " + n + " modules");
    }
    return children().get(index < 0 ? index + n : index);
  }

  /** The module called {@code name}. */
  public Module get(String name) {
    Module m = namedChildren().get(name);
    if (m == null) {
      throw new IllegalArgumentException("Sequential has no module named '" + name + "'; it has " + namedChildren().keySet());
    }
    return m;
  }

  @Override
  public Tensor forward(Tensor input) {
    boolean recording = GradMode.isEnabled();
    long since = BufferPool.now();
    // Inner outputs that only modules which let go of their activations saw (candidates for recycling),
    // and the tensors a module that may keep them saw (never recycled, nor anything sharing their storage).
    List<Tensor> intermediates = recording ? new ArrayList<>() : null;
    List<Tensor> kept = new ArrayList<>();
    Tensor x = input;
    Module producer = null;
    for (Module m : children()) {
      Tensor y = m.forward(x);
      if (!m.releasesActivations()) {
        kept.add(x);
        kept.add(y);
      }
      if (x != input && producer.releasesActivations() && m.releasesActivations()) {
        if (recording) {
          intermediates.add(x);
        } else if (!BufferPool.sameStorage(x, y) && !BufferPool.sameStorage(x, input) && !sharesStorage(x, kept)) {
          // No graph: the next module has consumed it, and nothing else can reach it.
          BufferPool.markInternal(x, since);
          BufferPool.recycleInternal(x);
        }
      }
      x = y;
      producer = m;
    }
    if (recording) {
      // Outputs of the inner modules that the caller never sees are recycled when a backward pass
      // frees the graph that saved them.
      for (Tensor t : intermediates) {
        if (!BufferPool.sameStorage(t, input) && !BufferPool.sameStorage(t, x) && !sharesStorage(t, kept)) {
          BufferPool.markInternal(t, since);
        }
      }
    }
    return x;
  }

  private static boolean sharesStorage(Tensor t, List<Tensor> others) {
    for (Tensor o : others) {
      if (BufferPool.sameStorage(t, o)) {
        return true;
      }
    }
    return false;
  }
}
