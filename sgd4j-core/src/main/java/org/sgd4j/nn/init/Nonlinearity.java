package org.sgd4j.nn.init;

/**
 * The nonlinearities {@link Init#calculateGain} knows, with PyTorch's recommended gains
 * ({@code torch.nn.init.calculate_gain}): linear, conv and sigmoid 1; tanh 5/3; relu √2;
 * leaky_relu √(2 / (1 + slope²)); selu 3/4.
 */
public enum Nonlinearity {
  LINEAR,
  CONV1D,
  CONV2D,
  SIGMOID,
  TANH,
  RELU,
  LEAKY_RELU,
  SELU
}
