package org.sgd4j.nn;

import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/**
 * {@code torch.nn.Dropout} (Srivastava et al., JMLR 2014, in the "inverted" form): in training mode each
 * element is zeroed with probability p and the survivors are scaled by 1/(1 − p), so the expected
 * output equals the input; in evaluation mode it is the identity. The masks come from the layer's
 * own {@link Rng}, so a seeded run draws the same masks every time.
 */
public final class Dropout extends Module {
  private final double p;
  private final Rng rng;

  /** Drop probability {@code p}, masks from {@code rng}. */
  public Dropout(double p, Rng rng) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
    }
    this.p = p;
    this.rng = rng;
  }

  /** Drop probability {@code p}, masks from a generator split off this thread's {@link DefaultRng}. */
  public Dropout(double p) {
    this(p, DefaultRng.get().split());
  }

  /** p = 0.5. */
  public Dropout() {
    this(0.5);
  }

  /** The generator of the masks (for checkpointing, which replays the same masks when it recomputes). */
  Rng rng() {
    return rng;
  }

  @Override
  public Tensor forward(Tensor input) {
    if (!isTraining() || p == 0) {
      return input;
    }
    float[] mask = new float[input.numel()];
    float scale = p == 1 ? 0f : (float) (1 / (1 - p));
    for (int i = 0; i < mask.length; i++) {
      mask[i] = rng.nextDouble() < p ? 0f : scale;
    }
    return input.mul(Tensor.wrap(mask, input.shape()));
  }

  @Override
  protected String extraRepr() {
    return "p=" + p + ", inplace=False";
  }
}
