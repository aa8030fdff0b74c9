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
  private float[] scratch;

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

  /** The buffer called {@code name}, created by {@code init} on first use. */
  public Tensor tensor(String name, java.util.function.Supplier<Tensor> init) {
    return tensors.computeIfAbsent(name, k -> init.get());
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

  /**
   * A work array of at least {@code n} floats, reused across steps so the update loops do not
   * allocate; not part of the state dict.
   */
  float[] scratch(int n) {
    if (scratch == null || scratch.length < n) {
      scratch = new float[n];
    }
    return scratch;
  }

  Map<String, Tensor> tensors() {
    return tensors;
  }

  Map<String, Double> scalars() {
    return scalars;
  }
}
