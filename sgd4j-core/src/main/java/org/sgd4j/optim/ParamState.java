package org.sgd4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sgd4j.tensor.Tensor;

/**
 * The state an optimizer keeps for one parameter ({@code optimizer.state[p]} in PyTorch): named
 * buffers of the parameter's shape (moment estimates, momentum buffer, ...) and named scalars (the
 * step counter, ...). Created empty on the parameter's first step.
 */
public final class ParamState {
  private final Map<String, Tensor> tensors = new LinkedHashMap<>();
  private final Map<String, Double> scalars = new LinkedHashMap<>();

  /** True before the first step stored anything. */
  public boolean isEmpty() {
    return tensors.isEmpty() && scalars.isEmpty();
  }

  /** The buffer called {@code name}, or null. */
  public Tensor tensor(String name) {
    return tensors.get(name);
  }

  /** Stores (or replaces) the buffer called {@code name}. */
  public void put(String name, Tensor value) {
    tensors.put(name, value);
  }

  /** The scalar called {@code name}, or {@code orElse}. */
  public double scalar(String name, double orElse) {
    return scalars.getOrDefault(name, orElse);
  }

  /** Stores (or replaces) the scalar called {@code name}. */
  public void put(String name, double value) {
    scalars.put(name, value);
  }

  /** Removes every buffer whose name starts with {@code prefix}. */
  public void removeTensors(String prefix) {
    tensors.keySet().removeIf(k -> k.startsWith(prefix));
  }

  /** Increments the step counter {@code step} and returns its new value (PyTorch's {@code state['step'] += 1}). */
  public long incrementStep() {
    long step = (long) scalar("step", 0) + 1;
    put("step", step);
    return step;
  }

  /** The float array of the buffer called {@code name}, created as zeros shaped like {@code like} on first use. */
  public float[] buffer(String name, Tensor like) {
    Tensor t = tensors.get(name);
    if (t == null) {
      t = Tensor.zeros(like.shape());
      tensors.put(name, t);
    }
    return t.data();
  }

  Map<String, Tensor> tensors() {
    return tensors;
  }

  Map<String, Double> scalars() {
    return scalars;
  }
}
