package org.sgd4j.finitesum;

/**
 * The generic finite sum of a model, a loss and a dataset: {@code f_i(θ) = ℓ(model_θ(x_i), y_i)},
 * given as an {@link ExampleLoss} over a flat parameter vector {@code θ ∈ R^d}, so the solvers of
 * this package also run on small neural networks. Lipschitz constants are not known in general:
 * pass an estimate, or NaN (solvers then need an explicit step).
 */
public final class ModelProblem implements FiniteSum {
  private final String name;
  private final int n;
  private final int d;
  private final ExampleLoss loss;
  private final double lipschitz;

  /** A problem of {@code n} examples over {@code d} parameters; {@code lipschitz} may be NaN. */
  public ModelProblem(String name, int n, int d, ExampleLoss loss, double lipschitz) {
    if (n < 1 || d < 1) {
      throw new IllegalArgumentException("ModelProblem " + name + ": n and d must be positive, got n=" + n + ", d=" + d);
    }
    if (lipschitz <= 0) {
      throw new IllegalArgumentException("ModelProblem " + name + ": Lipschitz estimate must be positive or NaN, got " + lipschitz);
    }
    this.name = name;
    this.n = n;
    this.d = d;
    this.loss = loss;
    this.lipschitz = lipschitz;
  }

  @Override
  public int n() {
    return n;
  }

  @Override
  public int dim() {
    return d;
  }

  @Override
  public double value(int i, double[] x) {
    return loss.lossAndGradient(x, i, new double[d]);
  }

  @Override
  public void gradient(int i, double[] x, double[] out) {
    loss.lossAndGradient(x, i, out);
  }

  @Override
  public double lipschitz(int i) {
    return lipschitz;
  }

  @Override
  public double lipschitz() {
    return lipschitz;
  }

  @Override
  public String name() {
    return name + "(n=" + n + ", d=" + d + ")";
  }
}
