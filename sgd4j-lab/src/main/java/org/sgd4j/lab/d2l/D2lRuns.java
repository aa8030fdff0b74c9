package org.sgd4j.lab.d2l;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sgd4j.optim.Adadelta;
import org.sgd4j.optim.Adagrad;
import org.sgd4j.optim.Adam;
import org.sgd4j.optim.RMSprop;
import org.sgd4j.optim.SGD;

/**
 * The chapter's airfoil runs (d2l.ai 11.5–11.10), with the settings its code uses. Scratch runs train
 * for 2 epochs at batch 10 unless they say otherwise; concise runs for 4 epochs at batch 10.
 */
public final class D2lRuns {
  /** The sections, in the chapter's order, and the title of each one's figure. */
  public static final Map<String, String> SECTIONS = sections();

  private static final List<D2lRun> ALL = List.of(
      D2lRun.scratch("gd", "minibatch", "SGD, lr 1, batch 1,500, 10 epochs", 1500, 10, p -> new SgdRule(1)),
      D2lRun.scratch("sgd", "minibatch", "SGD, lr 0.005, batch 1, 5 epochs", 1, 5, p -> new SgdRule(0.005)),
      D2lRun.scratch("minibatch-100", "minibatch", "SGD, lr 0.4, batch 100", 100, 2, p -> new SgdRule(0.4)),
      D2lRun.scratch("minibatch-10", "minibatch", "SGD, lr 0.05", 10, 2, p -> new SgdRule(0.05)),
      D2lRun.scratch("momentum-0.02-0.5", "momentum", "momentum, lr 0.02, β 0.5", 10, 2,
          p -> new MomentumRule(p, 0.02, 0.5)),
      D2lRun.scratch("momentum-0.01-0.9", "momentum", "momentum, lr 0.01, β 0.9", 10, 2,
          p -> new MomentumRule(p, 0.01, 0.9)),
      D2lRun.scratch("momentum-0.005-0.9", "momentum", "momentum, lr 0.005, β 0.9", 10, 2,
          p -> new MomentumRule(p, 0.005, 0.9)),
      D2lRun.scratch("adagrad", "adagrad", "Adagrad, lr 0.1, ε 1e-6", 10, 2, p -> new AdagradRule(p, 0.1)),
      D2lRun.scratch("rmsprop", "rmsprop", "RMSProp, lr 0.01, γ 0.9, ε 1e-6", 10, 2, p -> new RmsPropRule(p, 0.01, 0.9)),
      D2lRun.scratch("adadelta", "adadelta", "Adadelta, ρ 0.9, ε 1e-5", 10, 2, p -> new AdadeltaRule(p, 0.9)),
      D2lRun.scratch("adam", "adam", "Adam, lr 0.01, β 0.9/0.999, ε 1e-6", 10, 2, p -> new AdamRule(p, 0.01)),
      D2lRun.scratch("yogi", "adam", "Yogi, lr 0.01, β 0.9/0.999, ε 1e-3", 10, 2, p -> new YogiRule(p, 0.01)),
      D2lRun.concise("concise-sgd", "SGD(lr=0.05)", "minibatch-10", p -> new SGD(p, SGD.options().lr(0.05))),
      D2lRun.concise("concise-momentum", "SGD(lr=0.005, momentum=0.9)", "momentum-0.005-0.9",
          p -> new SGD(p, SGD.options().lr(0.005).momentum(0.9))),
      D2lRun.concise("concise-adagrad", "Adagrad(lr=0.1)", "adagrad", p -> new Adagrad(p, Adagrad.options().lr(0.1))),
      D2lRun.concise("concise-rmsprop", "RMSprop(lr=0.01, alpha=0.9)", "rmsprop",
          p -> new RMSprop(p, RMSprop.options().lr(0.01).alpha(0.9))),
      D2lRun.concise("concise-adadelta", "Adadelta(rho=0.9)", "adadelta",
          p -> new Adadelta(p, Adadelta.options().rho(0.9))),
      D2lRun.concise("concise-adam", "Adam(lr=0.01)", "adam", p -> new Adam(p, Adam.options().lr(0.01))));

  private D2lRuns() {}

  private static Map<String, String> sections() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("minibatch", "Minibatch SGD (d2l 11.5): GD, SGD, batches of 100 and 10");
    m.put("momentum", "Momentum (d2l 11.6)");
    m.put("adagrad", "Adagrad (d2l 11.7)");
    m.put("rmsprop", "RMSProp (d2l 11.8)");
    m.put("adadelta", "Adadelta (d2l 11.9)");
    m.put("adam", "Adam and Yogi (d2l 11.10)");
    m.put("concise", "Concise runs with sgd4j's optimizers against the scratch rules");
    return Collections.unmodifiableMap(m);
  }

  /** Every run, in the chapter's order. */
  public static List<D2lRun> all() {
    return ALL;
  }

  /** The names of every run, in order. */
  public static List<String> names() {
    return ALL.stream().map(D2lRun::name).toList();
  }

  /** The run called {@code name}. */
  public static Optional<D2lRun> named(String name) {
    return ALL.stream().filter(r -> r.name().equals(name)).findFirst();
  }
}
