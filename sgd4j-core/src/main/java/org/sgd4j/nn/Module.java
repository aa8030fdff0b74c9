package org.sgd4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * A neural-network building block, as {@code torch.nn.Module}: it owns parameters (leaf tensors
 * that require grad), buffers (state that is saved but not trained, e.g. BatchNorm's running
 * statistics) and child modules, and maps an input tensor to an output in {@link #forward}.
 *
 * <p>Names follow PyTorch: a parameter {@code weight} of the child registered as {@code fc1} is
 * {@code "fc1.weight"}; children of a {@link Sequential} are named {@code "0"}, {@code "1"}, ... so
 * a {@link #stateDict()} uses the same keys as the PyTorch twin of the model. Registration order is
 * kept, so {@link #parameters()} is stable.
 */
public abstract class Module {
  private final Map<String, Tensor> params = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;

  /** Computes the module's output. */
  public abstract Tensor forward(Tensor input);

  /**
   * Whether this module lets go of its input and its output when {@link #forward} returns: it keeps
   * neither (nor a view of either) in a field, a cache or anything else that outlives the step, except
   * through the autograd graph, which the backward pass frees. A {@link Sequential} recycles the buffer
   * of an inner output for the next step only when the module that made it and the module that
   * consumed it both say so (see {@link org.sgd4j.tensor.BufferPool}).
   *
   * <p>True for the library's own modules (the classes of this package, none of which keeps a tensor)
   * whose children all let go too; false for every other class, so a module that keeps a tensor, as a
   * user's module (or a user's subclass of a library module) may, works unchanged: the tensors it sees
   * are never recycled. A user's module that keeps nothing may override this to return true, to have
   * its neighbours' activations recycled.
   */
  protected boolean releasesActivations() {
    if (getClass().getPackage() != Module.class.getPackage()) {
      return false;
    }
    for (Module c : children.values()) {
      if (!c.releasesActivations()) {
        return false;
      }
    }
    return true;
  }

  /** Registers (or replaces) a parameter; it is made a leaf that requires grad. Returns it. */
  protected final Tensor registerParameter(String name, Tensor param) {
    checkName(name);
    if (param != null && !param.isLeaf()) {
      throw new IllegalArgumentException("parameter '" + name + "' must be a leaf tensor, but it was produced by "
          + param.gradFn().name() + ": pass a detached tensor");
    }
    params.put(name, param == null ? null : param.requiresGrad_(true));
    return param;
  }

  /** Registers (or replaces) a buffer: saved in the state dict, never trained. Returns it. */
  protected final Tensor registerBuffer(String name, Tensor buffer) {
    checkName(name);
    buffers.put(name, buffer);
    return buffer;
  }

  /** Registers (or replaces) a child module. Returns it. */
  protected final <M extends Module> M registerModule(String name, M module) {
    checkName(name);
    if (module == null) {
      throw new IllegalArgumentException("module '" + name + "' is null");
    }
    children.put(name, module);
    return module;
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException("invalid name '" + name + "': names must be non-empty and contain no '.'");
    }
  }

  /** The direct parameter called {@code name} (or null). */
  protected final Tensor parameter(String name) {
    return params.get(name);
  }

  /** The direct buffer called {@code name} (or null). */
  protected final Tensor buffer(String name) {
    return buffers.get(name);
  }

  /** All parameters of this module and its descendants, in registration order, each once. */
  public List<Tensor> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /** Parameters by their dotted PyTorch names ({@code "0.weight"}, {@code "fc1.bias"}), each tensor once. */
  public Map<String, Tensor> namedParameters() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Map<Tensor, Boolean> seen = new java.util.IdentityHashMap<>();
    collect("", out, seen, true);
    return out;
  }

  /** Buffers by their dotted names. */
  public Map<String, Tensor> namedBuffers() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect("", out, new java.util.IdentityHashMap<>(), false);
    return out;
  }

  private void collect(String prefix, Map<String, Tensor> out, Map<Tensor, Boolean> seen, boolean parameters) {
    for (Map.Entry<String, Tensor> e : (parameters ? params : buffers).entrySet()) {
      if (e.getValue() != null && seen.put(e.getValue(), true) == null) {
        out.put(prefix + e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, Module> c : children.entrySet()) {
      c.getValue().collect(prefix + c.getKey() + ".", out, seen, parameters);
    }
  }

  /** The direct children by name, in registration order (unmodifiable). */
  public Map<String, Module> namedChildren() {
    return Collections.unmodifiableMap(children);
  }

  /** The direct children, in registration order. */
  public List<Module> children() {
    return new ArrayList<>(children.values());
  }

  /** The number of trainable scalars: the sum of the parameters' element counts. */
  public long parameterCount() {
    long n = 0;
    for (Tensor p : parameters()) {
      n += p.numel();
    }
    return n;
  }

  /** Sets training mode on this module and its descendants (Dropout drops, BatchNorm uses batch statistics). */
  public Module train(boolean mode) {
    training = mode;
    for (Module c : children.values()) {
      c.train(mode);
    }
    return this;
  }

  /** {@code train(true)}. */
  public Module train() {
    return train(true);
  }

  /** {@code train(false)}: evaluation mode. */
  public Module eval() {
    return train(false);
  }

  /** True in training mode (the default). */
  public boolean isTraining() {
    return training;
  }

  /** Clears the gradient of every parameter (sets it to null, as PyTorch's {@code set_to_none=True}). */
  public void zeroGrad() {
    for (Tensor p : parameters()) {
      p.setGrad(null);
    }
  }

  /**
   * Parameters then buffers of every module, keyed by dotted name, in PyTorch's order (each module's
   * own parameters and buffers before its children's). The tensors are detached views of the live
   * state, not copies.
   */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    stateInto("", out);
    return out;
  }

  private void stateInto(String prefix, Map<String, Tensor> out) {
    params.forEach((k, v) -> {
      if (v != null) {
        out.put(prefix + k, v.detach());
      }
    });
    buffers.forEach((k, v) -> {
      if (v != null) {
        out.put(prefix + k, v.detach());
      }
    });
    children.forEach((k, c) -> c.stateInto(prefix + k + ".", out));
  }

  /**
   * Copies values from {@code state} into this module's parameters and buffers. Every entry must have
   * the shape of its target. With {@code strict}, the keys must match exactly; without, missing and
   * unexpected keys are skipped and reported.
   *
   * @return the keys this module has but {@code state} lacks, and the keys of {@code state} it has no use for
   * @throws IllegalArgumentException naming each bad key (missing, unexpected or of the wrong shape)
   */
  public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
    Map<String, Tensor> own = stateDict();
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : own.entrySet()) {
      Tensor src = state.get(e.getKey());
      if (src == null) {
        missing.add(e.getKey());
      } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
        errors.add("size mismatch for " + e.getKey() + ": copying a param with shape " + Shape.format(src.shape())
            + ", the shape in current model is " + Shape.format(e.getValue().shape()));
      }
    }
    for (String k : state.keySet()) {
      if (!own.containsKey(k)) {
        unexpected.add(k);
      }
    }
    if (strict && !missing.isEmpty()) {
      errors.add("Missing key(s) in state_dict: " + missing);
    }
    if (strict && !unexpected.isEmpty()) {
      errors.add("Unexpected key(s) in state_dict: " + unexpected);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Error(s) in loading state_dict for " + getClass().getSimpleName() + ":\n\t"
          + String.join("\n\t", errors));
    }
    try (GradMode.Scope s = GradMode.noGrad()) {
      for (Map.Entry<String, Tensor> e : own.entrySet()) {
        Tensor src = state.get(e.getKey());
        if (src != null) {
          e.getValue().copy_(src);
        }
      }
    }
    return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
  }

  /** {@code loadStateDict(state, true)}. */
  public LoadResult loadStateDict(Map<String, Tensor> state) {
    return loadStateDict(state, true);
  }

  /** The outcome of a non-strict {@link #loadStateDict}: keys missing from the state and keys it had in excess. */
  public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

  /** The one-line description inside the parentheses of {@link #toString()}, e.g. {@code in_features=4, ...}. */
  protected String extraRepr() {
    return "";
  }

  /** The architecture, printed as PyTorch prints it. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
    String extra = extraRepr();
    if (children.isEmpty()) {
      return sb.append(extra).append(')').toString();
    }
    sb.append('\n');
    if (!extra.isEmpty()) {
      sb.append("  ").append(extra).append('\n');
    }
    for (Map.Entry<String, Module> c : children.entrySet()) {
      String child = c.getValue().toString().replace("\n", "\n  ");
      sb.append("  (").append(c.getKey()).append("): ").append(child).append('\n');
    }
    return sb.append(')').toString();
  }

  static String tuple(int... v) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < v.length; i++) {
      sb.append(i > 0 ? ", " : "").append(v[i]);
    }
    return sb.append(v.length == 1 ? ",)" : ")").toString();
  }

  static String pyBool(boolean b) {
    return b ? "True" : "False";
  }
}
