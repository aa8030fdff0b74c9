package org.sgd4j.cli;

import org.sgd4j.optim.Optimizer;
import org.sgd4j.optim.schedule.CosineAnnealingLR;
import org.sgd4j.optim.schedule.ExponentialLR;
import org.sgd4j.optim.schedule.OneCycleLR;
import org.sgd4j.optim.schedule.ReduceLROnPlateau;
import org.sgd4j.optim.schedule.StepLR;
import org.sgd4j.train.SchedulerStepping;

/**
 * The learning-rate schedules of {@code sgd4j train --lr-schedule}, as {@code torch.optim.lr_scheduler}:
 * <ul>
 *   <li>{@code step:SIZE:GAMMA}: StepLR, lr × GAMMA every SIZE epochs;</li>
 *   <li>{@code exp:GAMMA}: ExponentialLR, lr × GAMMA every epoch;</li>
 *   <li>{@code cosine:T_MAX[:ETA_MIN]}: CosineAnnealingLR over T_MAX epochs;</li>
 *   <li>{@code onecycle:MAX_LR}: OneCycleLR over the whole run, stepped after every batch;</li>
 *   <li>{@code plateau:PATIENCE:FACTOR}: ReduceLROnPlateau on the test loss.</li>
 * </ul>
 */
final class Schedules {
  static final String HELP = "step:SIZE:GAMMA, exp:GAMMA, cosine:T_MAX[:ETA_MIN], onecycle:MAX_LR, plateau:PATIENCE:FACTOR";

  private Schedules() {}

  /** The schedule {@code spec} over {@code optimizer}, for a run of {@code totalSteps} steps. */
  static SchedulerStepping create(String spec, Optimizer<?> optimizer, int totalSteps) {
    String[] p = spec.split(":", -1);
    try {
      switch (p[0]) {
        case "step":
          arity(spec, p, 3, 3);
          atLeast(spec, "SIZE", Integer.parseInt(p[1]), 1);
          positive(spec, "GAMMA", Double.parseDouble(p[2]));
          return SchedulerStepping.perEpoch(new StepLR(optimizer, Integer.parseInt(p[1]), Double.parseDouble(p[2])));
        case "exp":
          arity(spec, p, 2, 2);
          positive(spec, "GAMMA", Double.parseDouble(p[1]));
          return SchedulerStepping.perEpoch(new ExponentialLR(optimizer, Double.parseDouble(p[1])));
        case "cosine":
          arity(spec, p, 2, 3);
          atLeast(spec, "T_MAX", Integer.parseInt(p[1]), 1);
          if (p.length == 3 && !(Double.parseDouble(p[2]) >= 0 && Double.isFinite(Double.parseDouble(p[2])))) {
            throw new UserError("--lr-schedule '" + spec + "': ETA_MIN must be a finite number >= 0, got " + p[2]);
          }
          return SchedulerStepping.perEpoch(new CosineAnnealingLR(optimizer, Integer.parseInt(p[1]),
              p.length == 3 ? Double.parseDouble(p[2]) : 0));
        case "onecycle":
          arity(spec, p, 2, 2);
          positive(spec, "MAX_LR", Double.parseDouble(p[1]));
          return SchedulerStepping.perStep(new OneCycleLR(optimizer, Double.parseDouble(p[1]), totalSteps));
        case "plateau":
          arity(spec, p, 3, 3);
          atLeast(spec, "PATIENCE", Integer.parseInt(p[1]), 0);
          double factor = Double.parseDouble(p[2]);
          if (!(factor > 0 && factor < 1)) {
            throw new UserError("--lr-schedule '" + spec + "': FACTOR must be in (0, 1), got " + p[2]);
          }
          return SchedulerStepping.onPlateau(new ReduceLROnPlateau(optimizer, ReduceLROnPlateau.Mode.MIN,
              Double.parseDouble(p[2]), Integer.parseInt(p[1]), 1e-4, ReduceLROnPlateau.ThresholdMode.REL, 0,
              new double[optimizer.paramGroups().size()], 1e-8));
        default:
          throw new UserError("unknown --lr-schedule '" + spec + "'; known: " + HELP);
      }
    } catch (NumberFormatException e) {
      throw new UserError("invalid number in --lr-schedule '" + spec + "' (" + e.getMessage() + "); forms: " + HELP);
    }
  }

  private static void positive(String spec, String name, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new UserError("--lr-schedule '" + spec + "': " + name + " must be a positive finite number, got " + v);
    }
  }

  private static void atLeast(String spec, String name, int v, int min) {
    if (v < min) {
      throw new UserError("--lr-schedule '" + spec + "': " + name + " must be an integer >= " + min + ", got " + v);
    }
  }

  private static void arity(String spec, String[] p, int min, int max) {
    if (p.length < min || p.length > max) {
      throw new UserError("--lr-schedule '" + spec + "' has " + (p.length - 1) + " value(s); forms: " + HELP);
    }
  }
}
