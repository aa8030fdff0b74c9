package org.sgd4j.nn;

import java.util.Map;
import org.sgd4j.tensor.Tensor;

/**
 * {@code torch.nn.Sequential}: applies its modules in order, each to the previous one's output.
 * Children are named "0", "1", ... (or by the given names), so parameters are named "0.weight",
 * "2.bias", ... as in PyTorch; {@link #get(int)} indexes them.
 *
 * <p>Buffers: the outputs of the inner modules that {@link #forward} does not return go back to the
 * pool for the next step once nothing but the graph can reach them (see {@link InnerOutputs}): only
 * outputs that no module which may keep a tensor has seen, so a user's module that stashes its input
 * works unchanged.
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
    InnerOutputs inner = new InnerOutputs(input);
    Tensor x = input;
    Module producer = null;
    for (Module m : children()) {
      Tensor y = m.forward(x);
      inner.passed(producer, x, m, y);
      x = y;
      producer = m;
    }
    inner.returned(x);
    return x;
  }
}
