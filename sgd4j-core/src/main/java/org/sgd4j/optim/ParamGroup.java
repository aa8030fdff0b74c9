package org.sgd4j.optim;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.sgd4j.tensor.Tensor;

/**
 * A parameter group: some of the parameters, with their own hyper-parameters, as an entry of
 * {@code optimizer.param_groups} in PyTorch. Use groups for, e.g., no weight decay on biases or a
 * smaller learning rate for one layer:
 *
 * <pre>{@code
 * var opt = new SGD(SGD.options().withLr(0.1).withMomentum(0.9).withWeightDecay(1e-4), List.of(
 *     ParamGroup.of(weights),
 *     ParamGroup.of(biases, o -> o.withWeightDecay(0))));
 * }</pre>
 *
 * <p>A group's parameters are fixed; its options are an immutable record that the group replaces
 * as a whole: {@link #setLr} and {@link #setCycledMomentum} (what schedules do, like assigning
 * {@code group['lr']} or {@code group['momentum']}) and {@link #setOptions} (what loading a state dict
 * does). {@link #setInitialLr} records a schedule's base rate.
 *
 * @param <O> the optimizer's options type
 */
public final class ParamGroup<O extends OptimizerOptions<O>> {
  private final List<Tensor> params;
  private final UnaryOperator<O> overrides;
  private O options;
  private double initialLr = Double.NaN;

  private ParamGroup(List<Tensor> params, UnaryOperator<O> overrides) {
    this.params = List.copyOf(Objects.requireNonNull(params, "params"));
    this.overrides = Objects.requireNonNull(overrides, "overrides");
  }

  /** A group that takes the optimizer's default options. */
  public static <O extends OptimizerOptions<O>> ParamGroup<O> of(List<Tensor> params) {
    return new ParamGroup<O>(params, o -> o);
  }

  /** A group whose options are the optimizer's defaults passed through {@code overrides}. */
  public static <O extends OptimizerOptions<O>> ParamGroup<O> of(List<Tensor> params, UnaryOperator<O> overrides) {
    return new ParamGroup<>(params, overrides);
  }

  /** Resolves the options against the optimizer's defaults (once, by the optimizer). */
  void bind(O defaults) {
    if (options != null) {
      throw new IllegalStateException("this parameter group already belongs to an optimizer");
    }
    options = Objects.requireNonNull(overrides.apply(defaults), "group options");
  }

  /** The parameters, in order. */
  public List<Tensor> params() {
    return params;
  }

  /** The group's hyper-parameters. */
  public O options() {
    return options;
  }

  /** Replaces the group's hyper-parameters (as loading a state dict does). */
  public void setOptions(O options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The group's learning rate. */
  public double lr() {
    return options.lr();
  }

  /**
   * The learning rate the first schedule attached to this group started from ({@code group['initial_lr']}),
   * or NaN before any schedule: later schedules take it as their base, as in PyTorch.
   */
  public double initialLr() {
    return initialLr;
  }

  /** Sets {@link #initialLr()}; schedules call this. */
  public void setInitialLr(double initialLr) {
    this.initialLr = initialLr;
  }

  /** True when the options have a momentum a schedule can cycle (see {@link CyclicMomentum}). */
  public boolean hasCyclicMomentum() {
    return options instanceof CyclicMomentum<?>;
  }

  /** SGD's momentum or Adam's β₁. */
  public double cycledMomentum() {
    return cyclic().cycledMomentum();
  }

  /** Replaces SGD's momentum or Adam's β₁ (what {@code OneCycleLR} does). */
  @SuppressWarnings("unchecked")
  public void setCycledMomentum(double momentum) {
    options = (O) cyclic().withCycledMomentum(momentum);
  }

  private CyclicMomentum<?> cyclic() {
    if (options instanceof CyclicMomentum<?> c) {
      return c;
    }
    throw new IllegalStateException("optimizer must support momentum: " + options.getClass().getName()
        + " has no momentum or betas to cycle");
  }

  /** Sets the group's learning rate (what schedules do). */
  public void setLr(double lr) {
    options = options.withLr(lr);
  }
}
