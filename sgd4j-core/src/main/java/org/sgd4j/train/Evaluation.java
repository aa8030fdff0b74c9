package org.sgd4j.train;

/**
 * The result of the test loop of the PyTorch quickstart: {@code avgLoss} is the mean of the
 * per-batch mean losses ({@code test_loss /= num_batches}), {@code accuracy} is
 * {@code correct / size}, where a prediction is the arg-max of the model's output row.
 *
 * @param avgLoss average loss over batches
 * @param correct examples whose arg-max prediction equals the target (0 when not a classification)
 * @param size examples evaluated
 * @param accuracy {@code correct / size}, or NaN when the output is not (N, C) logits for (N) targets
 */
public record Evaluation(double avgLoss, long correct, long size, double accuracy) {}
