package org.sgd4j.lab.d2l;

import java.util.List;
import java.util.function.Function;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.init.Init;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * One run of the chapter: its name, the section it belongs to, its settings in words, the mini-batch
 * size and epochs, and how to make its {@link Learner}. A scratch run starts from w ~ N(0, 0.01²), b = 0
 * and trains with a from-scratch {@link UpdateRule}; a concise run is {@code Linear(5, 1)} with its
 * weight ~ N(0, 0.01²), its bias as Linear initialises it (U(−1/√5, 1/√5)), and an sgd4j optimizer.
 *
 * @param name the run's name on the command line, e.g. {@code momentum-0.01-0.9}
 * @param section the chapter section whose figure the run belongs to ({@link D2lRuns#SECTIONS})
 * @param settings the settings in words, for the report
 * @param batchSize examples per update
 * @param epochs passes over the data
 * @param counterpart for a concise run, the scratch run it is drawn against; null otherwise
 */
public record D2lRun(String name, String section, String settings, int batchSize, int epochs, String counterpart,
    Function<List<Tensor>, UpdateRule> rule, Function<List<Tensor>, Optimizer<?>> optimizer) {
  /** The standard deviation of the initial weights. */
  public static final double INIT_STD = 0.01;

  /** A scratch run with the chapter's {@code rule}. */
  public static D2lRun scratch(String name, String section, String settings, int batchSize, int epochs,
      Function<List<Tensor>, UpdateRule> rule) {
    return new D2lRun(name, section, settings, batchSize, epochs, null, rule, null);
  }

  /** A concise run (batch 10, 4 epochs) with an sgd4j {@code optimizer}, drawn against {@code counterpart}. */
  public static D2lRun concise(String name, String settings, String counterpart,
      Function<List<Tensor>, Optimizer<?>> optimizer) {
    return new D2lRun(name, "concise", settings, 10, 4, counterpart, null, optimizer);
  }

  /** Whether the run uses an sgd4j optimizer rather than a from-scratch rule. */
  public boolean isConcise() {
    return optimizer != null;
  }

  /** A learner initialised at random from {@code rng}, as the chapter initialises it. */
  public Learner learner(Rng rng) {
    if (isConcise()) {
      Linear linear = new Linear(AirfoilProblem.FEATURES, 1, rng);
      Init.normal_(linear.weight(), 0, INIT_STD, rng);
      return new ConciseLearner(linear, optimizer);
    }
    Tensor w = Init.normal_(Tensor.zeros(AirfoilProblem.FEATURES), 0, INIT_STD, rng);
    return new ScratchLearner(w.toArray(), 0f, rule);
  }

  /** A learner starting from the given w (5 values) and b. */
  public Learner learner(float[] w, float b) {
    if (w.length != AirfoilProblem.FEATURES) {
      throw new IllegalArgumentException("D2lRun.learner: w needs " + AirfoilProblem.FEATURES + " values, got " + w.length);
    }
    if (isConcise()) {
      Linear linear = new Linear(AirfoilProblem.FEATURES, 1, new Rng(0));
      try (var scope = GradMode.noGrad()) {
        linear.weight().copy_(Tensor.of(w, 1, AirfoilProblem.FEATURES));
        linear.bias().fill_(b);
      }
      return new ConciseLearner(linear, optimizer);
    }
    return new ScratchLearner(w, b, rule);
  }
}
