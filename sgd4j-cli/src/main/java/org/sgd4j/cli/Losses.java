package org.sgd4j.cli;

import java.util.List;
import org.sgd4j.nn.loss.BCEWithLogitsLoss;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.nn.loss.HuberLoss;
import org.sgd4j.nn.loss.L1Loss;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.nn.loss.MSELoss;
import org.sgd4j.nn.loss.NLLLoss;
import org.sgd4j.nn.loss.Reduction;
import org.sgd4j.nn.loss.SmoothL1Loss;

/**
 * The losses of {@code sgd4j train --loss}, torch.nn's with the mean reduction, and what each needs
 * of the model and the targets:
 * <ul>
 *   <li>{@code cross-entropy} ({@code --label-smoothing ε}) and {@code nll} (whose model ends with
 *       {@code logsoftmax}): class labels, one output per class;</li>
 *   <li>{@code bce-with-logits}: two classes (0/1 or ±1 labels, read as 0/1), one logit per example;</li>
 *   <li>{@code mse}, {@code l1}, {@code huber} ({@code --huber-delta δ}), {@code smooth-l1}
 *       ({@code --smooth-l1-beta β}): one number per example against the target value.</li>
 * </ul>
 * Without {@code --loss}: cross-entropy for class labels, MSE for real-number targets.
 *
 * @param name the loss's name on the command line
 * @param loss the loss
 * @param classIndices whether the model gives one output per class for class-index targets
 * @param binary whether the targets must be two classes, as 0 and 1
 */
record Losses(String name, Loss loss, boolean classIndices, boolean binary) {
  static final List<String> NAMES = List.of("cross-entropy", "nll", "bce-with-logits", "mse", "l1", "huber",
      "smooth-l1");

  /** The loss's own flags as given (null: not given). */
  record Flags(Double labelSmoothing, Double huberDelta, Double smoothL1Beta) {}

  /** Refuses an unknown name, or a flag of another loss, before any data is loaded. */
  static void check(String name, Flags f) {
    if (name != null && !NAMES.contains(name)) {
      throw new UserError("unknown loss '" + name + "'; known: " + String.join(", ", NAMES));
    }
    String shown = name == null ? "the default loss" : name;
    if (f.labelSmoothing() != null && !"cross-entropy".equals(name)) {
      throw new UserError("--label-smoothing is an option of --loss cross-entropy, not of " + shown);
    }
    if (f.huberDelta() != null && !"huber".equals(name)) {
      throw new UserError("--huber-delta is an option of --loss huber, not of " + shown);
    }
    if (f.smoothL1Beta() != null && !"smooth-l1".equals(name)) {
      throw new UserError("--smooth-l1-beta is an option of --loss smooth-l1, not of " + shown);
    }
    if (f.labelSmoothing() != null && !(f.labelSmoothing() >= 0 && f.labelSmoothing() <= 1)) {
      throw new UserError("--label-smoothing must be between 0 and 1, got " + f.labelSmoothing());
    }
    if (f.huberDelta() != null && !(f.huberDelta() > 0 && f.huberDelta() < Double.POSITIVE_INFINITY)) {
      throw new UserError("--huber-delta must be positive, got " + f.huberDelta());
    }
    if (f.smoothL1Beta() != null && !(f.smoothL1Beta() >= 0 && f.smoothL1Beta() < Double.POSITIVE_INFINITY)) {
      throw new UserError("--smooth-l1-beta must be >= 0, got " + f.smoothL1Beta());
    }
  }

  /**
   * The loss {@code name} (null: the task's default) for targets that are class labels
   * ({@code classes} of them) or real numbers ({@code classes == 0}).
   */
  static Losses of(String name, Flags f, int classes) {
    check(name, f);
    boolean labels = classes > 0;
    String n = name != null ? name : labels ? "cross-entropy" : "mse";
    switch (n) {
      case "cross-entropy":
      case "nll":
        if (!labels) {
          throw new UserError("--loss " + n + " needs class labels, but the dataset's targets are real numbers");
        }
        return new Losses(n, n.equals("nll") ? new NLLLoss()
            : new CrossEntropyLoss().withLabelSmoothing(f.labelSmoothing() == null ? 0f
                : f.labelSmoothing().floatValue()), true, false);
      case "bce-with-logits":
        if (!labels || classes > 2) {
          throw new UserError("--loss bce-with-logits needs two classes (labels 0/1 or -1/+1), but the dataset has "
              + (labels ? classes + " classes" : "real-number targets"));
        }
        return new Losses(n, new BCEWithLogitsLoss(), false, true);
      case "mse":
        return new Losses(n, new MSELoss(), false, false);
      case "l1":
        return new Losses(n, new L1Loss(), false, false);
      case "huber":
        return new Losses(n, new HuberLoss(Reduction.MEAN, f.huberDelta() == null ? 1f
            : f.huberDelta().floatValue()), false, false);
      case "smooth-l1":
        return new Losses(n, new SmoothL1Loss(Reduction.MEAN, f.smoothL1Beta() == null ? 1f
            : f.smoothL1Beta().floatValue()), false, false);
      default:
        throw new AssertionError(n);
    }
  }

  /** Whether the model gives one number per example (squeezed from (N, 1) to (N)). */
  boolean oneOutput() {
    return !classIndices;
  }
}
