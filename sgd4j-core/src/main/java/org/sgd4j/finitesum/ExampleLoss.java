package org.sgd4j.finitesum;

/**
 * The loss of a model on one example as a function of its flat parameter vector: the building
 * block of {@link ModelProblem}. Typically a forward and backward pass of a small network (for
 * example written with {@code org.sgd4j.autograd.Autograd.grad}) on example {@code i}.
 */
@FunctionalInterface
public interface ExampleLoss {

  /**
   * Returns the loss {@code f_i(params)} and writes {@code ∇f_i(params)} into {@code gradOut}
   * (length {@code d}, overwritten).
   */
  double lossAndGradient(double[] params, int i, double[] gradOut);
}
