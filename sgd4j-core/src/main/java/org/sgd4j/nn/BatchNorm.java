package org.sgd4j.nn;

import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * Batch normalisation (Ioffe and Szegedy, ICML 2015), the common part of {@link BatchNorm1d} and
 * {@link BatchNorm2d}: per channel c (dimension 1),
 * <pre>
 *   y = (x − μ_c) / √(σ²_c + eps) · γ_c + β_c
 * </pre>
 * where in training mode μ and σ² are the mean and biased variance over the batch (and spatial)
 * dimensions, and the running estimates are updated as r ← (1 − momentum)·r + momentum·s with the
 * unbiased variance, as PyTorch does; in evaluation mode the running estimates are used.
 * Parameters "weight" (γ, ones) and "bias" (β, zeros); buffers "running_mean", "running_var",
 * "num_batches_tracked".
 */
public abstract class BatchNorm extends Module {
  private final int numFeatures;
  private final double eps;
  private final double momentum;

  BatchNorm(int numFeatures, double eps, double momentum, boolean affine) {
    if (numFeatures < 1) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be positive, got " + numFeatures);
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be positive, got " + eps);
    }
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": momentum must be in [0, 1], got " + momentum);
    }
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    if (affine) {
      registerParameter("weight", Tensor.ones(numFeatures));
      registerParameter("bias", Tensor.zeros(numFeatures));
    }
    registerBuffer("running_mean", Tensor.zeros(numFeatures));
    registerBuffer("running_var", Tensor.ones(numFeatures));
    registerBuffer("num_batches_tracked", Tensor.scalar(0f));
  }

  /** Throws unless {@code input} has a rank this layer accepts. */
  abstract void checkInput(Tensor input);

  @Override
  public Tensor forward(Tensor input) {
    checkInput(input);
    if (input.size(1) != numFeatures) {
      throw new IllegalArgumentException(getClass().getSimpleName() + "(" + numFeatures + ") got an input with "
          + input.size(1) + " channels (shape " + Shape.format(input.shape()) + ")");
    }
    int[] dims = new int[input.dim() - 1];
    dims[0] = 0;
    for (int d = 2; d < input.dim(); d++) {
      dims[d - 1] = d;
    }
    int[] bshape = new int[input.dim()];
    java.util.Arrays.fill(bshape, 1);
    bshape[1] = numFeatures;
    Tensor mean;
    Tensor var;
    if (isTraining()) {
      int count = input.numel() / numFeatures;
      if (count <= 1) {
        throw new IllegalArgumentException("Expected more than 1 value per channel when training, got input size "
            + Shape.format(input.shape()));
      }
      mean = input.mean(dims, true);
      var = input.sub(mean).square().mean(dims, true);
      try (GradMode.Scope s = GradMode.noGrad()) {
        float m = (float) momentum;
        buffer("running_mean").mul_(1 - m).add_(mean.detach().reshape(numFeatures), m);
        buffer("running_var").mul_(1 - m).add_(var.detach().reshape(numFeatures), m * count / (float) (count - 1));
        buffer("num_batches_tracked").add_(1f);
      }
    } else {
      mean = buffer("running_mean").reshape(bshape);
      var = buffer("running_var").reshape(bshape);
    }
    Tensor y = input.sub(mean).mul(var.add((float) eps).rsqrt());
    Tensor w = parameter("weight");
    if (w != null) {
      y = y.mul(w.reshape(bshape)).add(parameter("bias").reshape(bshape));
    }
    return y;
  }

  /** The running mean (a live buffer). */
  public Tensor runningMean() {
    return buffer("running_mean");
  }

  /** The running (unbiased) variance (a live buffer). */
  public Tensor runningVar() {
    return buffer("running_var");
  }

  @Override
  protected String extraRepr() {
    return numFeatures + ", eps=" + formatEps(eps) + ", momentum=" + momentum + ", affine=" + pyBool(parameter("weight") != null)
        + ", track_running_stats=True";
  }

  private static String formatEps(double eps) {
    return eps == 1e-5 ? "1e-05" : Double.toString(eps);
  }
}
