package org.sgd4j.lab.trace;

import java.util.List;
import java.util.Locale;
import org.sgd4j.optim.Adadelta;
import org.sgd4j.optim.Adagrad;
import org.sgd4j.optim.Adam;
import org.sgd4j.optim.AdamW;
import org.sgd4j.optim.LARS;
import org.sgd4j.optim.NAdam;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.optim.RMSprop;
import org.sgd4j.optim.SGD;
import org.sgd4j.optim.Yogi;
import org.sgd4j.tensor.Tensor;

/**
 * The optimizer of a trace, by name, with the hyper-parameters the notes vary:
 * <ul>
 *   <li>{@code gd}: x ← x − η ∇f (torch SGD without momentum);</li>
 *   <li>{@code momentum}: v ← β v + ∇f, x ← x − η v (torch SGD, momentum β, dampening 0);</li>
 *   <li>{@code adagrad}: s ← s + g², x ← x − η g / √(s + ε) (the notes' ε inside the root, ε = 1e-6);</li>
 *   <li>{@code rmsprop}: s ← γ s + (1 − γ) g², x ← x − η g / √(s + ε) (torch's alpha = γ; notes' ε form);</li>
 *   <li>{@code adam}: torch Adam with betas (β1, β2), ε added to √v̂;</li>
 *   <li>the other names of {@code sgd4j train --optimizer}, torch.optim's: {@code sgd} (SGD with
 *       momentum β, 0 by default: gd), {@code adamw}, {@code nadam}, {@code yogi} (betas, ε),
 *       {@code adadelta} (ρ = γ, ε) and {@code lars} (momentum β, ε), with their other options at
 *       PyTorch's defaults.</li>
 * </ul>
 * The notes are d2l.ai chapter 11 ("Optimization Algorithms"), sections gd, momentum, adagrad,
 * rmsprop, adam.
 *
 * @param name one of {@link #NAMES}
 * @param lr the learning rate η
 * @param momentum β of heavy-ball momentum (momentum only)
 * @param gamma the decay γ of RMSProp's average of squares (rmsprop only)
 * @param beta1 Adam's β1
 * @param beta2 Adam's β2
 * @param eps ε
 */
public record TraceMethod(String name, double lr, double momentum, double gamma, double beta1, double beta2, double eps) {
  /** The method names. */
  public static final List<String> NAMES = List.of("gd", "momentum", "sgd", "adagrad", "rmsprop", "adam", "adamw",
      "adadelta", "nadam", "yogi", "lars");

  /** Validates the name and the hyper-parameters. */
  public TraceMethod {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: " + String.join(", ", NAMES));
    }
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("Invalid learning rate: " + lr);
    }
  }

  /** Gradient descent with step η. */
  public static TraceMethod gd(double lr) {
    return new TraceMethod("gd", lr, 0, 0.9, 0.9, 0.999, 1e-6);
  }

  /** Heavy-ball momentum with step η and β. */
  public static TraceMethod momentum(double lr, double beta) {
    return new TraceMethod("momentum", lr, beta, 0.9, 0.9, 0.999, 1e-6);
  }

  /** Adagrad with step η (the notes' ε = 1e-6 inside the root). */
  public static TraceMethod adagrad(double lr) {
    return new TraceMethod("adagrad", lr, 0, 0.9, 0.9, 0.999, 1e-6);
  }

  /** RMSProp with step η and decay γ (the notes' ε = 1e-6 inside the root). */
  public static TraceMethod rmsprop(double lr, double gamma) {
    return new TraceMethod("rmsprop", lr, 0, gamma, 0.9, 0.999, 1e-6);
  }

  /** Adam with step η, β = (0.9, 0.999) and the notes' ε = 1e-6. */
  public static TraceMethod adam(double lr) {
    return new TraceMethod("adam", lr, 0, 0.9, 0.9, 0.999, 1e-6);
  }

  /** The optimizer over {@code params}. */
  public Optimizer<?> create(List<Tensor> params) {
    switch (name) {
      case "gd":
        return new SGD(params, SGD.options().lr(lr).momentum(0));
      case "momentum":
        return new SGD(params, SGD.options().lr(lr).momentum(momentum));
      case "adagrad":
        return new Adagrad(params, Adagrad.options().lr(lr).eps(eps).epsInsideSqrt(true));
      case "rmsprop":
        return new RMSprop(params, RMSprop.options().lr(lr).alpha(gamma).eps(eps).epsInsideSqrt(true));
      case "adam":
        return new Adam(params, Adam.options().lr(lr).betas(beta1, beta2).eps(eps));
      case "sgd":
        return new SGD(params, SGD.options().lr(lr).momentum(momentum));
      case "adamw":
        return new AdamW(params, AdamW.options().lr(lr).betas(beta1, beta2).eps(eps));
      case "nadam":
        return new NAdam(params, NAdam.options().lr(lr).betas(beta1, beta2).eps(eps));
      case "yogi":
        return new Yogi(params, Yogi.options().lr(lr).betas(beta1, beta2).eps(eps));
      case "adadelta":
        return new Adadelta(params, Adadelta.options().lr(lr).rho(gamma).eps(eps));
      case "lars":
        return new LARS(params, LARS.options().lr(lr).momentum(momentum).eps(eps));
      default:
        throw new AssertionError(name);
    }
  }

  /** A short label with the notes' symbols, e.g. {@code momentum η=0.6 β=0.5}. */
  public String label() {
    switch (name) {
      case "momentum":
      case "sgd":
      case "lars":
        return String.format(Locale.ROOT, "%s η=%s β=%s", name, num(lr), num(momentum));
      case "adadelta":
        return String.format(Locale.ROOT, "adadelta η=%s ρ=%s", num(lr), num(gamma));
      case "rmsprop":
        return String.format(Locale.ROOT, "rmsprop η=%s γ=%s", num(lr), num(gamma));
      case "adam":
      case "adamw":
      case "nadam":
      case "yogi":
        return String.format(Locale.ROOT, "%s η=%s β=(%s, %s)", name, num(lr), num(beta1), num(beta2));
      default:
        return name + " η=" + num(lr);
    }
  }

  static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
  }
}
