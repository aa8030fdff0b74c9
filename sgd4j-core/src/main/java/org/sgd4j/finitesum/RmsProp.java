package org.sgd4j.finitesum;

/**
 * RMSprop (Tieleman and Hinton, 2012), as {@code torch.optim.RMSprop} (eps outside the root):
 * {@code v ← α v + (1 − α) g²;  x ← x − lr · g / (√v + eps)}.
 */
public final class RmsProp extends AdaptiveSolver {
  private final double lr;
  private final double alpha;
  private final double eps;
  private double[] v;

  /** RMSprop with {@code lr}, smoothing {@code alpha} (default 0.99), {@code eps} (1e-8), batch size. */
  public RmsProp(double lr, double alpha, double eps, int batchSize) {
    super(batchSize);
    positive("learning rate", lr);
    positive("eps", eps);
    if (!(alpha >= 0 && alpha < 1)) {
      throw new IllegalArgumentException("Invalid alpha value: " + alpha);
    }
    this.lr = lr;
    this.alpha = alpha;
    this.eps = eps;
  }

  @Override
  public String name() {
    return "rmsprop";
  }

  @Override
  protected void reset(int d) {
    v = new double[d];
  }

  @Override
  protected void update(double[] x, double[] g, long t) {
    for (int j = 0; j < x.length; j++) {
      v[j] = alpha * v[j] + (1 - alpha) * g[j] * g[j];
      x[j] -= lr * g[j] / (Math.sqrt(v[j]) + eps);
    }
  }
}
