package org.sgd4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
 * The optimizers of {@code sgd4j train --optimizer}, from the hyper-parameter flags. A flag that the
 * chosen optimizer does not have is refused, naming the ones it has; a flag that is absent keeps
 * the optimizer's default (PyTorch's; for {@code sgd}, lr 1e-3 and the notes' momentum 0.5). The options are built (and so
 * validated, with PyTorch's messages) before any data is loaded.
 */
final class Optimizers {
  static final Map<String, Set<String>> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("sgd", Set.of("--lr", "--momentum", "--dampening", "--weight-decay", "--nesterov"));
    FLAGS.put("adam", Set.of("--lr", "--beta1", "--beta2", "--eps", "--weight-decay", "--amsgrad"));
    FLAGS.put("adamw", Set.of("--lr", "--beta1", "--beta2", "--eps", "--weight-decay", "--amsgrad"));
    FLAGS.put("rmsprop", Set.of("--lr", "--alpha", "--eps", "--weight-decay", "--momentum", "--centered"));
    FLAGS.put("adagrad", Set.of("--lr", "--eps", "--weight-decay"));
    FLAGS.put("adadelta", Set.of("--lr", "--rho", "--eps", "--weight-decay"));
    FLAGS.put("nadam", Set.of("--lr", "--beta1", "--beta2", "--eps", "--weight-decay"));
    FLAGS.put("yogi", Set.of("--lr", "--beta1", "--beta2", "--eps", "--weight-decay"));
    FLAGS.put("lars", Set.of("--lr", "--momentum", "--weight-decay", "--eps"));
  }

  /** The hyper-parameter flags as given (null: not given). */
  record Flags(Double lr, Double momentum, Double dampening, Double weightDecay, Boolean nesterov, Double beta1,
      Double beta2, Double eps, Boolean amsgrad, Double alpha, Boolean centered, Double rho) {
    Map<String, Object> given() {
      Map<String, Object> m = new LinkedHashMap<>();
      put(m, "--lr", lr);
      put(m, "--momentum", momentum);
      put(m, "--dampening", dampening);
      put(m, "--weight-decay", weightDecay);
      put(m, "--nesterov", nesterov);
      put(m, "--beta1", beta1);
      put(m, "--beta2", beta2);
      put(m, "--eps", eps);
      put(m, "--amsgrad", amsgrad);
      put(m, "--alpha", alpha);
      put(m, "--centered", centered);
      put(m, "--rho", rho);
      return m;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
      if (v != null) {
        m.put(k, v);
      }
    }
  }

  private Optimizers() {}

  /** A factory of the optimizer {@code name} over a model's parameters; options checked now. */
  static Function<List<Tensor>, Optimizer<?>> factory(String name, Flags f) {
    Set<String> allowed = FLAGS.get(name);
    if (allowed == null) {
      throw new UserError("unknown optimizer '" + name + "'; known: " + String.join(", ", FLAGS.keySet()));
    }
    for (String flag : f.given().keySet()) {
      if (!allowed.contains(flag)) {
        throw new UserError(flag + " is not an option of " + name + " (its options: "
            + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
    switch (name) {
      case "sgd": {
        SGD.Options b = SGD.options().withMomentum(0.5); // the notes' first training script
        b = with(b, f.lr(), SGD.Options::withLr);
        b = with(b, f.momentum(), SGD.Options::withMomentum);
        b = with(b, f.dampening(), SGD.Options::withDampening);
        b = with(b, f.weightDecay(), SGD.Options::withWeightDecay);
        b = with(b, f.nesterov(), SGD.Options::withNesterov);
        SGD.Options o = b;
        return p -> new SGD(p, o);
      }
      case "adam": {
        Adam.Options b = Adam.options();
        b = with(b, f.lr(), Adam.Options::withLr);
        b = b.withBetas(or(f.beta1(), b.beta1()), or(f.beta2(), b.beta2()));
        b = with(b, f.eps(), Adam.Options::withEps);
        b = with(b, f.weightDecay(), Adam.Options::withWeightDecay);
        b = with(b, f.amsgrad(), Adam.Options::withAmsgrad);
        Adam.Options o = b;
        return p -> new Adam(p, o);
      }
      case "adamw": {
        AdamW.Options b = AdamW.options();
        b = with(b, f.lr(), AdamW.Options::withLr);
        b = b.withBetas(or(f.beta1(), b.beta1()), or(f.beta2(), b.beta2()));
        b = with(b, f.eps(), AdamW.Options::withEps);
        b = with(b, f.weightDecay(), AdamW.Options::withWeightDecay);
        b = with(b, f.amsgrad(), AdamW.Options::withAmsgrad);
        AdamW.Options o = b;
        return p -> new AdamW(p, o);
      }
      case "rmsprop": {
        RMSprop.Options b = RMSprop.options();
        b = with(b, f.lr(), RMSprop.Options::withLr);
        b = with(b, f.alpha(), RMSprop.Options::withAlpha);
        b = with(b, f.eps(), RMSprop.Options::withEps);
        b = with(b, f.weightDecay(), RMSprop.Options::withWeightDecay);
        b = with(b, f.momentum(), RMSprop.Options::withMomentum);
        b = with(b, f.centered(), RMSprop.Options::withCentered);
        RMSprop.Options o = b;
        return p -> new RMSprop(p, o);
      }
      case "adagrad": {
        Adagrad.Options b = Adagrad.options();
        b = with(b, f.lr(), Adagrad.Options::withLr);
        b = with(b, f.eps(), Adagrad.Options::withEps);
        b = with(b, f.weightDecay(), Adagrad.Options::withWeightDecay);
        Adagrad.Options o = b;
        return p -> new Adagrad(p, o);
      }
      case "adadelta": {
        Adadelta.Options b = Adadelta.options();
        b = with(b, f.lr(), Adadelta.Options::withLr);
        b = with(b, f.rho(), Adadelta.Options::withRho);
        b = with(b, f.eps(), Adadelta.Options::withEps);
        b = with(b, f.weightDecay(), Adadelta.Options::withWeightDecay);
        Adadelta.Options o = b;
        return p -> new Adadelta(p, o);
      }
      case "nadam": {
        NAdam.Options b = NAdam.options();
        b = with(b, f.lr(), NAdam.Options::withLr);
        b = b.withBetas(or(f.beta1(), b.beta1()), or(f.beta2(), b.beta2()));
        b = with(b, f.eps(), NAdam.Options::withEps);
        b = with(b, f.weightDecay(), NAdam.Options::withWeightDecay);
        NAdam.Options o = b;
        return p -> new NAdam(p, o);
      }
      case "yogi": {
        Yogi.Options b = Yogi.options();
        b = with(b, f.lr(), Yogi.Options::withLr);
        b = b.withBetas(or(f.beta1(), b.beta1()), or(f.beta2(), b.beta2()));
        b = with(b, f.eps(), Yogi.Options::withEps);
        b = with(b, f.weightDecay(), Yogi.Options::withWeightDecay);
        Yogi.Options o = b;
        return p -> new Yogi(p, o);
      }
      case "lars": {
        LARS.Options b = LARS.options();
        b = with(b, f.lr(), LARS.Options::withLr);
        b = with(b, f.momentum(), LARS.Options::withMomentum);
        b = with(b, f.eps(), LARS.Options::withEps);
        b = with(b, f.weightDecay(), LARS.Options::withWeightDecay);
        LARS.Options o = b;
        return p -> new LARS(p, o);
      }
      default:
        throw new AssertionError(name);
    }
  }

  /** {@code options} with one option replaced by {@code value}, unless the flag was not given (null). */
  private static <O, T> O with(O options, T value, java.util.function.BiFunction<O, T, O> wither) {
    return value == null ? options : wither.apply(options, value);
  }

  private static double or(Double v, double orElse) {
    return v != null ? v : orElse;
  }

}
