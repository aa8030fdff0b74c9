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
        SGD.Options.Builder b = SGD.options().momentum(0.5); // the notes' first training script
        set(f.lr(), b::lr);
        set(f.momentum(), b::momentum);
        set(f.dampening(), b::dampening);
        set(f.weightDecay(), b::weightDecay);
        set(f.nesterov(), b::nesterov);
        SGD.Options o = b.build();
        return p -> new SGD(p, o);
      }
      case "adam": {
        Adam.Options.Builder b = Adam.options();
        set(f.lr(), b::lr);
        b.betas(or(f.beta1(), b.build().beta1()), or(f.beta2(), b.build().beta2()));
        set(f.eps(), b::eps);
        set(f.weightDecay(), b::weightDecay);
        set(f.amsgrad(), b::amsgrad);
        Adam.Options o = b.build();
        return p -> new Adam(p, o);
      }
      case "adamw": {
        AdamW.Options.Builder b = AdamW.options();
        set(f.lr(), b::lr);
        b.betas(or(f.beta1(), b.build().beta1()), or(f.beta2(), b.build().beta2()));
        set(f.eps(), b::eps);
        set(f.weightDecay(), b::weightDecay);
        set(f.amsgrad(), b::amsgrad);
        AdamW.Options o = b.build();
        return p -> new AdamW(p, o);
      }
      case "rmsprop": {
        RMSprop.Options.Builder b = RMSprop.options();
        set(f.lr(), b::lr);
        set(f.alpha(), b::alpha);
        set(f.eps(), b::eps);
        set(f.weightDecay(), b::weightDecay);
        set(f.momentum(), b::momentum);
        set(f.centered(), b::centered);
        RMSprop.Options o = b.build();
        return p -> new RMSprop(p, o);
      }
      case "adagrad": {
        Adagrad.Options.Builder b = Adagrad.options();
        set(f.lr(), b::lr);
        set(f.eps(), b::eps);
        set(f.weightDecay(), b::weightDecay);
        Adagrad.Options o = b.build();
        return p -> new Adagrad(p, o);
      }
      case "adadelta": {
        Adadelta.Options.Builder b = Adadelta.options();
        set(f.lr(), b::lr);
        set(f.rho(), b::rho);
        set(f.eps(), b::eps);
        set(f.weightDecay(), b::weightDecay);
        Adadelta.Options o = b.build();
        return p -> new Adadelta(p, o);
      }
      case "nadam": {
        NAdam.Options.Builder b = NAdam.options();
        set(f.lr(), b::lr);
        b.betas(or(f.beta1(), b.build().beta1()), or(f.beta2(), b.build().beta2()));
        set(f.eps(), b::eps);
        set(f.weightDecay(), b::weightDecay);
        NAdam.Options o = b.build();
        return p -> new NAdam(p, o);
      }
      case "yogi": {
        Yogi.Options.Builder b = Yogi.options();
        set(f.lr(), b::lr);
        b.betas(or(f.beta1(), b.build().beta1()), or(f.beta2(), b.build().beta2()));
        set(f.eps(), b::eps);
        set(f.weightDecay(), b::weightDecay);
        Yogi.Options o = b.build();
        return p -> new Yogi(p, o);
      }
      case "lars": {
        LARS.Options.Builder b = LARS.options();
        set(f.lr(), b::lr);
        set(f.momentum(), b::momentum);
        set(f.eps(), b::eps);
        set(f.weightDecay(), b::weightDecay);
        LARS.Options o = b.build();
        return p -> new LARS(p, o);
      }
      default:
        throw new AssertionError(name);
    }
  }

  private static <T> void set(T value, java.util.function.Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  private static double or(Double v, double orElse) {
    return v != null ? v : orElse;
  }

}
