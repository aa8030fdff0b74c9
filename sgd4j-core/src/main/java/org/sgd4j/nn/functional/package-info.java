/**
 * The differentiable operations behind the layers, as {@code torch.nn.functional}: the fused affine
 * map, activations, convolution (im2col + SGEMM), pooling, padding, and the notes' signal-processing
 * convolutions. Each op computes its forward on raw arrays and records its backward beside it.
 */
package org.sgd4j.nn.functional;
