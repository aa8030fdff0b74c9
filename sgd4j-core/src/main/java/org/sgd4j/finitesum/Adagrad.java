package org.sgd4j.finitesum;

/**
 * Adagrad (Duchi, Hazan and Singer, JMLR 2011), as {@code torch.optim.Adagrad} without decay:
 * {@code s ← s + g²;  x ← x − lr · g / (√s + eps)}.
 */
public final class Adagrad extends AdaptiveSolver {
  private final double lr;
  private final double eps;
  private double[] sum;

  /** Adagrad with {@code lr}, {@code eps} (PyTorch default 1e-10) and batch size. */
  public Adagrad(double lr, double eps, int batchSize) {
    super(batchSize);
    positive("learning rate", lr);
    positive("eps", eps);
    this.lr = lr;
    this.eps = eps;
  }

  @Override
  public String name() {
    return "adagrad";
  }

  @Override
  protected void reset(int d) {
    sum = new double[d];
  }

  @Override
  protected void update(double[] x, double[] g, long t) {
    for (int j = 0; j < x.length; j++) {
      sum[j] += g[j] * g[j];
      x[j] -= lr * g[j] / (Math.sqrt(sum[j]) + eps);
    }
  }
}
