package org.sgd4j.finitesum;

/**
 * Adam (Kingma and Ba, ICLR 2015), as {@code torch.optim.Adam}:
 * {@code m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 * x ← x − lr · (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + eps)}.
 */
public final class Adam extends AdaptiveSolver {
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private double[] m;
  private double[] v;

  /** Adam with {@code lr}, {@code betas} (default 0.9, 0.999), {@code eps} (1e-8) and batch size. */
  public Adam(double lr, double beta1, double beta2, double eps, int batchSize) {
    super(batchSize);
    positive("learning rate", lr);
    positive("eps", eps);
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("Invalid beta parameter at index 0: " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("Invalid beta parameter at index 1: " + beta2);
    }
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  @Override
  public String name() {
    return "adam";
  }

  @Override
  protected void reset(int d) {
    m = new double[d];
    v = new double[d];
  }

  @Override
  protected void update(double[] x, double[] g, long t) {
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    for (int j = 0; j < x.length; j++) {
      m[j] = beta1 * m[j] + (1 - beta1) * g[j];
      v[j] = beta2 * v[j] + (1 - beta2) * g[j] * g[j];
      x[j] -= lr * (m[j] / c1) / (Math.sqrt(v[j] / c2) + eps);
    }
  }
}
