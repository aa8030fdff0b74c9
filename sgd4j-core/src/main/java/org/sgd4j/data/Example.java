package org.sgd4j.data;

import org.sgd4j.tensor.Tensor;

/**
 * One example of a {@link Dataset}: the input {@code x} and the target {@code y} (for classification
 * a 0-dimensional tensor holding the class index as a float, as PyTorch's targets after collation).
 *
 * @param x the input
 * @param y the target
 */
public record Example(Tensor x, Tensor y) {}
