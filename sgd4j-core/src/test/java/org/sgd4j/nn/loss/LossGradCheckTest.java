package org.sgd4j.nn.loss;

import org.junit.jupiter.api.Test;
import org.sgd4j.autograd.GradCheck;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * Finite-difference gradient checks of the losses {@code sgd4j train --loss} offers, with respect
 * to the input (and to the target where PyTorch differentiates it), away from the kinks of L1,
 * Huber and smooth L1 (|x − y| kept at least 0.1 from 0, δ and β).
 */
class LossGradCheckTest {
  private static final GradCheck CHECK = GradCheck.defaults();

  /** (4, 3) values whose differences to {@code target} stay 0.1 away from 0, ±0.5 and ±1. */
  private static Tensor awayFromKinks(Tensor target) {
    float[] t = target.toArray();
    float[] x = new float[t.length];
    float[] offsets = {-1.7f, -0.75f, -0.3f, 0.3f, 0.75f, 1.7f};
    for (int i = 0; i < x.length; i++) {
      x[i] = t[i] + offsets[i % offsets.length];
    }
    return Tensor.wrap(x, target.shape());
  }

  @Test
  void regressionLosses() {
    Rng rng = new Rng(7);
    Tensor y = Tensor.randn(rng, 4, 3);
    Tensor x = awayFromKinks(y);
    for (Loss loss : new Loss[] {new MSELoss(), new L1Loss(), new HuberLoss(), new HuberLoss(Reduction.SUM, 0.5f),
        new SmoothL1Loss(), new SmoothL1Loss(Reduction.MEAN, 0.5f)}) {
      CHECK.check(in -> loss.apply(in[0], y), x);
    }
    // MSE and the smooth losses also differentiate the target, as in PyTorch
    for (Loss loss : new Loss[] {new MSELoss(), new HuberLoss(), new SmoothL1Loss()}) {
      CHECK.check(in -> loss.apply(x, in[0]), y);
    }
  }

  @Test
  void classificationLosses() {
    Rng rng = new Rng(11);
    Tensor logits = Tensor.randn(rng, 5, 4);
    Tensor labels = Tensor.wrap(new float[] {0, 3, 1, 2, 3}, 5);
    CHECK.check(in -> new CrossEntropyLoss().apply(in[0], labels), logits);
    CHECK.check(in -> new CrossEntropyLoss().withLabelSmoothing(0.1f).apply(in[0], labels), logits);
    CHECK.check(in -> new NLLLoss().apply(in[0].logSoftmax(1), labels), logits);
    Tensor binary = Tensor.wrap(new float[] {0, 1, 1, 0, 1}, 5);
    Tensor z = Tensor.randn(rng, 5);
    CHECK.check(in -> new BCEWithLogitsLoss().apply(in[0], binary), z);
  }
}
