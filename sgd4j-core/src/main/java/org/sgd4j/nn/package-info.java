/**
 * Neural-network layers shaped like {@code torch.nn}: {@link org.sgd4j.nn.Module} (parameters,
 * buffers, children, PyTorch-style names and state dicts), {@link org.sgd4j.nn.Sequential},
 * {@link org.sgd4j.nn.Linear}, {@link org.sgd4j.nn.Conv1d}, {@link org.sgd4j.nn.Conv2d}, pooling,
 * activations, {@link org.sgd4j.nn.Dropout}, batch normalisation, {@link org.sgd4j.nn.Residual}
 * blocks and {@link org.sgd4j.nn.Checkpointed} (gradient checkpointing). Parameters are plain leaf
 * tensors that require grad; defaults, names and printing follow PyTorch so that a PyTorch model and
 * its sgd4j twin give the same numbers from the same state dict.
 */
package org.sgd4j.nn;
