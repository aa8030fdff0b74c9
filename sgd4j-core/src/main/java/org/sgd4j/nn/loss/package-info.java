/**
 * Loss functions as {@code torch.nn}'s loss modules, with PyTorch's reductions (including the
 * weighted mean of {@link org.sgd4j.nn.loss.NLLLoss} and {@link org.sgd4j.nn.loss.CrossEntropyLoss}),
 * ignore index, label smoothing and class weights.
 */
package org.sgd4j.nn.loss;
