package org.sgd4j.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * The base of every optimizer, as {@code torch.optim.Optimizer}: parameter groups with their own
 * hyper-parameters, per-parameter state, {@link #step()}, {@link #zeroGrad()} and a state dict that
 * round-trips exactly (a run saved and reloaded mid-way continues bit for bit).
 *
 * <p>A subclass writes its algorithm in {@link #update}, called once per parameter that has a
 * gradient, group by group, under {@link GradMode#noGrad()}. Optimizers that need the loss itself
 * (line searches, Newton's method) override {@link #step(Supplier)}.
 *
 * @param <O> the options record of the algorithm
 */
public abstract class Optimizer<O extends OptimizerOptions<O>> {
  private final O defaults;
  private final List<ParamGroup<O>> groups = new ArrayList<>();
  private final Map<Tensor, ParamState> state = new IdentityHashMap<>();

  /** One group holding {@code params}, with {@code defaults}. */
  protected Optimizer(List<Tensor> params, O defaults) {
    this(defaults, List.of(ParamGroup.of(Objects.requireNonNull(params, "params"))));
  }

  /** Several groups; each resolves its options against {@code defaults}. */
  protected Optimizer(O defaults, List<ParamGroup<O>> groups) {
    this.defaults = Objects.requireNonNull(defaults, "options");
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("optimizer got an empty parameter list");
    }
    for (ParamGroup<O> g : groups) {
      addParamGroup(g);
    }
  }

  /** Adds a group (e.g. a layer unfrozen during fine-tuning), as {@code add_param_group}. */
  public void addParamGroup(ParamGroup<O> group) {
    if (group.params().isEmpty()) {
      throw new IllegalArgumentException("optimizer got an empty parameter list (parameter group " + groups.size() + ")");
    }
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ParamGroup<O> g : groups) {
      seen.addAll(g.params());
    }
    for (Tensor p : group.params()) {
      if (!p.isLeaf()) {
        throw new IllegalArgumentException("can't optimize a non-leaf Tensor (produced by " + p.gradFn().name() + ")");
      }
      if (!p.isContiguous()) {
        throw new IllegalArgumentException("can't optimize a non-contiguous Tensor of shape " + Shape.format(p.shape())
            + ": pass the contiguous leaf that owns the data");
      }
      if (!seen.add(p)) {
        throw new IllegalArgumentException("some parameters appear in more than one parameter group"
            + " (a tensor of shape " + Shape.format(p.shape()) + ")");
      }
    }
    group.bind(defaults);
    groups.add(group);
  }

  /** The default options (those of groups without overrides). */
  public O defaults() {
    return defaults;
  }

  /** The parameter groups, in order. */
  public List<ParamGroup<O>> paramGroups() {
    return Collections.unmodifiableList(groups);
  }

  /** All parameters, group by group: index {@code I} in the state dict is position {@code I} here. */
  public List<Tensor> params() {
    List<Tensor> out = new ArrayList<>();
    for (ParamGroup<O> g : groups) {
      out.addAll(g.params());
    }
    return out;
  }

  /** The state of {@code param} (empty before its first step). */
  public ParamState state(Tensor param) {
    return state.computeIfAbsent(param, k -> new ParamState());
  }

  /** One update of every parameter that has a gradient. */
  public final Tensor step() {
    return step(null);
  }

  /**
   * One update; when {@code closure} is not null it is called first (with grad mode on) to
   * re-evaluate the model, typically zeroing gradients, computing the loss and calling backward.
   *
   * @return the closure's loss, or null without a closure
   */
  public Tensor step(Supplier<Tensor> closure) {
    Tensor loss = evaluate(closure);
    try (GradMode.Scope s = GradMode.noGrad()) {
      for (ParamGroup<O> g : groups) {
        for (Tensor p : g.params()) {
          if (p.hasGrad()) {
            update(g.options(), p, state(p));
          }
        }
      }
    }
    return loss;
  }

  /** Calls {@code closure} with grad mode on; null gives null. */
  protected static Tensor evaluate(Supplier<Tensor> closure) {
    if (closure == null) {
      return null;
    }
    try (GradMode.Scope s = GradMode.enableGrad()) {
      return closure.get();
    }
  }

  /**
   * The algorithm for one parameter: reads {@code param.grad()}, updates {@code state} and writes
   * the new value into {@code param}. Runs under no-grad.
   */
  protected abstract void update(O options, Tensor param, ParamState state);

  /** Clears every gradient (sets it to null), PyTorch 2's default {@code zero_grad()}. */
  public void zeroGrad() {
    zeroGrad(true);
  }

  /**
   * Clears ({@code setToNone}) or zeroes every gradient. PyTorch 1.13 zeroes by default; 2.x clears.
   * An optimizer skips parameters whose gradient is null, so the two differ only for parameters
   * that get no gradient in the next backward.
   *
   * <p>With PyTorch's semantics (see {@link Tensor#grad()}): after clearing, the next backward pass
   * stores a new gradient tensor per parameter, and a tensor taken with {@code grad()} before is never
   * written again; zeroing keeps every gradient's tensor and buffer and the next backward pass adds
   * into it (so {@code -0.0} becomes {@code +0.0}, as {@code 0 + x} gives), which allocates no
   * gradient memory in a steady loop. {@code org.sgd4j.train.Backward.overwriting} gives the results
   * of clearing without allocating or zeroing: the trainer's step.
   */
  public void zeroGrad(boolean setToNone) {
    for (ParamGroup<O> g : groups) {
      for (Tensor p : g.params()) {
        p.zeroGrad(setToNone);
      }
    }
  }

  // ---------------------------------------------------------------- state dict

  /** A copy of the hyper-parameters and state, keyed as {@link OptimizerState} documents. */
  public OptimizerState stateDict() {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    Map<String, Double> scalars = new LinkedHashMap<>();
    int index = 0;
    for (int gi = 0; gi < groups.size(); gi++) {
      ParamGroup<O> g = groups.get(gi);
      String prefix = "param_groups." + gi + ".";
      HyperParameters.toMap((Record) g.options()).forEach((k, v) -> scalars.put(prefix + k, v));
      scalars.put(prefix + "params", (double) g.params().size());
      if (!Double.isNaN(g.initialLr())) {
        scalars.put(prefix + "initial_lr", g.initialLr());
      }
      for (Tensor p : g.params()) {
        ParamState st = state.get(p);
        if (st != null && !st.isEmpty()) {
          String sp = "state." + index + ".";
          st.scalars().forEach((k, v) -> scalars.put(sp + k, v));
          st.tensors().forEach((k, v) -> tensors.put(sp + k, v.clone()));
        }
        index++;
      }
    }
    return new OptimizerState(tensors, scalars);
  }

  /**
   * Replaces hyper-parameters and state with copies of those in {@code dict}, which must come from an
   * optimizer of the same kind over parameters of the same shapes in the same groups.
   */
  @SuppressWarnings("unchecked")
  public void loadStateDict(OptimizerState dict) {
    Map<String, Double> scalars = dict.scalars();
    Double groupCount = countGroups(scalars);
    if (groupCount != groups.size()) {
      throw new IllegalArgumentException("loaded state dict has " + groupCount.intValue()
          + " parameter groups, this optimizer has " + groups.size());
    }
    List<O> options = new ArrayList<>();
    for (int gi = 0; gi < groups.size(); gi++) {
      String prefix = "param_groups." + gi + ".";
      double n = scalars.get(prefix + "params");
      if (n != groups.get(gi).params().size()) {
        throw new IllegalArgumentException("loaded state dict contains a parameter group that doesn't match the size of"
            + " optimizer's group: group " + gi + " has " + (int) n + " parameters in the state dict and "
            + groups.get(gi).params().size() + " here");
      }
      options.add((O) HyperParameters.fromMap((Class<? extends Record>) defaults.getClass(), scalars, prefix));
    }
    List<Tensor> params = params();
    Map<Tensor, ParamState> loaded = new IdentityHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      String sp = "state." + i + ".";
      ParamState st = new ParamState();
      for (Map.Entry<String, Tensor> e : dict.tensors().entrySet()) {
        if (e.getKey().startsWith(sp)) {
          checkShape(e.getKey(), e.getValue(), params.get(i));
          st.put(e.getKey().substring(sp.length()), e.getValue().detach().clone());
        }
      }
      for (Map.Entry<String, Double> e : scalars.entrySet()) {
        if (e.getKey().startsWith(sp)) {
          st.put(e.getKey().substring(sp.length()), e.getValue());
        }
      }
      if (!st.isEmpty()) {
        loaded.put(params.get(i), st);
      }
    }
    for (int gi = 0; gi < groups.size(); gi++) {
      groups.get(gi).setOptions(options.get(gi));
      groups.get(gi).setInitialLr(scalars.getOrDefault("param_groups." + gi + ".initial_lr", Double.NaN));
    }
    state.clear();
    state.putAll(loaded);
  }

  private static Double countGroups(Map<String, Double> scalars) {
    int n = 0;
    while (scalars.containsKey("param_groups." + n + ".params")) {
      n++;
    }
    return (double) n;
  }

  /** Buffers have the parameter's shape unless the algorithm keeps its own (override to allow). */
  protected void checkShape(String key, Tensor value, Tensor param) {
    if (!Arrays.equals(value.shape(), param.shape())) {
      throw new IllegalArgumentException("state dict entry " + key + " has shape " + Shape.format(value.shape())
          + " but the parameter has shape " + Shape.format(param.shape()));
    }
  }
}
